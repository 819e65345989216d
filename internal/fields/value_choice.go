package fields

import "github.com/quarrydev/quarry/internal/api"

// A form prints all of a choice's options beside its label ("Payment:
// ( ) card (•) transfer"), so the words after the label list every
// option and the first of them is not the answer. The chosen one carries
// a mark: a filled PDF form's reader adds the chosen button's state word
// at its widget, so that option is read twice, and a printed or scanned
// form puts a check mark before it.

// checkMarks are the tokens that mark a chosen option on paper and in
// OCR of ticked boxes.
var checkMarks = map[string]bool{
	"☒": true, "☑": true, "✓": true, "✔": true, "✗": true, "✘": true, "⊠": true,
	"■": true, "●": true, "◉": true, "[x]": true, "[X]": true, "(x)": true, "(X)": true, "[✓]": true,
}

// chosenOption returns where the chosen option starts among words when
// they list two or more of an enum field's options and exactly one is
// marked; ok is false otherwise, and the words are read as they stand.
func chosenOption(f *api.Field, words []string) (at int, ok bool) {
	if len(f.Enum) < 2 || len(words) < 2 {
		return 0, false
	}
	options := map[string]bool{}
	for _, e := range f.Enum {
		if s, isString := e.(string); isString {
			options[Fold(s)] = true
		}
	}
	first := map[string]int{} // option -> index of its first occurrence
	seen := map[string]int{}  // option -> occurrences
	marked := -1              // index of the one option after a check mark
	marks := 0
	for i, w := range words {
		o := foldToken(w)
		if !options[o] {
			continue
		}
		if seen[o] == 0 {
			first[o] = i
		}
		seen[o]++
		if i > 0 && checkMarks[words[i-1]] {
			marked = i
			marks++
		}
	}
	if len(seen) < 2 {
		return 0, false // one option (or none): the ordinary reading holds
	}
	if marks == 1 {
		return marked, true
	}
	repeated := -1
	for o, n := range seen {
		if n < 2 {
			continue
		}
		if repeated >= 0 {
			return 0, false // two options read twice: no telling which
		}
		repeated = first[o]
	}
	return repeated, repeated >= 0
}

// rowChoice reads an enum field's answer from everything right of its
// label on the label's row, where a form prints the options (often as
// cells of their own, far apart). ok is false unless the options listed
// there have exactly one marked.
func (e *extractor) rowChoice(f *api.Field, m labelMatch) (valueCand, bool) {
	if len(f.Enum) < 2 {
		return valueCand{}, false
	}
	s := &e.x.Segs[m.seg]
	ws := append([]int(nil), s.Words[m.end:]...)
	after := false
	for _, si := range e.x.Rows[s.Row].Segs {
		if after {
			ws = append(ws, e.x.Segs[si].Words...)
		}
		after = after || si == m.seg
	}
	texts := make([]string, len(ws))
	for i, wi := range ws {
		texts[i] = e.x.L.Words[wi].Text
	}
	at, ok := chosenOption(f, texts)
	if !ok {
		return valueCand{}, false
	}
	return valueCand{ws[at:], 1}, true
}
