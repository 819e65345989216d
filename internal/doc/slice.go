package doc

import "strings"

// Slice returns pages first..last (1-based, inclusive) as a layout of
// their own, renumbered from 1: the splitter hands each sub-document to
// classification and extraction, which read "page 1" as the page a
// document opens with. Boxes are page-relative, so they carry over as
// they are; text offsets, word and line indices are shifted to the new
// text. Word texts share the original's bytes. It returns nil when the
// range is empty or outside the layout.
func (l *Layout) Slice(first, last int) *Layout {
	if first < 1 || last > len(l.Pages) || first > last {
		return nil
	}
	fp, lp := &l.Pages[first-1], &l.Pages[last-1]
	textOff, wordOff, pageOff := fp.Start, fp.FirstWord, first-1
	out := &Layout{
		Text:  l.Text[fp.Start:lp.End],
		Words: make([]Word, lp.EndWord-fp.FirstWord),
		Pages: make([]Page, 0, last-first+1),
	}
	copy(out.Words, l.Words[fp.FirstWord:lp.EndWord])
	for i := range out.Words {
		w := &out.Words[i]
		w.Page -= pageOff
		w.Start -= textOff
		w.End -= textOff
	}
	for _, p := range l.Pages[first-1 : last] {
		out.Pages = append(out.Pages, shiftPage(p, pageOff, wordOff, textOff))
	}
	return out
}

// shiftPage moves one page's indices back by the given offsets, copying
// its lines and tables so the slice never aliases the original's.
func shiftPage(p Page, pageOff, wordOff, textOff int) Page {
	p.Number -= pageOff
	p.FirstWord -= wordOff
	p.EndWord -= wordOff
	p.Start -= textOff
	p.End -= textOff
	if p.Lines != nil {
		lines := make([]Line, len(p.Lines))
		for i, ln := range p.Lines {
			ln.FirstWord -= wordOff
			ln.EndWord -= wordOff
			lines[i] = ln
		}
		p.Lines = lines
	}
	if p.Tables != nil {
		tables := make([]Table, len(p.Tables))
		for i, t := range p.Tables {
			t.Page -= pageOff
			cells := make([]Cell, len(t.Cells))
			for j, c := range t.Cells {
				if c.FirstWord >= 0 {
					c.FirstWord -= wordOff
					c.EndWord -= wordOff
				}
				cells[j] = c
			}
			t.Cells = cells
			tables[i] = t
		}
		p.Tables = tables
	}
	return p
}

// Concat joins layouts into one, pages in order, with the text
// conventions of the package (pages separated by a form feed). It is how
// a test or benchmark builds a multi-document file from documents read
// one by one, without re-reading the joined file.
func Concat(parts ...*Layout) *Layout {
	out := &Layout{}
	var text strings.Builder
	for _, l := range parts {
		if l == nil || len(l.Pages) == 0 {
			continue
		}
		if len(out.Pages) > 0 {
			text.WriteByte('\f')
		}
		textOff, wordOff, pageOff := text.Len(), len(out.Words), len(out.Pages)
		text.WriteString(l.Text)
		for _, w := range l.Words {
			w.Page += pageOff
			w.Start += textOff
			w.End += textOff
			out.Words = append(out.Words, w)
		}
		for _, p := range l.Pages {
			// shiftPage subtracts; negative offsets move indices forward.
			out.Pages = append(out.Pages, shiftPage(p, -pageOff, -wordOff, -textOff))
		}
	}
	out.Text = text.String()
	return out
}
