package judge

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// boxSlack widens a field's box before collecting the words inside it:
// boxes on the wire are rounded to 4 decimals, and a word whose centre
// sits on the edge still belongs to the value.
const boxSlack = 0.002

// evidenceAt returns the words of a page whose centre lies inside box,
// joined by single spaces in reading order: the exact text the value was
// grounded to.
func evidenceAt(l *doc.Layout, page int, b *api.BoundingBox) string {
	var parts []string
	for _, w := range l.PageWords(page) {
		if w.Box.IsZero() || !(doc.Box{X0: b.XMin, Y0: b.YMin, X1: b.XMax, Y1: b.YMax}).HoldsCentre(w.Box, boxSlack) {
			continue
		}
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

// presence compares each grounded value with the text printed at its box.
// A field without a box (read from a text format, filled from an
// e-invoice's XML, or not found) has nothing to compare.
func (j *judgement) presence() {
	l := j.in.Layout
	if l == nil {
		return
	}
	for _, s := range j.slots {
		f := s.f
		if f.BBox == nil || len(f.Pages) == 0 || f.Value == nil {
			continue
		}
		if _, isList := f.Value.([]api.ExtractedField); isList {
			continue
		}
		s.evidence = evidenceAt(l, f.Pages[0], f.BBox)
		if s.role == roleCurrency {
			continue // a code is read from a symbol; the currency check judges it
		}
		if s.evidence == "" {
			j.record(CheckPresence, failed, false, fmt.Sprintf("nothing is printed at its box on page %d", f.Pages[0]), s)
			continue
		}
		o, note := j.compareEvidence(f.Value, s.evidence)
		if o != passed {
			// The value may have won the vote between OCR readings:
			// another reading of the same pixels prints it there.
			for _, r := range j.in.Readings {
				ev := evidenceAt(r, f.Pages[0], f.BBox)
				if ev == "" {
					continue
				}
				if ro, rnote := j.compareEvidence(f.Value, ev); ro == passed {
					o, note, s.evidence = ro, rnote+" (in another OCR reading of the page)", ev
					break
				}
			}
		}
		j.record(CheckPresence, o, false, note, s)
	}
}

// compareEvidence says whether value is what text shows.
func (j *judgement) compareEvidence(value any, text string) (outcome, string) {
	if want, ok := numberValue(value); ok {
		return compareNumber(want, text)
	}
	str, ok := value.(string)
	if !ok {
		return inconclusive, "" // booleans are printed as ticks and words: nothing to compare
	}
	if isISODate(str) {
		if got, ok := fields.ParseDate(text, j.loc); ok {
			if got == str[:10] {
				return passed, fmt.Sprintf("the page shows %q", text)
			}
			return failed, fmt.Sprintf("the value is %s but the page shows %q (%s)", str, text, got)
		}
		return inconclusive, fmt.Sprintf("the text at its box, %q, is not a date the judge can read", text)
	}
	v, t := compact(str), compact(text)
	switch {
	case v == "" || t == "":
		return inconclusive, ""
	case strings.Contains(t, v) || strings.Contains(v, t):
		return passed, fmt.Sprintf("the page shows %q", text)
	case !shareToken(str, text):
		return failed, fmt.Sprintf("the value %q is not what the page shows at its box: %q", str, text)
	}
	return inconclusive, fmt.Sprintf("the page shows %q, close to the value but not the same", text)
}

// numberValue is a value held as a JSON number (strings are not: a
// number written as text is compared as text).
func numberValue(v any) (*big.Rat, bool) {
	if _, isStr := v.(string); isStr {
		return nil, false
	}
	return decimalOf(v)
}

// compareNumber finds the value among the amounts printed in text: the
// whole text first ("$ 279.84", "1.234,56 EUR"), then word by word.
func compareNumber(want *big.Rat, text string) (outcome, string) {
	if got, ok := decimalOf(text); ok {
		if got.Cmp(want) == 0 {
			return passed, fmt.Sprintf("the page shows %q", text)
		}
		return failed, fmt.Sprintf("the value is %s but the page shows %q at its box", show(want), text)
	}
	seen := false
	for _, w := range strings.Fields(text) {
		got, ok := decimalOf(w)
		if !ok {
			continue
		}
		seen = true
		if got.Cmp(want) == 0 {
			return passed, fmt.Sprintf("the page shows %q", text)
		}
	}
	if seen {
		return failed, fmt.Sprintf("the value is %s but the page shows %q at its box", show(want), text)
	}
	return inconclusive, fmt.Sprintf("no number in the text at its box, %q", text)
}

func isISODate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// compact folds s and keeps only letters and digits, so "ES76 0049" and
// "ES760049" compare equal.
func compact(s string) string {
	var b strings.Builder
	for _, r := range fields.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func shareToken(a, b string) bool {
	set := map[string]bool{}
	for _, t := range fields.Tokens(a) {
		set[t] = true
	}
	for _, t := range fields.Tokens(b) {
		if set[t] {
			return true
		}
	}
	return false
}
