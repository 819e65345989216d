package fields

import (
	"math"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// column is one header cell: a schema member (col >= 0) or a heading the
// schema does not ask for (col == -1), whose words are dropped.
type column struct {
	col    int
	x0, x1 float64
}

// stopConcepts end an item table: the totals block under it.
var stopConcepts = []string{"subtotal", "total_amount", "tax_amount", "closing_balance", "net_pay", "gross_pay", "deductions"}

var stopLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range stopConcepts {
		for _, s := range concepts[c] {
			m[strings.Join(Tokens(s), " ")] = true
		}
	}
	return m
}()

// table extracts an array of objects. Reader tables (doc.Table) are used
// when present; otherwise header rows are found by matching the members'
// labels along a visual row, and the rows below are cut into cells by the
// header cells' horizontal extents.
func (e *extractor) table(f *api.Field, depth int) api.ExtractedField {
	out := missing(f.Name)
	item := f.Items
	rowName := item.Name
	if rowName == "" {
		rowName = f.Name
	}
	phr := make([][]phrase, len(item.Fields))
	kinds := make([]kind, len(item.Fields))
	for i := range item.Fields {
		phr[i] = labelPhrases(item.Fields[i].Name, item.Fields[i].Description)
		kinds[i] = kindOf(&item.Fields[i])
	}
	var rows []api.ExtractedField
	for _, p := range e.x.L.Pages {
		for ti := range p.Tables {
			rows = append(rows, e.readerTable(&p.Tables[ti], item, rowName, phr, kinds)...)
		}
	}
	if len(rows) == 0 {
		for ri := range e.x.Rows {
			if e.cancelled() {
				return out
			}
			cols := e.headerColumns(ri, phr)
			if cols == nil {
				continue
			}
			rows = append(rows, e.bodyRows(ri, cols, item, rowName, kinds)...)
		}
	}
	if len(rows) == 0 {
		return out
	}
	pages := map[int]bool{}
	var sum float64
	for _, r := range rows {
		for _, p := range r.Pages {
			pages[p] = true
		}
		sum += r.Confidence
	}
	out.Value = rows
	for p := range pages {
		out.Pages = append(out.Pages, p)
	}
	sort.Ints(out.Pages)
	out.Confidence = round3(sum / float64(len(rows)))
	return out
}

// headerColumns returns the columns of row ri when it reads as a header
// of the item table (at least two members' labels, covering most of the
// row's words), else nil.
func (e *extractor) headerColumns(ri int, phr [][]phrase) []column {
	x := e.x
	r := &x.Rows[ri]
	type tw struct {
		tok string
		wi  int
	}
	// Count first: a row of more than 40 words is no header, and building
	// its token list would copy a million-word line once per table field.
	words := 0
	for _, si := range r.Segs {
		for _, t := range x.Segs[si].Toks {
			if t != "" {
				words++
			}
		}
	}
	if words < 2 || words > 40 {
		return nil
	}
	toks := make([]tw, 0, words)
	for _, si := range r.Segs {
		s := &x.Segs[si]
		for k, t := range s.Toks {
			if t != "" {
				toks = append(toks, tw{t, s.Words[k]})
			}
		}
	}
	if len(toks) < 2 || len(toks) > 40 {
		return nil
	}
	matched := make([]bool, len(toks))
	var cols []column
	used := map[int]bool{}
	for i := 0; i < len(toks); {
		bestCol, bestLen := -1, 0
		for c := range phr {
			if used[c] {
				continue
			}
			for _, ph := range phr[c] {
				if len(ph.toks) <= bestLen || i+len(ph.toks) > len(toks) {
					continue
				}
				ok := true
				for k, t := range ph.toks {
					if tokEq(t, toks[i+k].tok) == 0 {
						ok = false
						break
					}
				}
				if ok {
					bestCol, bestLen = c, len(ph.toks)
				}
			}
		}
		if bestCol < 0 {
			i++
			continue
		}
		used[bestCol] = true
		b := doc.Box{}
		for k := i; k < i+bestLen; k++ {
			matched[k] = true
			b = b.Union(x.L.Words[toks[k].wi].Box)
		}
		cols = append(cols, column{bestCol, b.X0, b.X1})
		i += bestLen
	}
	n := 0
	for _, m := range matched {
		if m {
			n++
		}
	}
	if len(cols) < 2 || float64(n) < 0.5*float64(len(toks)) {
		return nil
	}
	// Headings the schema does not ask for still own their column.
	for i, t := range toks {
		if !matched[i] {
			b := x.L.Words[t.wi].Box
			cols = append(cols, column{-1, b.X0, b.X1})
		}
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].x0 < cols[j].x0 })
	return cols
}

// assign picks the column a word box belongs to: the largest horizontal
// overlap, else the nearest header cell.
func assign(cols []column, b doc.Box) int {
	best, bestOv, bestD := -1, 0.0, math.Inf(1)
	for i, c := range cols {
		ov := math.Min(c.x1, b.X1) - math.Max(c.x0, b.X0)
		if ov > bestOv {
			best, bestOv = i, ov
		}
	}
	if best >= 0 {
		return best
	}
	for i, c := range cols {
		d := math.Max(c.x0-b.X1, b.X0-c.x1)
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// bodyRows reads the rows under a header until the totals block, a wide
// vertical gap, the end of the page or a row that fits no column.
func (e *extractor) bodyRows(hi int, cols []column, item *api.Field, rowName string, kinds []kind) []api.ExtractedField {
	x := e.x
	l := x.L
	hr := &x.Rows[hi]
	lineH := hr.Box.Height()
	prevY := hr.Box.Y1
	var out []api.ExtractedField
	var lastCells [][]int
	hasNumeric := false
	for _, k := range kinds {
		if k == kAmount || k == kInteger {
			hasNumeric = true
		}
	}
	for ri := hi + 1; ri < len(x.Rows) && !e.cancelled(); ri++ {
		r := &x.Rows[ri]
		if r.Page != hr.Page || r.Header || r.Box.Y0-prevY > 2.5*lineH+0.02 {
			break
		}
		first := &x.Segs[r.Segs[0]]
		if stopLabels[strings.Join(nonEmpty(first.Toks), " ")] || (len(first.Toks) > 0 && stopLabels[first.Toks[0]]) {
			break
		}
		cells := make([][]int, len(item.Fields))
		for _, si := range r.Segs {
			s := &x.Segs[si]
			runCol := -1
			for _, wi := range s.Words {
				w := l.Words[wi]
				_, _, _, numeric := parseNumberToken(w.Text)
				var c int
				if numeric || runCol < 0 {
					c = assign(cols, w.Box)
				} else {
					c = runCol
				}
				if !numeric {
					runCol = c
				}
				if c >= 0 && cols[c].col >= 0 {
					cells[cols[c].col] = append(cells[cols[c].col], wi)
				}
			}
		}
		vals := make([]parsed, len(item.Fields))
		okNum, okAny := false, false
		for c, ws := range cells {
			if len(ws) == 0 {
				continue
			}
			texts := e.texts(ws)
			if (kinds[c] == kAmount || kinds[c] == kInteger) && e.x.L.Pages[e.x.L.Words[ws[0]].Page-1].Source == doc.SourceOCR {
				for i := range texts {
					texts[i] = repairDigits(texts[i])
				}
			}
			p, ok := parseAs(kinds[c], texts, e.loc, &item.Fields[c], e.regex(&item.Fields[c]))
			if !ok {
				continue
			}
			p.n = len(ws)
			vals[c] = p
			okAny = true
			if kinds[c] == kAmount || kinds[c] == kInteger {
				okNum = true
			}
		}
		if !okAny {
			break
		}
		if hasNumeric && !okNum {
			// A wrapped description line continues the previous row.
			if lastCells != nil && len(out) > 0 {
				merged := false
				for c, ws := range cells {
					if len(ws) > 0 && kinds[c] == kText && lastCells[c] != nil {
						lastCells[c] = append(lastCells[c], ws...)
						merged = true
					}
				}
				if merged {
					out[len(out)-1] = e.rowField(rowName, item, kinds, lastCells, nil)
					prevY = r.Box.Y1
					continue
				}
			}
			break
		}
		out = append(out, e.rowField(rowName, item, kinds, cells, vals))
		lastCells = cells
		prevY = r.Box.Y1
	}
	return out
}

// rowField grounds one row's cells; vals may be nil to re-parse cells.
func (e *extractor) rowField(rowName string, item *api.Field, kinds []kind, cells [][]int, vals []parsed) api.ExtractedField {
	members := make([]api.ExtractedField, len(item.Fields))
	row := api.ExtractedField{Name: rowName, Pages: []int{}}
	var sum float64
	var box doc.Box
	page := 0
	for c := range item.Fields {
		f := &item.Fields[c]
		ws := cells[c]
		var p parsed
		ok := false
		if vals != nil && vals[c].value != nil {
			p, ok = vals[c], true
		} else if len(ws) > 0 {
			p, ok = parseAs(kinds[c], e.texts(ws), e.loc, f, e.regex(f))
			if kinds[c] == kText {
				p.value = strings.Join(e.texts(ws), " ")
			}
		}
		if !ok || f.EffectiveType() == api.TypeObject || f.EffectiveType() == api.TypeArray {
			members[c] = missing(f.Name)
			continue
		}
		conf := p.q * wordConf(e.x.L, ws)
		members[c] = e.ground(f.Name, cand{p.value, ws, conf})
		sum += conf
		if page == 0 {
			page = e.x.L.Words[ws[0]].Page
		}
		for _, wi := range ws {
			box = box.Union(e.x.L.Words[wi].Box)
		}
	}
	row.Value = members
	if page > 0 {
		row.Pages = []int{page}
		row.BBox = ToBBox(e.x.L, page, box, sum/float64(len(item.Fields)))
	}
	row.Confidence = round3(sum / float64(len(item.Fields)))
	return row
}

// readerTable maps a reader-provided table: row 0 is the header.
func (e *extractor) readerTable(t *doc.Table, item *api.Field, rowName string, phr [][]phrase, kinds []kind) []api.ExtractedField {
	colOf := map[int]int{}
	for _, c := range t.Cells {
		if c.Row != 0 {
			continue
		}
		toks := Tokens(c.Text)
		k := strings.Join(toks, " ")
		for fi := range phr {
			for _, ph := range phr[fi] {
				if strings.Join(ph.toks, " ") == k {
					colOf[c.Col] = fi
				}
			}
		}
	}
	if len(colOf) < 2 {
		return nil
	}
	byRow := map[int][][]int{}
	for _, c := range t.Cells {
		fi, ok := colOf[c.Col]
		if c.Row == 0 || !ok || c.FirstWord < 0 {
			continue
		}
		if byRow[c.Row] == nil {
			byRow[c.Row] = make([][]int, len(item.Fields))
		}
		for wi := c.FirstWord; wi < c.EndWord; wi++ {
			byRow[c.Row][fi] = append(byRow[c.Row][fi], wi)
		}
	}
	var keys []int
	for k := range byRow {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var out []api.ExtractedField
	for _, k := range keys {
		out = append(out, e.rowField(rowName, item, kinds, byRow[k], nil))
	}
	return out
}

// ocrDigits are the letters OCR confuses with digits in numeric cells.
var ocrDigits = strings.NewReplacer("l", "1", "I", "1", "|", "1", "O", "0", "o", "0", "S", "5", "B", "8")

// repairDigits reads a numeric cell's OCR'd word as digits when it is made
// only of digits, separators and look-alike letters ("l1" -> "11"), and
// leaves any other word alone.
func repairDigits(w string) string {
	for _, r := range w {
		if !strings.ContainsRune("0123456789.,'-()lI|OoSB", r) {
			return w
		}
	}
	return ocrDigits.Replace(w)
}
