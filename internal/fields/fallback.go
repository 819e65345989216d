package fields

import (
	"regexp"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// legalForms are company-form tokens; a top-of-page cell carrying one is
// very likely the issuing company even when no label names it.
var legalForms = map[string]bool{
	"gmbh": true, "ag": true, "kg": true, "ohg": true, "ug": true, "ltd": true, "limited": true, "inc": true, "llc": true,
	"plc": true, "corp": true, "co": true, "sti": true, "as": true, "a.s": true, "sa": true, "s.a": true, "sl": true,
	"s.l": true, "sarl": true, "sas": true, "eurl": true, "sasu": true, "bv": true, "nv": true, "spa": true, "srl": true,
	"s.r.l": true, "s.p.a": true, "slu": true, "s.l.u": true, "e.k": true, "gbr": true, "llp": true, "pty": true,
}

var issuerConcepts = map[string]bool{"vendor_name": true, "merchant_name": true, "employer_name": true}

// fallback searches the whole document by value shape when no label was
// found. It only accepts shapes that are distinctive on their own (IBAN,
// e-mail, a declared pattern, a currency, a company name at the top of
// the first page, the first date for an issue date), with low confidence.
func (e *extractor) fallback(f *api.Field, k kind, re *regexp.Regexp) (cand, bool) {
	x := e.x
	c := conceptFor(f.Name, f.Description)
	switch {
	case k == kIBAN || k == kEmail || re != nil:
		for si := range x.Segs {
			s := &x.Segs[si]
			all := e.texts(s.Words)
			for i := range s.Words {
				if e.cancelled() {
					return cand{}, false
				}
				if k == kText && !textPatternHead(all[i], re) {
					continue // parseAs could only return a multi-word text, refused below
				}
				ws := window(all, i)
				p, ok := parseAs(k, ws, e.loc, f, re)
				if !ok || (k == kText && p.n != 1) || (k == kIBAN && p.q < 1) {
					continue // without a label only a checksum-valid IBAN will do
				}
				return cand{p.value, s.Words[i : i+p.n], 0.6 * p.q}, true
			}
		}
	case k == kCurrency:
		count := map[string]int{}
		first := map[string][]int{}
		for si := range x.Segs {
			s := &x.Segs[si]
			for _, wi := range s.Words {
				if e.cancelled() {
					return cand{}, false
				}
				t := x.L.Words[wi].Text
				code, ok := CurrencyCode(t)
				if !ok {
					// Symbols glued to amounts: "€1.234,56", "12,50€".
					if _, c2, _, ok2 := parseNumberToken(t); ok2 && c2 != "" {
						code, ok = c2, true
					}
				}
				if ok {
					count[code]++
					if first[code] == nil {
						first[code] = []int{wi}
					}
				}
			}
		}
		bestCode, bestN := "", 0
		for code, n := range count {
			if n > bestN || (n == bestN && code < bestCode) {
				bestCode, bestN = code, n
			}
		}
		if bestCode != "" {
			return cand{bestCode, first[bestCode], 0.6}, true
		}
	case issuerConcepts[c]:
		for si := range x.Segs {
			if e.cancelled() {
				return cand{}, false
			}
			s := &x.Segs[si]
			r := &x.Rows[s.Row]
			if r.Page != 1 || (!r.Box.IsZero() && r.Box.Y0 > 0.35) {
				break
			}
			if strings.HasSuffix(x.L.Words[s.Words[0]].Text, ":") {
				continue // "ATTN: ... Limited" is an addressee, not the issuer
			}
			for _, t := range s.Toks {
				if legalForms[strings.TrimSuffix(t, ".")] && len(s.Words) > 1 {
					return cand{strings.TrimSpace(e.segJoin(s.Words)), s.Words, 0.5}, true
				}
			}
		}
	case k == kDate && (c == "issue_date" || c == "date" || c == "order_date"):
		for si := range x.Segs {
			s := &x.Segs[si]
			all := e.texts(s.Words)
			for i := range s.Words {
				if e.cancelled() {
					return cand{}, false
				}
				p, ok := parseAs(kDate, window(all, i), e.loc, f, nil)
				if ok {
					return cand{p.value, s.Words[i : i+p.n], 0.35 * p.q}, true
				}
			}
		}
	}
	return cand{}, false
}

// window returns the words from i on, at most maxValueWords of them: a
// value never spans more, and the whole rest of a long line per word
// would make the search quadratic.
func window(ws []string, i int) []string {
	return ws[i:min(len(ws), i+maxValueWords)]
}

// textPatternHead reports whether parseAs could read a one-word text value
// matching re from a candidate starting with w: the word itself, or as
// trimmed when it is the candidate's only word.
func textPatternHead(w string, re *regexp.Regexp) bool {
	return re.MatchString(w) || re.MatchString(strings.TrimSpace(strings.Trim(w, ":;,_|")))
}

func (e *extractor) texts(ws []int) []string {
	out := make([]string, len(ws))
	for i, wi := range ws {
		out[i] = e.x.L.Words[wi].Text
	}
	return out
}

func (e *extractor) segJoin(ws []int) string { return strings.Join(e.texts(ws), " ") }
