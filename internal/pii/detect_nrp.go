package pii

import (
	"math/rand/v2"
	"unicode"
	"unicode/utf8"
)

// Nationality, religion and political affiliation (Presidio's NRP) are
// words, not numbers: any adjective can be one, so a word list alone
// would flag every "German GmbH" and "French fries". Quarry reports them
// where a form asks for them: the word or two after a nationality,
// citizenship, religion or party label.

// nrpLabels are the folded label words, in the catalogue's languages.
const nrpLabels = "nationality citizenship religion denomination nationalite citoyennete confession " +
	"nacionalidad ciudadania religion nazionalita cittadinanza religione nationaliteit religie " +
	"staatsangehorigkeit staatsburgerschaft konfession religionszugehorigkeit uyruk uyrugu uyruklugu dini " +
	"narodowosc obywatelstwo wyznanie nacionalidade"

// nrpEmpty are answers that say there is nothing to report.
var nrpEmpty = map[string]bool{"none": true, "keine": true, "kein": true, "yok": true, "aucune": true, "aucun": true,
	"ninguna": true, "ninguno": true, "nessuna": true, "geen": true, "brak": true, "unknown": true, "n": true, "na": true}

// nrp reads the answer after an NRP label: one or two words of letters.
func (s *scanner) nrp(_, j int) {
	d := byName["nrp"]
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	t := s.text
	v := s.valueAfter(j)
	if v < 0 {
		return
	}
	end, words := v, 0
	for k := v; k < len(t) && words < 2; {
		e := k
		for e < len(t) {
			r, n := utf8.DecodeRuneInString(t[e:])
			if !unicode.IsLetter(r) && r != '-' {
				break
			}
			e += n
		}
		if e-k < 3 || (words == 1 && !startsUpper(t[k:e])) {
			break
		}
		if words == 0 && nrpEmpty[fold(t[k:e])] {
			return
		}
		words++
		end = e
		if e+1 >= len(t) || t[e] != ' ' {
			break
		}
		k = e + 1
	}
	if words > 0 && (end == len(t) || !isDigit(t[end])) {
		s.emitLabelled(d, v, end, d.base)
	}
}

func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "nrp", Jurisdiction: JurisdictionGlobal,
			Description: "Nationality, religion or political affiliation: the answer after a nationality, citizenship, religion or denomination label",
			Example:     "Turkish", Check: "label"},
		// The label has been read when the parser runs, so the score is the
		// label's. The words do not vouch for nrp in the label map: a
		// single-type label there would outrank the labels of the numbers
		// on the next lines ("Nationality: Greek\nPassport: ...").
		base: 0.8, kind: kindTrigger, label: "Nationality",
		synth: func(r *rand.Rand) string {
			// Not "German" or "Turkish": the corpus labels use those words,
			// and masking scrubs every copy of a value.
			return pickStr(r, "Norwegian", "Brazilian", "Greek", "Roman Catholic", "Muslim", "Protestant", "Buddhist", "Dutch")
		},
	})
	onWords(nrpLabels, func(s *scanner, i, j int) { s.nrp(i, j) })
}
