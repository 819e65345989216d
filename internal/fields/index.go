package fields

import (
	"context"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
)

// Index is a layout prepared once for any number of fields: visual rows
// (lines that share a baseline, even when the reader split them into
// blocks), segments (runs of words within a row separated by a wide gap:
// the cells of a label-left or two-column layout) and a token index for
// label look-ups. Building it is linear in the words, so a schema with a
// thousand fields costs one look-up per label phrase, not a scan per field.
type Index struct {
	L    *doc.Layout
	Rows []Row
	Segs []Seg
	// Occurrences of each token, stored once: tokID numbers the
	// vocabulary in reading order and occ[occStart[id]:occStart[id+1]]
	// are token id's positions. One slice per token cost a map entry, a
	// small allocation and its growth per distinct word.
	tokID    map[string]int32
	occStart []int32
	occ      []pos
	dels     map[string][]string // one-deletion variants -> vocabulary tokens
	Locale   Locale

	mu    sync.Mutex
	cache map[string]lookupRes // lookup answers by token
}

type lookupRes struct {
	ps []pos
	qs []float64
}

// Row is a visual row of one page.
type Row struct {
	Page   int
	Segs   []int // indices into Index.Segs, left to right
	Box    doc.Box
	Header bool // looks like a table header (many column labels)
}

// Seg is a run of words on one row.
type Seg struct {
	Row   int
	Words []int    // indices into Layout.Words, left to right
	Toks  []string // folded tokens, one per word ("" for punctuation)
	Box   doc.Box
}

type pos struct{ seg, off int }

// Fuzzy matching bounds. Labels are short words, so only tokens of
// minFuzzyRunes..maxFuzzyRunes runes get one-deletion variants: a longer
// token (a base64 blob, a run of digits) cannot be an OCR slip of a label,
// and its variants would cost the square of its length (a 40,000-rune
// token made 2.2 GB). The variant table is also capped per document, so a
// text of a million distinct words cannot grow it without bound; tokens
// past the cap, in reading order, are still found exactly.
const (
	minFuzzyRunes = 5
	maxFuzzyRunes = 32
	// maxFuzzyVariants bounds the entries of the variant table (about 100
	// bytes each with the map); a 50-page invoice uses a few tens of
	// thousands.
	maxFuzzyVariants = 1 << 18
)

// ctxEvery is how many loop iterations run between context checks: often
// enough to stop within milliseconds, rarely enough to cost nothing.
const ctxEvery = 4096

// NewIndex builds the index of a layout.
func NewIndex(l *doc.Layout) *Index {
	x, _ := NewIndexContext(context.Background(), l)
	return x
}

// NewIndexContext builds the index of a layout and stops early, returning
// the context's error and an index that finds nothing, once ctx is done.
func NewIndexContext(ctx context.Context, l *doc.Layout) (*Index, error) {
	x := emptyIndex(l)
	lines := 0
	for pi := range l.Pages {
		lines += len(l.Pages[pi].Lines)
	}
	x.Rows = make([]Row, 0, lines)
	x.Segs = make([]Seg, 0, lines)
	for pi := range l.Pages {
		if err := ctx.Err(); err != nil {
			return emptyIndex(l), err
		}
		x.addPage(&l.Pages[pi])
	}
	// Number the vocabulary in reading order (so that the variant cap
	// keeps the same tokens on every run) and count each token, then lay
	// the positions out token by token.
	var vocab []string
	var count []int32
	ids := make([]int32, 0, len(l.Words))
	n := 0
	for _, s := range x.Segs {
		for _, t := range s.Toks {
			if n++; n%ctxEvery == 0 && ctx.Err() != nil {
				return emptyIndex(l), ctx.Err()
			}
			if t == "" {
				continue
			}
			id, seen := x.tokID[t]
			if !seen {
				id = int32(len(vocab))
				x.tokID[t] = id
				vocab = append(vocab, t)
				count = append(count, 0)
			}
			count[id]++
			ids = append(ids, id)
		}
	}
	x.occStart = make([]int32, len(vocab)+1)
	for id, c := range count {
		x.occStart[id+1] = x.occStart[id] + c
	}
	x.occ = make([]pos, len(ids))
	next := count // reused as each token's fill cursor
	copy(next, x.occStart[:len(vocab)])
	k := 0
	for si, s := range x.Segs {
		for off, t := range s.Toks {
			if t == "" {
				continue
			}
			id := ids[k]
			k++
			x.occ[next[id]] = pos{si, off}
			next[id]++
		}
	}
	variants := 0
	for i, t := range vocab {
		if i%ctxEvery == 0 && ctx.Err() != nil {
			return emptyIndex(l), ctx.Err()
		}
		rc := utf8.RuneCountInString(t)
		if rc < minFuzzyRunes || rc > maxFuzzyRunes {
			continue
		}
		if variants += rc; variants > maxFuzzyVariants {
			break
		}
		for _, d := range deletions(t) {
			x.dels[d] = append(x.dels[d], t)
		}
	}
	x.markHeaders()
	x.Locale = guessLocale(l)
	return x, nil
}

// emptyIndex is what a cancelled build returns: valid, and finding nothing.
func emptyIndex(l *doc.Layout) *Index {
	return &Index{L: l, tokID: map[string]int32{}, occStart: []int32{0}, dels: map[string][]string{}}
}

// positions returns where token t occurs, in reading order.
func (x *Index) positions(t string) []pos {
	id, ok := x.tokID[t]
	if !ok {
		return nil
	}
	return x.occ[x.occStart[id]:x.occStart[id+1]]
}

// deletions returns the strings made by deleting one rune of t. Callers
// keep t short (maxFuzzyRunes): the result is quadratic in its length.
func deletions(t string) []string {
	out := make([]string, 0, len(t))
	for i := 0; i < len(t); {
		_, w := utf8.DecodeRuneInString(t[i:])
		out = append(out, t[:i]+t[i+w:])
		i += w
	}
	return out
}

// addPage groups a page's reader lines into visual rows and cuts rows into
// segments. Reader lines are the starting point because an OCR engine's
// lines already follow a skewed baseline; lines whose vertical extents
// overlap by half are the same visual row.
func (x *Index) addPage(p *doc.Page) {
	l := x.L
	type line struct {
		words []int
		box   doc.Box
	}
	geo := false
	lines := make([]line, 0, len(p.Lines))
	for _, ln := range p.Lines {
		ws := make([]int, 0, ln.EndWord-ln.FirstWord)
		for i := ln.FirstWord; i < ln.EndWord; i++ {
			ws = append(ws, i)
		}
		if len(ws) == 0 {
			continue
		}
		if !ln.Box.IsZero() {
			geo = true
		}
		lines = append(lines, line{ws, ln.Box})
	}
	if !geo {
		// Geometry-free pages: each reader line is a row and one segment.
		for _, ln := range lines {
			x.addRow(p.Number, ln.words, doc.Box{}, false, 0)
		}
		return
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].box.Y0 < lines[j].box.Y0 })
	type vrow struct {
		words []int
		box   doc.Box
	}
	var rows []vrow
	for _, ln := range lines {
		joined := false
		for k := len(rows) - 1; k >= 0 && k >= len(rows)-3; k-- {
			r := &rows[k]
			ov := math.Min(r.box.Y1, ln.box.Y1) - math.Max(r.box.Y0, ln.box.Y0)
			h := math.Min(r.box.Height(), ln.box.Height())
			if h > 0 && ov >= 0.5*h {
				r.words = append(r.words, ln.words...)
				r.box = r.box.Union(ln.box)
				joined = true
				break
			}
		}
		if !joined {
			rows = append(rows, vrow{append([]int(nil), ln.words...), ln.box})
		}
	}
	aspect := 1.0
	if p.Width > 0 && p.Height > 0 {
		aspect = p.Height / p.Width
	} else {
		aspect = 1.3
	}
	for _, r := range rows {
		sort.SliceStable(r.words, func(i, j int) bool { return l.Words[r.words[i]].Box.X0 < l.Words[r.words[j]].Box.X0 })
		x.addRow(p.Number, r.words, r.box, true, aspect)
	}
}

// addRow appends a row and its segments. A gap wider than about one and a
// half line heights (or 2.5 % of the page) separates two cells; a space
// between words of one phrase is far narrower.
func (x *Index) addRow(page int, words []int, box doc.Box, geo bool, aspect float64) {
	l := x.L
	ri := len(x.Rows)
	x.Rows = append(x.Rows, Row{Page: page, Box: box})
	// Segments share the row's word slice (capacity-limited so that no
	// append can run into the next segment) instead of copying it.
	from := 0
	flush := func(to int) {
		if to == from {
			return
		}
		cur := words[from:to:to]
		from = to
		s := Seg{Row: ri, Words: cur, Toks: make([]string, 0, len(cur))}
		for _, wi := range cur {
			s.Toks = append(s.Toks, labelTok(l.Words[wi].Text))
			s.Box = s.Box.Union(l.Words[wi].Box)
		}
		x.Rows[ri].Segs = append(x.Rows[ri].Segs, len(x.Segs))
		x.Segs = append(x.Segs, s)
	}
	for k, wi := range words {
		if geo && k > 0 {
			prev, w := l.Words[words[k-1]].Box, l.Words[wi].Box
			h := math.Max(prev.Height(), w.Height()) * aspect
			if w.X0-prev.X1 > math.Max(0.025, 1.5*h) {
				flush(k)
			}
		}
	}
	flush(len(words))
}

// lookup returns positions where tok occurs, exactly (quality 1) or with
// one edit (quality 0.85) for tokens of five letters or more.
func (x *Index) lookup(tok string) ([]pos, []float64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if r, ok := x.cache[tok]; ok {
		return r.ps, r.qs
	}
	if x.cache == nil {
		x.cache = map[string]lookupRes{}
	}
	ps, qs := x.lookupUncached(tok)
	x.cache[tok] = lookupRes{ps, qs}
	return ps, qs
}

// Answers are cut at maxLabelPositions: no caller reads further, and a
// word repeated a million times would otherwise be copied in full.
func (x *Index) lookupUncached(tok string) ([]pos, []float64) {
	exact := x.positions(tok)
	exact = exact[:min(len(exact), maxLabelPositions)]
	ps := append(make([]pos, 0, len(exact)), exact...)
	qs := make([]float64, len(exact))
	for i := range qs {
		qs[i] = 1
	}
	if rc := utf8.RuneCountInString(tok); rc < minFuzzyRunes || rc > maxFuzzyRunes {
		return ps, qs
	}
	seen := map[string]bool{tok: true}
	try := func(v string) {
		if seen[v] || labelVocab[v] {
			// A real label word is never an OCR slip of another one
			// ("employee" is not a misread "employer").
			return
		}
		seen[v] = true
		for _, p := range x.positions(v) {
			if len(ps) >= maxLabelPositions {
				return
			}
			ps = append(ps, p)
			qs = append(qs, 0.85)
		}
	}
	// The token with one rune deleted, extra rune in the text, or one
	// rune substituted (both sides share a deletion).
	for _, d := range deletions(tok) {
		try(d)
		for _, v := range x.dels[d] {
			try(v)
		}
	}
	for _, v := range x.dels[tok] {
		try(v)
	}
	return ps, qs
}

// tokEq compares two tokens allowing one edit for tokens of label length
// (minFuzzyRunes..maxFuzzyRunes); longer tokens must match exactly, like
// in the index.
func tokEq(a, b string) float64 {
	if a == b {
		return 1
	}
	// Bounding by bytes, then counting, keeps a 10 MB token from being
	// scanned or copied into runes once per comparison.
	if len(a) > utf8.UTFMax*maxFuzzyRunes || len(b) > utf8.UTFMax*maxFuzzyRunes ||
		len(a) < minFuzzyRunes || len(b) < minFuzzyRunes { // fewer bytes than the runes needed
		return 0
	}
	if asciiOnly(a) && asciiOnly(b) {
		// Most tokens: bytes are letters, so neither is counted nor
		// copied into runes (this runs once per token pair of a table
		// header search).
		if abs(len(a)-len(b)) > 1 || len(a) > maxFuzzyRunes || len(b) > maxFuzzyRunes {
			return 0
		}
		if editDistance1([]byte(a), []byte(b)) {
			return 0.85
		}
		return 0
	}
	na, nb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if na < minFuzzyRunes || nb < minFuzzyRunes || abs(na-nb) > 1 || na > maxFuzzyRunes || nb > maxFuzzyRunes {
		return 0
	}
	if editDistance1([]rune(a), []rune(b)) {
		return 0.85
	}
	return 0
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

func asciiOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// editDistance1 reports whether a and b differ by at most one edit.
func editDistance1[T byte | rune](a, b []T) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	i, j, edits := 0, 0, 0
	for i < len(a) && j < len(b) {
		if a[i] == b[j] {
			i++
			j++
			continue
		}
		edits++
		if edits > 1 {
			return false
		}
		if len(a) == len(b) {
			i++
		}
		j++
	}
	return edits+(len(b)-j)+(len(a)-i) <= 1
}

// lineItemConcepts are the column labels of item tables; a row carrying
// three of them is a table header, and labels found there are weak
// evidence for document-level fields ("Total" heading a column is not the
// invoice total).
var lineItemConcepts = []string{"description", "quantity", "unit_price", "amount", "tax_rate", "date", "balance", "debit", "credit"}

var headerPhrases = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range lineItemConcepts {
		for _, s := range concepts[c] {
			m[strings.Join(Tokens(s), " ")] = true
		}
	}
	return m
}()

func (x *Index) markHeaders() {
	for ri := range x.Rows {
		r := &x.Rows[ri]
		if len(r.Segs) < 3 {
			continue
		}
		n := 0
		for _, si := range r.Segs {
			if headerPhrases[strings.Join(nonEmpty(x.Segs[si].Toks), " ")] {
				n++
			}
		}
		r.Header = n >= 3
	}
}

func nonEmpty(ts []string) []string {
	out := ts[:0:0]
	for _, t := range ts {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}

// HasLabel reports whether any label phrase of a field (its name, concept
// synonyms or short description) occurs in the indexed document.
func (x *Index) HasLabel(name, description string) bool {
	for _, ph := range labelPhrases(name, description) {
		ps, _ := x.lookup(ph.toks[0])
		for _, p := range ps {
			s := &x.Segs[p.seg]
			if p.off+len(ph.toks) > len(s.Toks) {
				continue
			}
			ok := true
			for k, t := range ph.toks[1:] {
				if tokEq(t, s.Toks[p.off+1+k]) == 0 {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

// labelVocab holds every token of every known label.
var labelVocab = func() map[string]bool {
	m := map[string]bool{}
	for _, ss := range concepts {
		for _, s := range ss {
			for _, t := range Tokens(strings.NewReplacer("-", " ", "/", " ", ".", " ").Replace(s)) {
				m[labelTok(t)] = true
			}
		}
	}
	return m
}()
