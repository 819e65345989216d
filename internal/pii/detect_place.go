package pii

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/gazetteer"
)

// Places: countries, regions and cities from the gazetteer (GeoNames
// cities, CLDR-style country names in the eight languages), found on the
// runs of capitalised words that capwords.go collects. A postcode right
// before a city joins the finding ("10115 Berlin", "34000 İstanbul").
//
// A one-word place is ambiguous when it is also an ordinary word ("Essen",
// "Nice", "Van"), a given name or surname ("Florence", "Jordan"), or a
// town below bareCityPopulation. It is reported only with context: a
// postcode, a preposition ("in", "aus", "à", "w"...), a place label
// ("Ort:", "Şehir:"), a slash ("Kadıköy/İstanbul") or a larger place after
// a comma ("Mobile, Alabama"). A country, or a city of a million people,
// that is also a word is reported inside a sentence without more.

const (
	scorePlace        = 0.75
	scorePlaceContext = 0.8
	// scoreBelowProvince is under province_tr's base score (0.55).
	scoreBelowProvince = 0.52
	// bareCityPopulation: smaller towns need context.
	bareCityPopulation = 50000
	// wellKnownPopulation: a city this large is reported even when its
	// name is also an ordinary word, unless it opens a sentence.
	wellKnownPopulation = 1000000
)

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "location", Jurisdiction: JurisdictionGlobal,
			Description: "Place: a country, region or city from the built-in gazetteer (GeoNames), with a postcode before it when there is one",
			Example:     "10115 Berlin"},
		base: scorePlace, kind: kindTrigger, label: "Ort",
		synth: func(r *rand.Rand) string {
			return []string{"München", "Lyon", "Sevilla", "Bologna", "Rotterdam", "Kraków", "Manchester",
				"Frankfurt am Main", "New York", "75008 Paris", "34000 İstanbul"}[r.IntN(11)]
		},
	})
}

// placeAt tries a place starting at run word p and returns the index after
// it, or p.
func (s *scanner) placeAt(ws []capWord, p int) int {
	max := gazetteer.MaxPlaceWords()
	if max > len(ws)-p {
		max = len(ws) - p
	}
	t := s.text
	var key []byte
	for k := max; k >= 1; k-- {
		if k == 1 && (ws[p].flags&gazetteer.PlaceWord == 0 || isMonthOrDay(s.caps.folded(&ws[p]))) {
			return p // "in March" is a month, not March in Cambridgeshire
		}
		if k > 1 && ws[p].flags&gazetteer.PlaceHead == 0 {
			continue
		}
		key = placeKey(key[:0], t[ws[p].start:ws[p+k-1].end])
		pl, ok := gazetteer.PlaceOf(key)
		if !ok {
			continue
		}
		if p+k < len(ws) && clubWords[string(s.caps.folded(&ws[p+k]))] {
			return p + k + 1 // "Norwich City", "Huddersfield Town": a club, not the town
		}
		start, end := ws[p].start, ws[p+k-1].end
		postStart, postcode := postcodeBefore(t, start)
		if k == 1 && !s.singlePlaceOK(&ws[p], pl, postcode) {
			return p
		}
		score := scorePlace
		if postcode {
			start, score = postStart, scorePlaceContext
		} else if k == 1 && s.provinceTR(&ws[p]) {
			// province_tr reports Turkish provinces; the place stays
			// below it on the same span and shows only where
			// province_tr stays silent ("Kargo Gaziantep aktarma...").
			score = scoreBelowProvince
		}
		s.holdCap(byName["location"], start, end, score)
		return p + k
	}
	return p
}

// provinceTR: a Turkish province name, which province_tr already reports.
func (s *scanner) provinceTR(w *capWord) bool {
	d := byName["province_tr"]
	if d == nil || !s.cfg.enabled.has(d.idx) {
		return false
	}
	li := labels[string(s.caps.folded(w))]
	return li != nil && li.province != 0
}

// placeKey folds a place name as the gazetteer keys it: words joined by
// one space, hyphens and apostrophes as spaces.
func placeKey(dst []byte, name string) []byte {
	dst = gazetteer.Fold(dst, name)
	out := dst[:0]
	space := false
	for i := 0; i < len(dst); i++ {
		c := dst[i]
		if c == ' ' || c == '-' || c == '\'' || c == '\t' || c == '.' {
			space = true
			continue
		}
		if c == 0xe2 && i+2 < len(dst) && dst[i+1] == 0x80 && dst[i+2] == 0x99 { // ’
			space, i = true, i+2
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, c)
	}
	return out
}

// singlePlaceOK applies the cautions for one-word places.
func (s *scanner) singlePlaceOK(w *capWord, pl gazetteer.Place, postcode bool) bool {
	if w.upper && w.end-w.start <= 4 && pl.Kind != gazetteer.Country {
		return false // "DNI", "NIE", "BAR": acronyms, not towns
	}
	if postcode {
		return true
	}
	t := s.text
	opener := sentenceStart(t, w.start)
	ambiguous := w.flags&(gazetteer.Common|gazetteer.Given|gazetteer.Surname) != 0
	small := pl.Kind == gazetteer.City && pl.Population < bareCityPopulation
	if w.upper && (ambiguous || small) {
		return s.placeContext(w)
	}
	if !ambiguous && !small {
		return true
	}
	if s.placeContext(w) {
		return true
	}
	famous := pl.Kind == gazetteer.Country || pl.Population >= wellKnownPopulation
	return famous && !opener && w.flags&(gazetteer.Given|gazetteer.Surname) == 0
}

// placeContext: a preposition, a place label, a slash or a following
// ", Region" around a one-word place.
func (s *scanner) placeContext(w *capWord) bool {
	t := s.text
	if (w.start > 0 && t[w.start-1] == '/') || (w.end < len(t) && t[w.end] == '/') {
		return true
	}
	if b, e := prevWord(t, w.start); e > b && e < w.start && strings.TrimLeft(t[e:w.start], " '’") == "" {
		f := fold(t[b:e])
		if articles[f] { // "per la Francia", "de l'Allemagne"
			if b2, e2 := prevWord(t, b); e2 > b2 && e2 < b {
				f = fold(t[b2:e2])
			}
		}
		// "de", "di", "van" also join names ("Jan de Vries", "Bakker
		// and de Haan") and title-case nouns ("Refinado de Madera"):
		// they vouch for a place only after a lower-case word ("agence
		// de Bordeaux", "stabilimento di Verona").
		if placePrepositions[f] || (weakPrepositions[f] && s.afterLowerWord(b)) {
			return true
		}
	}
	return placeLabelBefore(t, w.start) || placeFollowedByRegion(t, w) || s.siteAfter(w.end) || s.siteBefore(w.start)
}

// siteBefore: a site word right before the place, as German and Turkish
// write it: "Filiale Essen", "Werk Wolfsburg", "Standort Hof".
func (s *scanner) siteBefore(i int) bool {
	b, e := prevWord(s.text, i)
	return e > b && e+1 == i && s.text[e] == ' ' && siteWords[string(s.caps.key(s.text[b:e]))]
}

// siteAfter: a lower-case word for a company site follows the place:
// "the Boston office", "Bursa şubesi", "Essen Filiale".
func (s *scanner) siteAfter(e int) bool {
	t := s.text
	if e+2 >= len(t) || t[e] != ' ' {
		return false
	}
	m := nextWord(t, e+1)
	if m == e+1 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[e+1:])
	return unicode.IsLower(r) && siteWords[string(s.caps.key(t[e+1:m]))]
}

// afterLowerWord: the word before offset b is a lower-case word and no
// conjunction.
func (s *scanner) afterLowerWord(b int) bool {
	pb, pe := prevWord(s.text, b)
	if pe <= pb || pe == b {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s.text[pb:])
	return unicode.IsLower(r) && !conjunctions[s.text[pb:pe]]
}

// placeLabelBefore finds a place label before offset i: "Ort: Essen",
// "Şehir:\tVan", "| City | Reading |", "Ort (Essen)", "the city is Van",
// or the label alone on the line before.
func placeLabelBefore(t string, i int) bool {
	k := i
	for k > 0 && i-k < 12 && strings.IndexByte(" \t:|(\n", t[k-1]) >= 0 {
		k--
	}
	if k == i && i > 0 {
		return false
	}
	b, e := prevWord(t, k)
	if e <= b {
		return false
	}
	f := fold(t[b:e])
	if linkingWords[f] {
		b, e = prevWord(t, b)
		if e <= b {
			return false
		}
		f = fold(t[b:e])
	}
	return placeLabels[f]
}

// placeFollowedByRegion: "Mobile, Alabama", "Essen, Germany".
func placeFollowedByRegion(t string, w *capWord) bool {
	if w.end+2 < len(t) && t[w.end] == ',' && t[w.end+1] == ' ' {
		e := nextWord(t, w.end+2)
		if e > w.end+2 {
			key := placeKey(nil, t[w.end+2:e])
			if pl, ok := gazetteer.PlaceOf(key); ok && pl.Kind != gazetteer.City {
				return true
			}
		}
	}
	return false
}

// postcodeBefore finds a postcode right before a place on the same line:
// "10115 ", "D-10115 ", "1012 AB ", "00-950 ", "34000 ". It returns where
// it starts.
func postcodeBefore(t string, i int) (int, bool) {
	k := i - 1
	if k < 1 || t[k] != ' ' {
		return 0, false
	}
	// Dutch "1012 AB Amsterdam": two capitals between the digits and the town.
	if k >= 7 && class[t[k-1]] == clUpper && class[t[k-2]] == clUpper && t[k-3] == ' ' && class[t[k-4]] == clDigit {
		k -= 3
	}
	e := k
	for k > 0 && (class[t[k-1]] == clDigit || t[k-1] == '-') && e-k < 8 {
		k--
	}
	digits := 0
	for _, c := range []byte(t[k:e]) {
		if class[c] == clDigit {
			digits++
		}
	}
	if t[k] == '-' { // "D-10115", "F-75008": a country letter before the digits
		if k < 1 || class[t[k-1]] != clUpper || (k >= 2 && class[t[k-2]] != 0) {
			return 0, false
		}
		k--
	}
	if digits < 4 || digits > 5 {
		return 0, false
	}
	if e-k == 4 && (t[k:k+2] == "19" || t[k:k+2] == "20") {
		return 0, false // "1994 Wales", "2004 Gillingham": a year, not a postcode
	}
	if k > 0 {
		if r, _ := utf8.DecodeLastRuneInString(t[:k]); r != ' ' && r != '\n' && r != ',' && r != '\t' && r != '(' && r != '|' {
			return 0, false
		}
	}
	return k, true
}

// sentenceStart reports whether offset i opens a sentence or a line.
func sentenceStart(t string, i int) bool {
	k := i
	for k > 0 && (t[k-1] == ' ' || t[k-1] == '\t' || t[k-1] == '"' || t[k-1] == '(' || t[k-1] == '-' || t[k-1] == '*') {
		k--
	}
	return k == 0 || strings.IndexByte(".!?\n\f•", t[k-1]) >= 0
}

// Words after a town that make it a club: "Leicester City", "Sheffield
// Wednesday", "Crystal Palace". A place that holds the word itself ("New
// York City", "Mexico City") is matched first, as the longer name.
var clubWords = setOf(`city town united wanderers rovers athletic albion county wednesday palace forest hotspur villa
	fc afc`)

// Words after a place that name a company site there.
var siteWords = setOf(`office offices branch headquarters plant warehouse site factory store depot subesi
	ofisi ofisimiz deposu fabrikasi magazasi merkezi buro filiale niederlassung werk lager standort sucursal oficina
	oficinas almacen fabrica sede filiale stabilimento magazzino ufficio vestiging kantoor magazijn fabriek oddzial
	biuro magazyn fabryka`)

var linkingWords = setOf(`is ist est es e jest lautet was war era`)

var placePrepositions = setOf(`in im aus nach bei from to at near into a au aux dans pres en desde hacia nel nella
	dal dalla w we z ze do naar uit te bij vers pour para per`)

var weakPrepositions = setOf(`da van de du des di del par`)

// Articles that may stand between a preposition and a country.
var articles = setOf(`la le l il el lo the`)

var placeLabels = setOf(`ort stadt wohnort geburtsort city town place location birthplace sehir il ilce yer yeri
	ville lieu localite ciudad localidad lugar poblacion citta localita luogo comune plaats woonplaats geboorteplaats
	miejscowosc miasto miejsce`)
