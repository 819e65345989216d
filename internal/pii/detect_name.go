package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/gazetteer"
)

// Person names without a label, from the gazetteer's given names and
// surnames (docs/pii.md, "Person names and places"). A window of two to four capitalised words
// inside a run is a name when:
//
//   - it starts with a known given name and ends with a known surname
//     ("Ayşe Yılmaz", "Hans Müller"): score 0.8;
//   - it starts with a given name that is no ordinary word and ends with
//     a word that is neither an ordinary word nor a place ("Elif
//     Karaosmanoğlu"): 0.7;
//   - it starts with a word that is neither ordinary nor a place and
//     ends with a surname that is no ordinary word ("Zeynephan Öztürk"): 0.7;
//   - an honorific stands before it ("Pan Nowak", "M. Dupont", "Sig.
//     Rossi") or a Turkish one after it ("Ahmet Bey", "Ayşe Hanım"): 0.8,
//     and one word is enough.
//
// Words in capitals only ("AYŞE YILMAZ" on a form) count only under the
// first rule. Months, weekdays and the words of runVetoed never count.

const (
	scoreNameListed  = 0.8
	scoreNameGuessed = 0.7
)

// maxNameWords is the longest name window ("María del Carmen García López"
// counts its particles as gaps, not words).
const maxNameWords = 4

// Honorifics before a name, folded, with their dot dropped.
var honorificsBefore = setOf(`herr herrn frau hr fr mr mrs ms miss mx dr prof sayin sn bay bayan m mme mlle monsieur madame
	mademoiselle sr sra srta senor senora sig sigra signor signora dott dottssa ing avv dhr mevr mw heer mevrouw pan pani
	panna sir lady`)

// honorificInitial holds the first letters of honorificsBefore.
var honorificInitial [256]bool

func init() {
	for w := range honorificsBefore {
		honorificInitial[w[0]] = true
	}
}

// Turkish honorifics after a name.
var honorificsAfter = setOf(`bey hanim efendi`)

// nameWordOK reports whether run word w may be part of a name at all.
func (s *scanner) nameWordOK(w *capWord, inside bool) bool {
	f := s.caps.folded(w)
	if isMonthOrDay(f) {
		return false
	}
	// "Name", "Kunde", "Müşteri", "Invoice" are labels, not names; a
	// listed surname inside a name may be one ("Charlotte Price",
	// "Stefano Gentile").
	if li := labels[string(f)]; li != nil && (li.anchors != 0 || !li.pos.empty() || li.neg) && !(inside && w.flags&gazetteer.Surname != 0) {
		return false
	}
	return !honorificsBefore[string(f)] && !honorificsAfter[string(f)]
}

// unknownWord: no name, no place, and (probably) no dictionary word.
func (s *scanner) unknownWord(w *capWord) bool {
	return w.flags == 0 && !w.upper && !gazetteer.IsCommon(s.caps.folded(w))
}

// personAt tries a name starting at run word p and returns the index after
// it, or p when there is none.
func (s *scanner) personAt(ws []capWord, p int) int {
	d := byName["name"]
	honor := s.honorificBefore(ws, p)
	n := 0
	for n < maxNameWords && p+n < len(ws) && s.nameWordOK(&ws[p+n], n > 0) {
		n++
	}
	if n == 0 {
		return p
	}
	after := p + n
	turkish := after < len(ws) && honorificsAfter[string(s.caps.folded(&ws[after]))]
	if !turkish && after == len(ws) {
		turkish = s.turkishHonorificAfter(ws[after-1].end)
	}
	for k := n; k >= 1; k-- {
		first, last := &ws[p], &ws[p+k-1]
		var score float64
		switch {
		case (honor || (turkish && k == n)) && s.plausibleName(ws[p:p+k]):
			score = scoreNameListed
		case k < 2:
		case first.flags&gazetteer.Given != 0 && last.flags&gazetteer.Surname != 0 && s.middleOK(ws[p+1:p+k-1]):
			score = scoreNameListed
		case first.upper || last.upper:
		case first.flags&gazetteer.Given != 0 && first.flags&gazetteer.Common == 0 && s.unknownWord(last) && s.middleOK(ws[p+1:p+k-1]):
			score = scoreNameGuessed
		case k == 2 && first.flags&gazetteer.Given != 0 && first.flags&gazetteer.Common == 0 && s.townSurname(last):
			// Surnames taken from towns: "Jane Bromley", "Irving Berlin".
			score = scoreNameGuessed
		case s.unknownWord(first) && last.flags&gazetteer.Surname != 0 && last.flags&(gazetteer.Common|gazetteer.PlaceWord) == 0 &&
			s.middleOK(ws[p+1:p+k-1]) && !s.givenInside(ws[p+1:p+k-1]) && !sentenceStart(s.text, first.start):
			// An unknown first word is evidence only inside a sentence: a
			// sentence or a line opens with a capital anyway.
			score = scoreNameGuessed
		}
		if score > 0 && k > 1 && !honor && !turkish && !s.spaceInside(ws[p:p+k]) {
			score = 0 // "Mika-Kowalski", "Carter-Reichel": one compound, a firm's name
		}
		if score > 0 && !honor && s.houseNumberAfter(ws[len(ws)-1].end) {
			score = 0 // "Rampa Gregorio Flórez Olivares 13": a street named after someone
		}
		if score > 0 {
			s.holdCap(d, first.start, last.end, score)
			if turkish && k == n && p+k < len(ws) {
				return p + k + 1 // the honorific after it is no place
			}
			return p + k
		}
	}
	return p
}

// townSurname: a one-word town or region (no country) that is no
// ordinary word, written after a given name.
func (s *scanner) townSurname(w *capWord) bool {
	if w.flags&gazetteer.PlaceWord == 0 || w.flags&gazetteer.Common != 0 || w.upper {
		return false
	}
	pl, ok := gazetteer.PlaceOf(s.caps.folded(w))
	return ok && pl.Kind != gazetteer.Country
}

// spaceInside reports a space between two words of the window.
func (s *scanner) spaceInside(ws []capWord) bool {
	for k := 1; k < len(ws); k++ {
		if strings.IndexByte(s.text[ws[k-1].end:ws[k].start], ' ') >= 0 {
			return true
		}
	}
	return false
}

// houseNumberAfter: a house number ("13", "8b", ", 34") closes the line
// or the clause after the words, as in a street address.
func (s *scanner) houseNumberAfter(e int) bool {
	t := s.text
	k := e
	if k < len(t) && t[k] == ',' {
		k++
	}
	if k >= len(t) || t[k] != ' ' {
		return false
	}
	k++
	d := k
	for k < len(t) && isDigit(t[k]) && k-d < 5 {
		k++
	}
	if k == d || k-d > 4 {
		return false
	}
	if k < len(t) && class[t[k]] == clLower && (k+1 == len(t) || class[t[k+1]] == 0) {
		k++ // "38c"
	}
	return k == len(t) || t[k] == '\n' || t[k] == ',' || t[k] == ' ' && (k+1 == len(t) || !isDigit(t[k+1]))
}

// givenInside: a given name inside the window means the name starts
// there ("Unser Techniker Jürgen Schulz" is "Jürgen Schulz").
func (s *scanner) givenInside(ws []capWord) bool {
	for k := range ws {
		if ws[k].flags&gazetteer.Given != 0 {
			return true
		}
	}
	return false
}

// middleOK: middle words of a name are names or unknown words.
func (s *scanner) middleOK(ws []capWord) bool {
	for k := range ws {
		if ws[k].flags&(gazetteer.Given|gazetteer.Surname) == 0 && !s.unknownWord(&ws[k]) {
			return false
		}
	}
	return true
}

// plausibleName: after an honorific every word must be a listed name
// (ordinary word or not: "M. Bernard", "Kemal Bey") or an unknown word.
func (s *scanner) plausibleName(ws []capWord) bool {
	for k := range ws {
		if ws[k].flags&(gazetteer.Given|gazetteer.Surname) == 0 && !s.unknownWord(&ws[k]) {
			return false
		}
	}
	return len(ws) > 0
}

// turkishHonorificAfter: "bey", "hanım" written after the run.
func (s *scanner) turkishHonorificAfter(e int) bool {
	if e+2 >= len(s.text) || s.text[e] != ' ' || strings.IndexByte("bBhHeE", s.text[e+1]) < 0 {
		return false // the common case, and cheap
	}
	ns, ne := nextWordAfter(s.text, e)
	return ne > ns && honorificsAfter[string(s.caps.key(s.text[ns:ne]))]
}

// honorificBefore reports an honorific as the run word before p or as the
// word before the run ("Dr. Anna Berg": the dot ends the run).
func (s *scanner) honorificBefore(ws []capWord, p int) bool {
	if p > 0 {
		return honorificsBefore[string(s.caps.folded(&ws[p-1]))]
	}
	t := s.text
	b, e := prevWord(t, ws[0].start)
	if e <= b || e-b > 12 || !honorificInitial[t[b]|0x20] {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t[b:])
	f := string(s.caps.key(t[b:e]))
	if f == "m" && (e >= len(t) || t[e] != '.') {
		return false // "M." is Monsieur; a bare "M" is not
	}
	return honorificsBefore[f] && (unicode.IsUpper(r) || lowerHonorifics[f])
}

// Honorifics written in lower case inside a sentence ("de heer Jansen",
// "pan Kowalski", "monsieur Dupont"); the others need their capital, so
// that "dr" or "ms" inside a word list is no title.
var lowerHonorifics = setOf(`herrn heer mevrouw pan pani panna bay bayan signor signora monsieur madame mademoiselle
	senor senora`)

// isMonthOrDay: full month names and weekdays. Month abbreviations
// ("Jan", "Mar") are names too, so they do not count, except "May".
func isMonthOrDay(f []byte) bool {
	_, month := monthNames[string(f)]
	return (month && (len(f) > 3 || string(f) == "may")) || weekdays[string(f)]
}

var weekdays = setOf(`monday tuesday wednesday thursday friday saturday sunday pazartesi sali carsamba persembe cuma
	cumartesi pazar montag dienstag mittwoch donnerstag freitag samstag sonntag sonnabend lundi mardi mercredi jeudi
	vendredi samedi dimanche lunes martes miercoles jueves viernes sabado domingo lunedi martedi mercoledi giovedi
	venerdi sabato domenica maandag dinsdag woensdag donderdag vrijdag zaterdag zondag poniedzialek wtorek sroda
	czwartek piatek sobota niedziela`)
