package pii

import "strings"

// Some catalogue types have shapes the run scanner cannot offer: a URL, a
// MAC address written with colons, a vehicle plate that starts with a
// three-letter district or ends in letters, "HRB 12345". Their files hang
// a parser on words: when the scanner meets the word (the way it meets
// any label) the parser reads what follows and emits findings itself.

var wordHooks = map[string][]func(s *scanner, i, j int){}

// onWords registers hook for each folded word in words.
func onWords(words string, hook func(s *scanner, i, j int)) {
	for _, w := range strings.Fields(words) {
		wordHooks[w] = append(wordHooks[w], hook)
	}
}

// addWordHooks attaches the hooks to the label map (after labels.go and
// the detectors' own label words are in).
func addWordHooks() {
	for w, hooks := range wordHooks {
		li := labels[w]
		if li == nil {
			li = &labelInfo{}
			labels[w] = li
		}
		hooks := hooks
		if len(hooks) == 1 {
			li.hook = hooks[0]
		} else {
			li.hook = func(s *scanner, i, j int) {
				for _, h := range hooks {
					h(s, i, j)
				}
			}
		}
		if w[0] >= 'a' && w[0] <= 'z' && len(w) < 32 {
			labelShape[w[0]-'a'][shapeSecond(w)][len(w)] = true
		}
	}
}

// emitLabelled reports [start,end) as d with the label context at start.
func (s *scanner) emitLabelled(d *detector, start, end int, base float64) {
	if !s.cfg.enabled.has(d.idx) {
		return
	}
	cx := s.context(start)
	s.emit(d, start, end, s.score(d, base, &cx))
}

// valueAfter finds the value a label introduces: it skips separators and
// number words ("Nr.", "No", "#", ":") on the label's line and returns
// where the value starts, or -1.
func (s *scanner) valueAfter(j int) int {
	t := s.text
	limit := j + 24
	for k := j; k < len(t) && k < limit; {
		c := t[k]
		switch {
		case c == '\n':
			return -1
		case c == ' ' || c == ':' || c == '.' || c == '#' || c == '-' || c == '\t' || c == '(' || c == ')' || c == '\'':
			k++
		case class[c] != 0:
			e := k
			for e < len(t) && class[t[e]]&(clUpper|clLower) != 0 {
				e++
			}
			w := strings.ToLower(t[k:e])
			if e > k && (e == len(t) || class[t[e]] == 0) && numberWords[w] {
				k = e
				continue
			}
			return k
		default:
			return -1
		}
	}
	return -1
}

// numberWords stand between a label and its value ("Kennzeichen Nr.").
var numberWords = map[string]bool{"nr": true, "no": true, "number": true, "num": true, "nummer": true,
	"numero": true, "of": true, "plate": true, "mark": true}
