package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/gazetteer"
)

// Person names and places without a label are found on runs of
// capitalised words: "Yesterday John Smith flew to New York" holds the
// runs [Yesterday John Smith] and [New York]. The scanner hands every
// capitalised letter word to capWord; words stay in one run while only a
// space, a hyphen, an apostrophe, an initial's dot or name and place
// particles ("van der", "am", "de") stand between them. When a run ends,
// flushCaps looks the words up in the gazetteer and emits what the run
// holds (detect_name.go, detect_place.go).

// maxRunWords bounds a run: a longer title-case line is split.
const maxRunWords = 12

type capWord struct {
	start, end int
	fa, fb     int // folded form: capRun.arena[fa:fb]
	flags      gazetteer.Flags
	upper      bool // written in capitals only ("YILMAZ")
}

type capRun struct {
	words   []capWord
	arena   []byte
	scratch []byte    // folded neighbour words, reused
	pending []Finding // findings of the run being evaluated
	on      int8      // 0 unknown, 1 a name or place type is enabled, -1 neither
}

func (r *capRun) folded(w *capWord) []byte { return r.arena[w.fa:w.fb] }

// key folds a word of the text into the scratch buffer (valid until the
// next call); map lookups with string(key) do not allocate.
func (r *capRun) key(w string) []byte {
	r.scratch = gazetteer.Fold(r.scratch[:0], w)
	return r.scratch
}

// capWord takes the letter word [i,j) if it starts with a capital.
func (s *scanner) capWord(i, j int) {
	t := s.text
	c := t[i]
	if c < utf8.RuneSelf {
		if class[c] != clUpper {
			return
		}
	} else if r, _ := utf8.DecodeRuneInString(t[i:]); !unicode.IsUpper(r) {
		return
	}
	if j-i == 2 && i >= 5 && t[i-1] == ' ' && class[t[i+1]] == clUpper && isDigit(t[i-2]) && isDigit(t[i-5]) {
		return // the letters of a Dutch postcode ("3011 AB Rotterdam")
	}
	if j-i <= 3 && c < utf8.RuneSelf && (j-i == 1 || class[t[i+1]] == clUpper) {
		s.flushCaps() // "EUR", "VAT", "A": codes and initials are no names or places
		return
	}
	if camelCase(t[i:j]) {
		s.flushCaps() // "iPhone", "LeeR" in base64, "McDonald's" aside: no name or place word
		return
	}
	run := &s.caps
	if run.on == 0 {
		run.on = -1
		for _, n := range []string{"name", "location"} {
			if d := byName[n]; d != nil && s.cfg.enabled.has(d.idx) {
				run.on = 1
			}
		}
	}
	if run.on < 0 {
		return
	}
	if n := len(run.words); n > 0 && (n >= maxRunWords || !runGap(t, run.words[n-1].start, run.words[n-1].end, i)) {
		s.flushCaps()
	}
	fa := len(run.arena)
	var h uint64
	run.arena, h = gazetteer.FoldHash(run.arena, t[i:j])
	w := capWord{start: i, end: j, fa: fa, fb: len(run.arena), upper: allUpper(t[i:j])}
	w.flags = gazetteer.WordHashed(run.arena[fa:], h)
	run.words = append(run.words, w)
}

// runGap reports whether the text between the previous run word and i
// keeps them in one run.
func runGap(t string, prevStart, prevEnd, i int) bool {
	if i-prevEnd > 12 {
		return false
	}
	g := t[prevEnd:i]
	switch g {
	case " ", "-", "'", "’":
		return true
	case ". ":
		return prevEnd-prevStart == 1 // "J. Smith"
	}
	if len(g) < 3 || len(g) > 12 || g[0] != ' ' || g[len(g)-1] != ' ' {
		return false
	}
	for rest := g[1 : len(g)-1]; rest != ""; {
		p, tail, _ := strings.Cut(rest, " ")
		if !runParticles[p] {
			return false
		}
		rest = tail
	}
	return true
}

// runParticles may stand inside a name or a place name.
var runParticles = map[string]bool{"van": true, "von": true, "de": true, "der": true, "den": true, "da": true,
	"di": true, "del": true, "della": true, "la": true, "le": true, "du": true, "dos": true, "das": true, "do": true,
	"ten": true, "ter": true, "zu": true, "am": true, "an": true, "im": true, "in": true, "upon": true,
	"on": true, "sur": true, "sul": true, "les": true, "el": true, "al": true, "nad": true, "ob": true, "bei": true}

// camelCase reports an ASCII capital after a lower-case letter ("LeeR",
// "PowerPoint"); "McDonald" and "DeVries" pass for names.
func camelCase(w string) bool {
	for k := 2; k < len(w); k++ {
		if class[w[k]] == clUpper && class[w[k-1]] == clLower && !(k == 2 && w[:2] == "Mc") && !(k == 3 && (w[:3] == "Mac")) && !(k == 2 && (w[:2] == "De" || w[:2] == "Le" || w[:2] == "Di")) {
			return true
		}
	}
	return false
}

func allUpper(w string) bool {
	if len(w) > 1 && class[w[1]] == clLower {
		return false // the common case, "Berlin"
	}
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		n++
	}
	return n > 1
}

// flushCaps evaluates the pending run and empties it.
func (s *scanner) flushCaps() {
	run := &s.caps
	switch {
	case len(run.words) == 0:
		return
	case len(run.words) > 1 || run.words[0].flags != 0:
		s.evalRun(run.words) // a lone word no list knows holds nothing
	}
	run.words = run.words[:0]
	run.arena = run.arena[:0]
}

func (s *scanner) evalRun(ws []capWord) {
	// Most runs are one capitalised word opening a sentence or a heading
	// that no list knows: they hold no name and no place, and cost
	// nothing more.
	if !s.runMayHold(ws) {
		return
	}
	// Findings wait in s.caps.pending: the checks for companies, streets
	// and organisations around the run cost more than the look-ups, so
	// they run only for runs that hold something.
	s.caps.pending = s.caps.pending[:0]
	defer func() {
		if len(s.caps.pending) > 0 && !s.runVetoed(ws) {
			for _, h := range s.caps.pending {
				s.emit(byName[h.Type], h.Start, h.End, h.Score)
			}
		}
	}()
	nameOn := s.cfg.enabled.has(byName["name"].idx)
	placeOn := s.cfg.enabled.has(byName["location"].idx)
	for p := 0; p < len(ws); {
		if nameOn {
			if q := s.personAt(ws, p); q > p {
				p = q
				continue
			}
		}
		if placeOn {
			if q := s.placeAt(ws, p); q > p {
				p = q
				continue
			}
		}
		p++
	}
}

// holdCap keeps a finding of the run being evaluated.
func (s *scanner) holdCap(d *detector, start, end int, score float64) {
	s.caps.pending = append(s.caps.pending, Finding{Type: d.Name, Start: start, End: end, Score: score})
}

// runMayHold is the cheap test before the others: a run of one word
// holds a place only if the word is one, and a name only after an
// honorific or before a Turkish one; a longer run needs a listed word or
// an honorific in it.
func (s *scanner) runMayHold(ws []capWord) bool {
	const named = gazetteer.Given | gazetteer.Surname
	if len(ws) == 1 {
		w := &ws[0]
		if w.flags&gazetteer.PlaceWord != 0 {
			return true
		}
		return w.flags&named != 0 && (s.honorificBefore(ws, 0) || s.turkishHonorificAfter(w.end))
	}
	for k := range ws {
		if ws[k].flags&(named|gazetteer.PlaceWord) != 0 || (ws[k].flags&gazetteer.PlaceHead != 0 && k+1 < len(ws)) {
			return true
		}
		if honorificsBefore[string(s.caps.folded(&ws[k]))] {
			return true
		}
	}
	return false
}
