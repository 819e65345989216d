package pii

import (
	"fmt"
	"testing"
)

// TestNameAndPlaceRules pins one case per rule of docs/pii.md, "Person names and places": the
// findings of type name and location (and province_tr), as "type=value".
func TestNameAndPlaceRules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"GivenAndSurname", "Yesterday John Smith called.", []string{"name=John Smith"}},
		{"GuessedSurname", "The file was signed by Mehmet Karaosmanoğlu today.", []string{"name=Mehmet Karaosmanoğlu"}},
		{"GuessedGivenMidSentence", "The report by Zeynephan Öztürk arrived.", []string{"name=Zeynephan Öztürk"}},
		{"GuessedGivenOpensSentence", "Hurtownia Nowak zamknięta.", nil},
		{"AllCapsBothListed", "ALICI: HÜSEYİN KORKMAZ", []string{"name=HÜSEYİN KORKMAZ"}},
		{"AllCapsHeading", "PAYMENT TERMS AND CONDITIONS", nil},
		{"HonorificFrench", "M. Bernard viendra mardi.", []string{"name=Bernard"}},
		{"HonorificPolishLower", "Rozmawiałem z pan Kowalski wczoraj.", []string{"name=Kowalski"}},
		{"HonorificTurkishAfter", "Kemal Bey toplantıyı erteledi.", []string{"name=Kemal"}},
		{"LoneGivenName", "Anna called.", nil},
		{"TownSurname", "The paper by Jane Bromley was cited.", []string{"name=Jane Bromley"}},
		{"CompanyLegalForm", "Schmidt Weber GmbH liefert.", nil},
		{"CompanyLetters", "Heineken Nederland B.V. betaalt.", nil},
		{"CompanyAndSons", "Jan Nowak i Synowie", nil},
		{"StreetAfter", "Atatürk Caddesi kapalı.", nil},
		{"StreetBefore", "Via Giuseppe Verdi 14", nil},
		{"StreetNamedAfterPerson", "Ronda Mario Aguilar Iglesias, 6", nil},
		{"Organisation", "Università degli Studi di Padova", nil},
		{"Club", "He joined Leicester City in 1993.", nil},
		{"Month", "We meet in March.", nil},
		{"Place", "The office in Hamburg is closed.", []string{"location=Hamburg"}},
		{"MultiWordPlace", "Wir fahren nach Frankfurt am Main.", []string{"location=Frankfurt am Main"}},
		{"PostcodeDE", "Lieferung: D-80331 München", []string{"location=D-80331 München"}},
		{"PostcodeNL", "Levering: 3011 AB Rotterdam", []string{"location=3011 AB Rotterdam"}},
		{"PostcodePL", "Dostawa: 00-950 Warszawa", []string{"location=00-950 Warszawa"}},
		{"YearIsNoPostcode", "Season 1994 Hamburg", []string{"location=Hamburg"}},
		{"AmbiguousNeedsContext", "Das Essen war kalt.", nil},
		{"AmbiguousWithPreposition", "Er wohnt in Essen.", []string{"location=Essen"}},
		{"WeakPrepositionAfterName", "Bakker and de Haan", nil},
		{"SiteAfter", "Rachel joined the Boston office.", []string{"location=Boston"}},
		{"SiteBefore", "Die Filiale Essen schließt.", []string{"location=Essen"}},
		{"TurkishSuffix", "Yarın İzmir'e gidiyoruz ve Londra'dan dönüyoruz.", []string{"province_tr=İzmir", "location=Londra"}},
		{"PolishCase", "Mieszka w Krakowie od roku.", []string{"location=Krakowie"}},
		{"Acronym", "DNI/NIE: X1234567L", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, f := range Detect(c.text, Options{}) {
				if personOrPlace(f.Type) != "" {
					got = append(got, f.Type+"="+f.Value)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("%q: got %v, want %v", c.text, got, c.want)
			}
		})
	}
}

// TestNamesAndPlacesFollowOptions: the types can be switched off and on
// one by one.
func TestNamesAndPlacesFollowOptions(t *testing.T) {
	t.Parallel()
	text := "Yesterday John Smith flew to New York."
	for _, c := range []struct {
		types []string
		want  string
	}{
		{[]string{"location"}, "[location=New York]"},
		{[]string{"name"}, "[name=John Smith]"},
		{[]string{"email"}, "[]"},
	} {
		var got []string
		for _, f := range Detect(text, Options{Types: c.types}) {
			got = append(got, f.Type+"="+f.Value)
		}
		if fmt.Sprint(got) != c.want {
			t.Errorf("types %v: got %v, want %s", c.types, got, c.want)
		}
	}
}
