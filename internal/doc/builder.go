package doc

import "strings"

// Builder assembles a Layout page by page so that every reader produces the
// same text conventions and word offsets.
//
//	b := doc.NewBuilder()
//	b.StartPage(doc.Page{Width: 612, Height: 792, Source: doc.SourcePDFText})
//	b.AddLine([]doc.Word{{Text: "Invoice", Box: ...}})
//	b.EndPage()
//	layout := b.Layout()
type Builder struct {
	l      Layout
	text   strings.Builder
	inPage bool
	// line is the line AddWordBytes words go to, open until EndLine.
	line struct {
		open  bool
		first int
		box   Box
	}
	// textless counts words whose Text Layout fills in.
	textless int
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{} }

// Grow makes room for words more words and textBytes more bytes of text. A
// reader that knows its size up front (plain text) builds a large layout
// without re-copying it at every growth step, which costs several times
// the layout's final size.
func (b *Builder) Grow(words, textBytes int) {
	if words > 0 {
		b.l.Words = append(make([]Word, 0, len(b.l.Words)+words), b.l.Words...)
	}
	if textBytes > 0 {
		b.text.Grow(textBytes)
	}
}

// StartPage opens a new page; Number, word and text ranges are filled in.
func (b *Builder) StartPage(p Page) {
	b.EndLine()
	if b.inPage {
		b.EndPage()
	}
	if len(b.l.Pages) > 0 {
		b.text.WriteByte('\f')
	}
	p.Number = len(b.l.Pages) + 1
	p.FirstWord = len(b.l.Words)
	p.EndWord = p.FirstWord
	p.Start = b.text.Len()
	p.Lines = nil
	p.Tables = nil
	if p.Source == "" {
		p.Source = SourceNative
	}
	b.l.Pages = append(b.l.Pages, p)
	b.inPage = true
}

func (b *Builder) page() *Page {
	if !b.inPage {
		b.StartPage(Page{})
	}
	return &b.l.Pages[len(b.l.Pages)-1]
}

// AddLine appends one line of words. Words with empty text are dropped;
// a word's text must not contain whitespace (split it first). Conf 0 is
// read as 1 (text layers carry no confidence).
func (b *Builder) AddLine(words []Word) {
	b.EndLine()
	p := b.page()
	first := len(b.l.Words)
	var box Box
	for _, w := range words {
		box = b.addWord(p, first, w, box)
	}
	b.endLine(p, first, box)
}

// addWord appends w to the line that started at word first and returns
// the line's box grown by w's.
func (b *Builder) addWord(p *Page, first int, w Word, box Box) Box {
	if w.Text == "" {
		return box
	}
	b.text.Grow(len(w.Text) + 1) // doubles when full, as appendWord does
	b.separate(p, first)
	w.Start = b.text.Len()
	b.text.WriteString(w.Text)
	return b.appendWord(p, w, box)
}

// AddWordBytes appends a word to the current line (opening one), copying
// its text from text: no string is made per word, which on a long PDF is
// hundreds of thousands of small allocations. The word's Text is set by
// Layout, as the piece of Layout.Text it occupies. Text must not contain
// whitespace; empty text is dropped. EndLine closes the line.
func (b *Builder) AddWordBytes(text []byte, box Box, conf float64) {
	if len(text) == 0 {
		return
	}
	p := b.page()
	if !b.line.open {
		b.line.open, b.line.first, b.line.box = true, len(b.l.Words), Box{}
	}
	b.text.Grow(len(text) + 1)
	b.separate(p, b.line.first)
	start := b.text.Len()
	b.text.Write(text)
	if conf == 0 {
		conf = 1
	}
	if len(b.l.Words) == cap(b.l.Words) {
		b.Grow(max(len(b.l.Words), 1024), 0) // doubling, as in appendWord
	}
	// The word is written field by field into the list's spare room,
	// which is zero, leaving Text alone: storing a Word value stores its
	// Text pointer, and a pointer store during a collection goes through
	// the write barrier, a tenth of the parse of a long PDF.
	b.l.Words = b.l.Words[:len(b.l.Words)+1]
	w := &b.l.Words[len(b.l.Words)-1]
	if w.Text != "" {
		w.Text = ""
	}
	w.Box, w.Conf, w.Page, w.Line, w.Start, w.End = box, conf, p.Number, len(p.Lines), start, b.text.Len()
	p.EndWord = len(b.l.Words)
	b.line.box = b.line.box.Union(box)
	b.textless++
}

// JoinWordBytes appends text to the last word of the open line, with no
// space between: a word the PDF's kerning split in two. Without an open
// line it adds text as a word of its own.
func (b *Builder) JoinWordBytes(text []byte, box Box) {
	if !b.line.open || len(b.l.Words) == b.line.first {
		b.AddWordBytes(text, box, 1)
		return
	}
	b.text.Write(text)
	w := &b.l.Words[len(b.l.Words)-1]
	w.End = b.text.Len()
	w.Box = w.Box.Union(box)
	b.line.box = b.line.box.Union(box)
}

// EndLine closes the line AddWordBytes opened; without one it does nothing.
func (b *Builder) EndLine() {
	if !b.line.open {
		return
	}
	b.line.open = false
	b.endLine(&b.l.Pages[len(b.l.Pages)-1], b.line.first, b.line.box)
}

// separate writes what goes before a word of the line that started at
// word first: a space within a line, a newline between lines of a page.
func (b *Builder) separate(p *Page, first int) {
	if len(b.l.Words) > first {
		b.text.WriteByte(' ')
	} else if p.EndWord > p.FirstWord {
		b.text.WriteByte('\n')
	}
}

// appendWord records w, whose text ends where Layout.Text now ends, and
// returns the line's box grown by w's.
func (b *Builder) appendWord(p *Page, w Word, box Box) Box {
	w.Page = p.Number
	w.Line = len(p.Lines)
	w.End = b.text.Len()
	if w.Conf == 0 {
		w.Conf = 1
	}
	if len(b.l.Words) == cap(b.l.Words) {
		// Doubling: append alone grows a long list by a quarter at a
		// time, copying it several times over on a long document.
		b.Grow(max(len(b.l.Words), 1024), 0)
	}
	b.l.Words = append(b.l.Words, w)
	p.EndWord = len(b.l.Words)
	return box.Union(w.Box)
}

// endLine records the line that started at word first, if it has words.
func (b *Builder) endLine(p *Page, first int, box Box) {
	if len(b.l.Words) == first {
		return
	}
	p.Lines = append(p.Lines, Line{FirstWord: first, EndWord: len(b.l.Words), Box: box})
}

// AddTextLine splits a line of plain text on whitespace and appends it
// without geometry. Words go straight into the layout: a million-word line
// is not first copied into a slice of its own.
func (b *Builder) AddTextLine(s string) {
	b.EndLine()
	var p *Page
	first := len(b.l.Words)
	var box Box
	for f := range strings.FieldsSeq(s) {
		if p == nil {
			p = b.page()
		}
		box = b.addWord(p, first, Word{Text: f}, box)
	}
	if p != nil {
		b.endLine(p, first, box)
	}
}

// AddTable records a table on the current page. Its cells' text should
// also be added as lines so that it is part of Layout.Text.
func (b *Builder) AddTable(t Table) {
	b.EndLine()
	p := b.page()
	t.Page = p.Number
	p.Tables = append(p.Tables, t)
}

// EndPage closes the current page.
func (b *Builder) EndPage() {
	b.EndLine()
	if !b.inPage {
		return
	}
	p := &b.l.Pages[len(b.l.Pages)-1]
	p.End = b.text.Len()
	b.inPage = false
}

// Layout finishes and returns the layout. The builder must not be reused.
func (b *Builder) Layout() *Layout {
	b.EndPage()
	b.l.Text = b.text.String()
	for i := 0; b.textless > 0 && i < len(b.l.Words); i++ {
		if w := &b.l.Words[i]; w.Text == "" {
			w.Text = b.l.Text[w.Start:w.End] // shares Text's bytes
			b.textless--
		}
	}
	return &b.l
}
