package pii

import (
	"math/rand/v2"
	"regexp"
)

// Vehicle plates and register numbers whose shapes the run scanner cannot
// offer (a three-letter district first, letters last, "HRB 12345"): a
// label word starts a parser that reads the value after it. Plates have
// no check, so each needs its label.

var plateShapes = []struct {
	typ string
	re  *regexp.Regexp
}{
	// Germany: district 1-3 letters, 1-2 letters, 1-4 digits, E (electric)
	// or H (historic).
	{"licence_plate_de", regexp.MustCompile(`^[A-Z]{1,3}[- ][A-Z]{1,2}[ -]?[1-9][0-9]{0,3}[EH]?$`)},
	// Great Britain: current (AB12 CDE), prefix (A123 BCD), suffix (ABC 123D).
	{"vehicle_registration_uk", regexp.MustCompile(`^([A-Z]{2}[0-9]{2} ?[A-Z]{3}|[A-Z][0-9]{1,3} ?[A-Z]{3}|[A-Z]{3} ?[0-9]{1,3}[A-Z])$`)},
	// Nigeria: local government code, three digits, two letters.
	{"licence_plate_ng", regexp.MustCompile(`^[A-Z]{3}[- ]?[0-9]{3}[- ]?[A-Z]{2}$`)},
}

// plate reads the value after a plate label and reports it as the first
// plate shape it fits, trying the longest reading first.
func (s *scanner) plate(_, j int) {
	t := s.text
	v := s.valueAfter(j)
	if v < 0 {
		return
	}
	// Ends of readings: after each group of upper-case letters and digits
	// joined by single spaces or hyphens.
	var ends []int
	k := v
	for k < len(t) && len(ends) < 4 && k-v < 12 {
		e := k
		for e < len(t) && class[t[e]]&(clUpper|clDigit) != 0 {
			e++
		}
		if e == k || (e < len(t) && class[t[e]] != 0) {
			break // empty group, or one glued to lower-case letters
		}
		ends = append(ends, e)
		if e+1 >= len(t) || (t[e] != ' ' && t[e] != '-') || class[t[e+1]]&(clUpper|clDigit) == 0 {
			break
		}
		k = e + 1
	}
	for n := len(ends) - 1; n >= 0; n-- {
		val := t[v:ends[n]]
		for _, p := range plateShapes {
			if d := byName[p.typ]; d != nil && s.cfg.enabled.has(d.idx) && p.re.MatchString(val) {
				s.emitLabelled(d, v, ends[n], d.base)
				return
			}
		}
	}
}

// commercialRegister reads "HRB 12345" (HRA, HRB, GnR) from the register
// word on.
func (s *scanner) commercialRegister(i, j int) {
	t := s.text
	if w := t[i:j]; w != "HRA" && w != "HRB" && w != "GnR" {
		return
	}
	k := j
	if k < len(t) && (t[k] == ' ' || t[k] == '.') {
		k++
	}
	e := k
	for e < len(t) && isDigit(t[e]) && e-k < 7 {
		e++
	}
	if e == k || t[k] == '0' || e-k > 6 || (e < len(t) && class[t[e]] != 0) {
		return
	}
	if e+2 <= len(t) && t[e] == ' ' && (e+2 == len(t) || class[t[e+2]] == 0) && isLetter(t[e+1]) {
		e += 2 // court suffix: "HRB 12345 B" (Berlin)
	}
	d := byName["company_register_de"]
	s.emitLabelled(d, i, e, d.base)
}

func init() {
	for _, p := range []struct{ name, jur, country, desc, example, label, labels string }{
		{"licence_plate_de", JurisdictionEU, "DE", "German vehicle plate (Kfz-Kennzeichen): district, 1-2 letters, 1-4 digits, E or H; needs a Kennzeichen label",
			"MYK-AB 123", "Kennzeichen", "kennzeichen kfz nummernschild amtliches"},
		{"vehicle_registration_uk", JurisdictionEU, "GB", "UK vehicle registration: current (AB12 CDE), prefix (A123 BCD) or suffix (ABC 123D) style; needs a registration label",
			"AB12 CDE", "Vehicle registration", "registration reg vrm numberplate"},
		{"licence_plate_ng", JurisdictionNG, "NG", "Nigerian vehicle plate: local government code, three digits, two letters (ABC-123DE); needs a plate label",
			"LSD-123AB", "Plate No", "plate vehicle"},
	} {
		p := p
		register(&detector{
			TypeInfo: TypeInfo{Name: p.name, Jurisdiction: p.jur, Country: p.country, Description: p.desc, Example: p.example, Check: "label"},
			// Only the plate label starts the parser, so the score is a
			// labelled one; the words do not vouch in the label map, where
			// a single-type label would outrank the next line's labels.
			base: 0.8, kind: kindTrigger, label: p.label,
			synth: func(r *rand.Rand) string { return synthPlate(r, p.name) },
		})
		onWords(p.labels, func(s *scanner, i, j int) { s.plate(i, j) })
	}
	register(&detector{
		TypeInfo: TypeInfo{Name: "company_register_de", Jurisdiction: JurisdictionEU, Country: "DE",
			Description: "German commercial register number: HRA, HRB or GnR and the court's serial (and a court suffix such as B)", Example: "HRB 12345", Check: "shape"},
		base: 0.8, kind: kindTrigger, label: "Handelsregister",
		synth: func(r *rand.Rand) string {
			return pickStr(r, "HRA ", "HRB ") + string(randNonZero(r)) + string(randDigits(r, 2+r.IntN(4)))
		},
	})
	onWords("hra hrb gnr", func(s *scanner, i, j int) { s.commercialRegister(i, j) })
}

func synthPlate(r *rand.Rand, typ string) string {
	L := func(n int) string { return string(randLetters(r, n, "ABCDEFGHJKLMNPRSTUVWXYZ")) }
	switch typ {
	case "licence_plate_de":
		return L(1+r.IntN(3)) + "-" + L(1+r.IntN(2)) + " " + string(randNonZero(r)) + string(randDigits(r, r.IntN(4)))
	case "vehicle_registration_uk":
		return L(2) + d2(10+r.IntN(80)) + " " + L(3)
	}
	return L(3) + "-" + string(randDigits(r, 3)) + L(2)
}
