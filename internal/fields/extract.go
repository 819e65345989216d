package fields

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// Options tune an extraction.
type Options struct {
	// Language (ISO 639-1) and Country (ISO 3166-1) decide ambiguous date
	// orders; empty Language is guessed from the text, empty Country is
	// taken from the spec.
	Language string
	Country  string
	// Index reuses a prepared index (e.g. the classifier's) for this layout.
	Index *Index
}

// Result is what Extract found.
type Result struct {
	Groups     []api.ExtractedGroup
	Pages      []int   // sorted pages holding at least one value
	Confidence float64 // mean confidence of the top-level fields (missing optional fields do not count)
	// Paid is, per total field, what the page says was paid (tendered
	// minus change) when it prints both with cents, whatever the field
	// answered: Vote counts it as a reading's weaker support.
	Paid map[string]float64
	// Rounding holds the total fields whose page prints a rounding line
	// ("Rounding Adj"), its amount read or not: the shop rounds the
	// total itself, so the rounded amount is the total.
	Rounding map[string]bool
}

// Extract reads the fields of spec from the layout. Boxes come back
// ungraded: grading is the bbox_validation stage's job (GradeFields), done
// once there.
func Extract(l *doc.Layout, spec api.DocumentTypeSpec, opts Options) Result {
	res, _ := ExtractContext(context.Background(), l, spec, opts)
	return res
}

// ExtractContext is Extract that stops soon after ctx is done: it then
// returns what it found so far (fields not reached are missing) and the
// context's error, so that a timed-out request stops using a core.
func ExtractContext(ctx context.Context, l *doc.Layout, spec api.DocumentTypeSpec, opts Options) (Result, error) {
	x := opts.Index
	if x == nil || x.L != l {
		var err error
		if x, err = NewIndexContext(ctx, l); err != nil {
			return Result{Groups: []api.ExtractedGroup{}, Pages: []int{}}, err
		}
	}
	loc := x.Locale
	if opts.Language != "" {
		loc.Language = opts.Language
	}
	loc.Country = opts.Country
	if loc.Country == "" {
		loc.Country = spec.Country
	}
	e := &extractor{x: x, loc: loc, re: map[string]*regexp.Regexp{}, ctx: ctx}
	var res Result
	pages := map[int]bool{}
	var sum float64
	var n int
	for _, g := range spec.FieldGroups {
		eg := api.ExtractedGroup{Name: g.Name, Fields: []api.ExtractedField{}}
		for i := range g.Fields {
			f := e.field(&g.Fields[i], 0)
			eg.Fields = append(eg.Fields, f)
			for _, p := range f.Pages {
				pages[p] = true
			}
			if f.Value != nil || g.Fields[i].Required {
				sum += f.Confidence
				n++
			}
		}
		res.Groups = append(res.Groups, eg)
	}
	if res.Groups == nil {
		res.Groups = []api.ExtractedGroup{}
	}
	res.Pages = []int{}
	for p := range pages {
		res.Pages = append(res.Pages, p)
	}
	sort.Ints(res.Pages)
	if n > 0 {
		res.Confidence = sum / float64(n)
	}
	res.Paid = e.paidFor
	res.Rounding = e.roundingFor
	return res, e.err
}

type extractor struct {
	x   *Index
	loc Locale
	re  map[string]*regexp.Regexp

	ctx   context.Context
	ticks int   // loop iterations since the last context check
	err   error // the context's error once it is done

	paid    float64            // tendered minus change, set by rankedTotal (0: not printed)
	paidFor map[string]float64 // Result.Paid
	// rounding is whether the page prints a rounding line, set by
	// rankedTotal; roundingFor is Result.Rounding.
	rounding    bool
	roundingFor map[string]bool

	domainNames map[string]float64 // domains, once computed
}

// cancelled reports whether the extraction should stop. Every loop over
// the document calls it; the context itself is read every ctxEvery calls.
func (e *extractor) cancelled() bool {
	if e.err != nil {
		return true
	}
	if e.ticks++; e.ticks%ctxEvery == 0 || e.ticks == 1 {
		e.err = e.ctx.Err()
	}
	return e.err != nil
}

// maxDepth bounds recursion into nested objects; deeper members are
// reported missing rather than risking a runaway schema.
const maxDepth = 32

func missing(name string) api.ExtractedField {
	return api.ExtractedField{Name: name, Pages: []int{}}
}

func (e *extractor) field(f *api.Field, depth int) api.ExtractedField {
	if depth > maxDepth || e.cancelled() {
		return missing(f.Name)
	}
	switch f.EffectiveType() {
	case api.TypeObject:
		return e.object(f, depth)
	case api.TypeArray:
		if f.Items != nil && f.Items.EffectiveType() == api.TypeObject {
			return e.table(f, depth)
		}
		if f.Items != nil && f.Items.EffectiveType() != api.TypeArray {
			return e.list(f)
		}
		return missing(f.Name)
	}
	c, ok := e.best(taxWordField(f))
	if !ok {
		return missing(f.Name)
	}
	return e.ground(f.Name, c)
}

// object extracts members and summarises them: pages are the union, the
// box covers the members on the first page they appear on.
func (e *extractor) object(f *api.Field, depth int) api.ExtractedField {
	out := api.ExtractedField{Name: f.Name, Pages: []int{}}
	members := make([]api.ExtractedField, 0, len(f.Fields))
	pages := map[int]bool{}
	var sum float64
	found := 0
	for i := range f.Fields {
		m := e.field(&f.Fields[i], depth+1)
		members = append(members, m)
		for _, p := range m.Pages {
			pages[p] = true
		}
		if m.Value != nil {
			sum += m.Confidence
			found++
		}
	}
	if found == 0 {
		return out
	}
	out.Value = members
	for p := range pages {
		out.Pages = append(out.Pages, p)
	}
	sort.Ints(out.Pages)
	out.Confidence = sum / float64(len(f.Fields))
	return out
}

// list extracts an array of primitives: one value per label occurrence
// (each "IBAN:" line gives one IBAN), read with the item's shape.
func (e *extractor) list(f *api.Field) api.ExtractedField {
	out := missing(f.Name)
	item := *f.Items
	if item.Name == "" {
		item.Name = f.Name
	}
	if item.Description == "" {
		item.Description = f.Description
	}
	k := kindOf(&item)
	re := e.regex(&item)
	seen := map[string]bool{}
	var rows []api.ExtractedField
	pages := map[int]bool{}
	var sum float64
	for _, m := range e.findLabels(labelPhrases(f.Name, f.Description)) {
		var best cand
		for _, vc := range e.valueCandidates(m) {
			p, ok := parseAs(k, e.texts(vc.words), e.loc, &item, re)
			if !ok {
				continue
			}
			if c := m.q * p.q * vc.w; c > best.score {
				best = cand{p.value, vc.words[:p.n], math.Min(1, c)}
			}
		}
		key := fmt.Sprint(best.value)
		if best.value == nil || seen[key] {
			continue
		}
		seen[key] = true
		r := e.ground(item.Name, best)
		rows = append(rows, r)
		for _, p := range r.Pages {
			pages[p] = true
		}
		sum += r.Confidence
	}
	if len(rows) == 0 {
		return out
	}
	out.Value = rows
	for p := range pages {
		out.Pages = append(out.Pages, p)
	}
	sort.Ints(out.Pages)
	out.Confidence = round3(sum / float64(len(rows)))
	return out
}

// cand is one possible value of a field.
type cand struct {
	value any
	words []int // layout word indices covering the value
	score float64
}

func (e *extractor) regex(f *api.Field) *regexp.Regexp {
	if f.Pattern == nil || *f.Pattern == "" {
		return nil
	}
	if r, ok := e.re[*f.Pattern]; ok {
		return r
	}
	r, err := regexp.Compile("^(?:" + *f.Pattern + ")$")
	if err != nil {
		r = nil
	}
	e.re[*f.Pattern] = r
	return r
}

// labelMatch is one occurrence of a label phrase.
type labelMatch struct {
	seg, start, end int // token range [start,end) in the segment
	q               float64
}

// findLabels returns the occurrences of a field's label phrases. A match
// that does not start its segment is discounted: "Date" inside "Due Date"
// is rarely the issue date's label.
func (e *extractor) findLabels(phrases []phrase) []labelMatch {
	var out []labelMatch
	own := map[string]bool{}
	for _, ph := range phrases {
		own[strings.Join(ph.toks, " ")] = true
	}
	seen := map[[3]int]bool{}
	examined := 0
phrases:
	for _, ph := range phrases {
		ps, qs := e.x.lookup(ph.toks[0])
		for k, p := range ps {
			if e.cancelled() {
				return nil
			}
			if examined++; examined > maxLabelPositions || len(out) >= maxLabelMatches {
				break phrases
			}
			s := &e.x.Segs[p.seg]
			q := qs[k] * ph.weight
			off := p.off
			ok := true
			for _, t := range ph.toks[1:] {
				off++
				// Punctuation, and a qualifier in brackets, may stand
				// between a label's words: "Invoice (copy) No.",
				// "Handelsrechnung (380) Nr.".
				for off < len(s.Toks) && (s.Toks[off] == "" || bracketed(e.x.L.Words[s.Words[off]].Text)) {
					off++
				}
				if off >= len(s.Toks) {
					ok = false
					break
				}
				m := tokEq(t, s.Toks[off])
				if m == 0 {
					ok = false
					break
				}
				q *= m
			}
			if !ok {
				continue
			}
			if e.partOfOtherLabel(s, p.off, off+1, own) {
				continue
			}
			key := [3]int{p.seg, p.off, off + 1}
			if seen[key] {
				continue
			}
			seen[key] = true
			colon := strings.HasSuffix(e.x.L.Words[s.Words[off]].Text, ":") ||
				(off+1 < len(s.Words) && strings.HasPrefix(e.x.L.Words[s.Words[off+1]].Text, ":"))
			// A fuzzy match must look like a label: followed by a colon or
			// standing alone in its cell. (Judged on the match alone: a
			// label read exactly may stand mid-line, "... Paris - N° de
			// TVA: FR 604 219 388 61".)
			if q < ph.weight*0.99 && (p.off > 0 || (!colon && off+1 < len(s.Words))) {
				continue
			}
			if p.off > 0 {
				q *= 0.6
			}
			if colon {
				q *= 1.15 // a colon marks a label
			}
			if e.x.Rows[s.Row].Header {
				q *= 0.5
			}
			// Longer labels are more specific: "Total VAT" beats "Total".
			q *= 1 + 0.03*float64(len(ph.toks)-1)
			out = append(out, labelMatch{seg: p.seg, start: p.off, end: off + 1, q: q})
		}
	}
	// Within one field, a match inside a longer match of the same field is
	// the same label read short ("Payment" in "Payment method").
	kept := out[:0:0]
	for i, m := range out {
		inner := false
		for j, o := range out {
			if i != j && o.seg == m.seg && o.start <= m.start && o.end >= m.end && o.end-o.start > m.end-m.start {
				inner = true
				break
			}
		}
		if !inner {
			kept = append(kept, m)
		}
	}
	return kept
}

// partOfOtherLabel reports whether the match [start,end) is the head or
// tail of a longer label that belongs to something else: "Employee" in
// "Employee No", "Date" in "Due Date", "Bank" in "Bank Statement". Such a
// match is not this field's label.
func (e *extractor) partOfOtherLabel(s *Seg, start, end int, own map[string]bool) bool {
	for a := max(0, start-3); a <= start; a++ {
		for b := end; b <= min(len(s.Toks), end+3); b++ {
			if a == start && b == end {
				continue
			}
			k := strings.Join(nonEmpty(s.Toks[a:b]), " ")
			if !own[k] && (allLabels[k] || titlePhrases[k]) {
				return true
			}
		}
	}
	return false
}

// titlePhrases are document headings that contain field words ("Bank
// Statement" is not a bank name's label).
var titlePhrases = map[string]bool{
	"bank statement": true, "account statement": true, "statement of account": true, "purchase order": true, "tax invoice": true,
	"sales receipt": true, "pay slip": true, "delivery note": true, "expense report": true, "credit note": true,
}

// isLabelOnly reports whether a segment is itself a known label (so it
// cannot be the value of the label next to it).
func (e *extractor) isLabelOnly(s *Seg) bool {
	last := e.x.L.Words[s.Words[len(s.Words)-1]].Text
	if strings.HasSuffix(last, ":") {
		return true
	}
	k, ok := joinShort(s.Toks, maxLabelToks)
	return ok && allLabels[k]
}

var allLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, ss := range concepts {
		for _, s := range ss {
			m[strings.Join(Tokens(strings.NewReplacer("-", " ", "/", " ").Replace(s)), " ")] = true
		}
	}
	return m
}()

// best finds the best-scoring candidate for a primitive field.
func (e *extractor) best(f *api.Field) (cand, bool) {
	k := kindOf(f)
	re := e.regex(f)
	c := conceptFor(f.Name, f.Description)
	nameLike := strings.HasSuffix(c, "_name") || c == "account_holder" || strings.HasSuffix(f.Name, "name")
	if c == "total_amount" && k == kAmount {
		e.paid, e.rounding = 0, false
		t, ok := e.rankedTotal()
		if e.paid > 0 {
			if e.paidFor == nil {
				e.paidFor = map[string]float64{}
			}
			e.paidFor[f.Name] = e.paid
		}
		if e.rounding {
			if e.roundingFor == nil {
				e.roundingFor = map[string]bool{}
			}
			e.roundingFor[f.Name] = true
		}
		if ok {
			return t, true
		}
	}
	var best cand
	found := false
	consider := func(c cand) {
		if !found || c.score > best.score+1e-9 {
			best, found = c, true
		}
	}
	for _, m := range e.findLabels(labelPhrases(f.Name, f.Description)) {
		if e.cancelled() {
			return cand{}, false
		}
		vcs := e.valueCandidates(m)
		if vc, ok := e.rowChoice(f, m); ok {
			vcs = []valueCand{vc} // a printed option list with one option marked
		} else if nameLike {
			if ws, ok := e.partyName(m); ok {
				vcs = append([]valueCand{{ws, 0.9}}, vcs...) // "Verkäufer" / "Nummer: 1234" / "Name: X AG"
			}
		}
		for _, vc := range vcs {
			for len(vc.words) > 1 && isPunct(e.x.L.Words[vc.words[0]].Text) {
				vc.words = vc.words[1:] // "# 123", ": value"
			}
			words := make([]string, len(vc.words))
			for i, wi := range vc.words {
				words[i] = e.x.L.Words[wi].Text
			}
			p, ok := parseAs(k, words, e.loc, f, re)
			if !ok || (k == kText && nameLike && (looksNumeric(words, e.loc) || strings.HasSuffix(words[0], ":"))) {
				continue
			}
			ws := vc.words[:p.n]
			conf := m.q * p.q * vc.w * wordConf(e.x.L, ws)
			if conf > 1 {
				conf = 1
			}
			consider(cand{value: p.value, words: ws, score: conf})
		}
	}
	if !found && k == kDate && c == "issue_date" {
		if t, ok := e.titleDate(f); ok {
			consider(t) // "Rechnung Nr. 2024-001 vom 15.03.2024"
		}
	}
	if h, ok := e.preferHeader(c, best, found); ok {
		return h, true
	}
	if found {
		return best, true
	}
	if e.cancelled() {
		return cand{}, false
	}
	return e.fallback(f, k, re)
}

type valueCand struct {
	words []int
	w     float64 // position weight
}

// valueCandidates lists where a label's value may sit: the rest of its
// segment, the next cell to the right, or the cell below (label-above
// layouts), in that order of preference.
func (e *extractor) valueCandidates(m labelMatch) []valueCand {
	x := e.x
	s := &x.Segs[m.seg]
	var out []valueCand
	i := m.end
	// Skip the filler between label and value: colons, dashes and rate
	// qualifiers such as "20%", "%20" or "20 %" ("VAT 20%: 40.00").
	for i < len(s.Words) {
		t := x.L.Words[s.Words[i]].Text
		if isPunct(t) || strings.Contains(t, "%") {
			i++
			continue
		}
		if i+1 < len(s.Words) && x.L.Words[s.Words[i+1]].Text == "%" {
			i += 2
			continue
		}
		break
	}
	row := &x.Rows[s.Row]
	if i < len(s.Words) {
		out = append(out, valueCand{clipWords(s.Words[i:]), 1})
		// "TOTAL AMOUNT DUE ON August 3, 2014 ...... $4.11": when the rest
		// of the cell is not the value, the row's last cell often is.
		if last := row.Segs[len(row.Segs)-1]; last != m.seg {
			out = append(out, valueCand{clipWords(x.Segs[last].Words), 0.85})
		}
		return out
	}
	for k, si := range row.Segs {
		if si != m.seg || k+1 >= len(row.Segs) {
			continue
		}
		next := &x.Segs[row.Segs[k+1]]
		near := next.Box.X0-s.Box.X1 < 0.45
		if near && !e.isLabelOnly(next) {
			out = append(out, valueCand{clipWords(next.Words), 0.97})
		}
		// The row's last cell, however far: right-aligned amounts.
		if last := row.Segs[len(row.Segs)-1]; last != row.Segs[k+1] || !near {
			out = append(out, valueCand{clipWords(x.Segs[last].Words), 0.85})
		}
	}
	// Below: the first segment on the next rows that overlaps the label
	// horizontally; stop at a big vertical gap.
	if s.Box.IsZero() {
		if s.Row+1 < len(x.Rows) && x.Rows[s.Row+1].Page == row.Page {
			for _, si := range x.Rows[s.Row+1].Segs {
				out = append(out, valueCand{clipWords(x.Segs[si].Words), 0.85})
			}
		}
		return out
	}
	h := row.Box.Height()
	for r := s.Row + 1; r < len(x.Rows) && r <= s.Row+3; r++ {
		nr := &x.Rows[r]
		if nr.Page != row.Page || nr.Box.Y0-row.Box.Y1 > 3*h+0.01 {
			break
		}
		hit := false
		for _, si := range nr.Segs {
			o := &x.Segs[si]
			if o.Box.X1 < s.Box.X0-0.01 || o.Box.X0 > s.Box.X1+0.01 {
				continue
			}
			hit = true
			if e.isLabelOnly(o) {
				break
			}
			out = append(out, valueCand{clipWords(o.Words), 0.9})
			break
		}
		if hit {
			break
		}
	}
	return out
}

// wordConf is the mean reader confidence of the value's words (1 for text
// layers), so OCR doubt flows into the field confidence.
func wordConf(l *doc.Layout, ws []int) float64 {
	if len(ws) == 0 {
		return 0
	}
	var s float64
	for _, wi := range ws {
		c := l.Words[wi].Conf
		if c <= 0 {
			c = 1
		}
		s += c
	}
	return s / float64(len(ws))
}

// ground turns a candidate into an ExtractedField with pages and a box
// covering exactly the value's words (on the page of its first word).
func (e *extractor) ground(name string, c cand) api.ExtractedField {
	out := api.ExtractedField{Name: name, Value: c.value, Confidence: round3(c.score), Pages: []int{}}
	if len(c.words) == 0 {
		return out
	}
	l := e.x.L
	page := l.Words[c.words[0]].Page
	out.Pages = []int{page}
	var box doc.Box
	for _, wi := range c.words {
		if l.Words[wi].Page == page {
			box = box.Union(l.Words[wi].Box)
		}
	}
	out.BBox = ToBBox(l, page, box, c.score)
	return out
}

// ToBBox is the wire box of words on a page: normalised, clamped,
// rounded, with the page's source (text layer or OCR) and conf as the
// refinement confidence; nil for a zero box or a page without geometry.
func ToBBox(l *doc.Layout, page int, box doc.Box, conf float64) *api.BoundingBox {
	if box.IsZero() || page < 1 || page > len(l.Pages) {
		return nil
	}
	src := api.BoxSourcePDFText
	switch l.Pages[page-1].Source {
	case doc.SourceOCR:
		src = api.BoxSourceOCR
	case doc.SourceNative:
		return nil
	}
	rc := round3(conf)
	box = box.Clamp()
	return &api.BoundingBox{XMin: round4(box.X0), YMin: round4(box.Y0), XMax: round4(box.X1), YMax: round4(box.Y1), Source: src, RefinementConfidence: &rc}
}

func round3(v float64) float64 { return float64(int64(v*1000+0.5)) / 1000 }
func round4(v float64) float64 { return float64(int64(v*10000+0.5)) / 10000 }

// looksNumeric reports whether a candidate is a date or an amount, which
// cannot be the name of a person or a company.
func looksNumeric(words []string, loc Locale) bool {
	if _, n, _ := parseDateWords(words, loc); n == len(words) {
		return true
	}
	_, _, n, _ := parseAmountWords(words)
	return n == len(words)
}

// bracketed reports a word wholly in round brackets: "(380)", "(copy)".
func bracketed(w string) bool {
	return len(w) > 2 && w[0] == '(' && w[len(w)-1] == ')'
}
