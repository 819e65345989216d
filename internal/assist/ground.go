package assist

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// GroundThreshold is the similarity a model's value needs with some run
// of the document's words to count as found there (the reference's 0.85:
// one wrong character in seven).
const GroundThreshold = 0.85

// maxGroundRunes bounds the value length the fuzzy search compares, so a
// model that answers with a page of text cannot make grounding quadratic.
const maxGroundRunes = 256

// Match is where a value was found: words [First, End) of the layout.
type Match struct {
	First, End int
	Score      float64 // 1 = exact after normalisation
}

// Ground finds the run of words that best spells value: numbers by their
// amount ("1.234,50" grounds 1234.5), dates by their ISO day ("15.03.2024"
// grounds "2024-03-15"), text by normalised edit distance over runs of
// about as many words as the value has. ok is false below GroundThreshold.
func Ground(l *doc.Layout, value any, loc fields.Locale) (Match, bool) {
	if l == nil || len(l.Words) == 0 || value == nil {
		return Match{}, false
	}
	switch v := value.(type) {
	case float64:
		return groundNumber(l, v)
	case int64:
		return groundNumber(l, float64(v))
	case int:
		return groundNumber(l, float64(v))
	case json.Number:
		if f, err := v.Float64(); err == nil {
			return groundNumber(l, f)
		}
	case bool:
		return Match{}, false // a yes/no has no words of its own
	}
	s := strings.TrimSpace(fmt.Sprint(value))
	if iso, ok := fields.ParseDate(s, loc); ok && len(strings.Fields(s)) <= 3 {
		if m, ok := groundDate(l, iso, loc); ok {
			return m, true
		}
	}
	if f, _, ok := fields.ParseAmount(s); ok {
		if m, ok := groundNumber(l, f); ok {
			return m, true
		}
	}
	return groundText(l, s)
}

// runs calls fn for every run of 1..maxLen consecutive words on one page.
func runs(l *doc.Layout, minLen, maxLen int, fn func(first, end int) bool) {
	for i := range l.Words {
		for n := minLen; n <= maxLen && i+n <= len(l.Words); n++ {
			if l.Words[i+n-1].Page != l.Words[i].Page {
				break
			}
			if !fn(i, i+n) {
				return
			}
		}
	}
}

func joinWords(l *doc.Layout, first, end int) string {
	parts := make([]string, 0, end-first)
	for _, w := range l.Words[first:end] {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

func groundNumber(l *doc.Layout, want float64) (Match, bool) {
	var best Match
	found := false
	runs(l, 1, 3, func(first, end int) bool {
		got, _, ok := fields.ParseAmount(joinWords(l, first, end))
		if ok && math.Abs(got-want) < 0.005 {
			// Prefer the shortest spelling: "93.07" over "RM 93.07 Cash".
			if !found || end-first < best.End-best.First {
				best, found = Match{First: first, End: end, Score: 1}, true
			}
		}
		return true
	})
	return best, found
}

func groundDate(l *doc.Layout, iso string, loc fields.Locale) (Match, bool) {
	var best Match
	found := false
	runs(l, 1, 3, func(first, end int) bool {
		if got, ok := fields.ParseDate(joinWords(l, first, end), loc); ok && got == iso {
			best, found = Match{First: first, End: end, Score: 1}, true
			return false
		}
		return true
	})
	return best, found
}

// norm keeps folded letters and digits only: case, accents, spacing and
// punctuation do not decide whether a value is on the page.
func norm(s string) []rune {
	var out []rune
	for _, r := range fields.Fold(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			out = append(out, r)
		}
	}
	return out
}

func groundText(l *doc.Layout, s string) (Match, bool) {
	want := norm(s)
	if len(want) == 0 {
		return Match{}, false
	}
	if len(want) > maxGroundRunes {
		want = want[:maxGroundRunes]
	}
	n := len(strings.Fields(s))
	minLen, maxLen := max(1, n-1), n+1
	var best Match
	runs(l, minLen, maxLen, func(first, end int) bool {
		got := norm(joinWords(l, first, end))
		// An edit distance is at least the length difference, so runs whose
		// length is too far off cannot reach the threshold: skip them.
		if d := abs(len(got) - len(want)); float64(d) > (1-GroundThreshold)*float64(max(len(got), len(want))) {
			return true
		}
		score := 1 - float64(levenshtein.ComputeDistance(string(got), string(want)))/float64(max(len(got), len(want)))
		if score > best.Score {
			best = Match{First: first, End: end, Score: score}
		}
		return score < 1
	})
	return best, best.Score >= GroundThreshold
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
