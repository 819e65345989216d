package main

import "strings"

// Inflected place names. Polish town names change with case ("w
// Krakowie", "z Poznania"), German ones take a genitive -s ("Münchens").
// The rules cover the regular endings of Polish town names; irregular
// forms (Łódź -> Łodzi) and the Polish cases of countries are listed in
// extra_places.txt by hand.

// polishEndings: ending, genitive ending, locative ending.
var polishEndings = []struct{ end, gen, loc string }{
	{"ów", "owa", "owie"},  // Kraków, Tarnów, Rzeszów
	{"sk", "ska", "sku"},   // Gdańsk, Słupsk
	{"ck", "cka", "cku"},   // Płock
	{"ń", "nia", "niu"},    // Poznań, Toruń
	{"aw", "awia", "awiu"}, // Wrocław
	{"in", "ina", "inie"},  // Lublin, Szczecin
	{"yn", "yna", "ynie"},  // Olsztyn
	{"wa", "wy", "wie"},    // Warszawa, Częstochowa
	{"ce", "c", "cach"},    // Katowice, Gliwice, Kielce
	{"ąg", "ąga", "ągu"},   // Elbląg
	{"ica", "icy", "icy"},  // Legnica
	{"om", "omia", "omiu"}, // Bytom
}

// polishForms returns the genitive and locative of a one-word Polish town
// name with a regular ending, or nil.
func polishForms(name string) []string {
	if strings.ContainsAny(name, " -") {
		return nil
	}
	for _, r := range polishEndings {
		if strings.HasSuffix(name, r.end) {
			stem := strings.TrimSuffix(name, r.end)
			return []string{stem + r.gen, stem + r.loc}
		}
	}
	return nil
}

// germanGenitive returns "Münchens" for "München"; names ending in s, x,
// z or ß keep their form, and "" says so.
func germanGenitive(name string) string {
	if strings.ContainsAny(name, " -") || strings.HasSuffix(name, "s") || strings.HasSuffix(name, "x") ||
		strings.HasSuffix(name, "z") || strings.HasSuffix(name, "ß") {
		return ""
	}
	return name + "s"
}
