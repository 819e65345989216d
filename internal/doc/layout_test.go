package doc

import (
	"math"
	"testing"
)

func buildTwoPages() *Layout {
	b := NewBuilder()
	b.StartPage(Page{Width: 100, Height: 100, Source: SourcePDFText})
	b.AddLine([]Word{
		{Text: "Invoice", Box: Box{0.1, 0.1, 0.3, 0.15}},
		{Text: "No:", Box: Box{0.31, 0.1, 0.4, 0.15}},
		{Text: "42", Box: Box{0.41, 0.1, 0.45, 0.15}},
	})
	b.AddLine([]Word{{Text: "Total", Box: Box{0.1, 0.2, 0.2, 0.25}}})
	b.StartPage(Page{Source: SourceOCR})
	b.AddTextLine("  Straße   100,00 ")
	return b.Layout()
}

func TestBuilderText(t *testing.T) {
	t.Parallel()
	l := buildTwoPages()
	want := "Invoice No: 42\nTotal\fStraße 100,00"
	if l.Text != want {
		t.Fatalf("text = %q, want %q", l.Text, want)
	}
	if len(l.Pages) != 2 || l.Pages[1].Number != 2 || l.Pages[1].Source != SourceOCR {
		t.Fatalf("pages = %+v", l.Pages)
	}
	if got := l.Pages[0].WordCount(); got != 4 {
		t.Fatalf("page 1 words = %d", got)
	}
	for i, w := range l.Words {
		if l.Text[w.Start:w.End] != w.Text {
			t.Fatalf("word %d offsets %d..%d give %q, want %q", i, w.Start, w.End, l.Text[w.Start:w.End], w.Text)
		}
	}
	if l.Text[l.Pages[1].Start:l.Pages[1].End] != "Straße 100,00" {
		t.Fatalf("page 2 text range wrong: %q", l.Text[l.Pages[1].Start:l.Pages[1].End])
	}
}

func TestWordAtAndSpanBoxes(t *testing.T) {
	t.Parallel()
	l := buildTwoPages()
	if i := l.WordAt(0); i != 0 {
		t.Fatalf("WordAt(0) = %d", i)
	}
	if i := l.WordAt(7); i != -1 { // the space after "Invoice"
		t.Fatalf("WordAt(7) = %d, want -1", i)
	}
	if i := l.WordAt(12); i != 2 {
		t.Fatalf("WordAt(12) = %d, want 2", i)
	}
	boxes := l.SpanBoxes(8, 14) // "No: 42"
	if len(boxes) != 1 || boxes[0].Page != 1 {
		t.Fatalf("boxes = %+v", boxes)
	}
	if want := (Box{0.31, 0.1, 0.45, 0.15}); boxes[0].Box != want {
		t.Fatalf("box = %+v, want %+v", boxes[0].Box, want)
	}
	if got := l.SpanBoxes(l.Pages[1].Start, l.Pages[1].End); len(got) != 0 {
		t.Fatalf("geometry-free page gave boxes %+v", got)
	}
	if p := l.PageOf(l.Pages[1].Start + 1); p != 2 {
		t.Fatalf("PageOf = %d", p)
	}
}

func TestBoxGeometry(t *testing.T) {
	t.Parallel()
	a := Box{0, 0, 0.5, 0.5}
	b := Box{0.25, 0.25, 0.75, 0.75}
	if got := a.IoU(b); got < 0.142 || got > 0.143 {
		t.Fatalf("IoU = %v, want 1/7", got)
	}
	if a.IoU(Box{0.6, 0.6, 0.7, 0.7}) != 0 {
		t.Fatal("disjoint boxes overlap")
	}
	if got := Normalize(-5, 10, 50, 200, 100, 100); got != (Box{0, 0.1, 0.5, 1}) {
		t.Fatalf("Normalize = %+v", got)
	}
	if RuneOffset("Straße x", len("Straße")) != 6 {
		t.Fatal("RuneOffset counts bytes")
	}
}

// TestAddWordBytes: words added from bytes read like words added with
// AddLine (text, offsets, lines, boxes), their Text is a piece of
// Layout.Text, and the two ways mix on one page.
func TestAddWordBytes(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	b.StartPage(Page{Width: 100, Height: 100})
	buf := []byte("Invoice")
	b.AddWordBytes(buf, Box{0.1, 0.1, 0.3, 0.15}, 1)
	copy(buf, "XXXXXXX") // the builder must have copied the bytes
	b.AddWordBytes([]byte("No:"), Box{0.31, 0.1, 0.4, 0.16}, 0)
	b.AddWordBytes(nil, Box{0.9, 0.9, 1, 1}, 1) // dropped, box not counted
	b.EndLine()
	b.EndLine() // a second close is a no-op
	b.AddLine([]Word{{Text: "Total", Box: Box{0.1, 0.2, 0.2, 0.25}}})
	b.AddWordBytes([]byte("42"), Box{0.5, 0.5, 0.6, 0.6}, 0.5)
	b.StartPage(Page{}) // closes the open line
	b.AddWordBytes([]byte("Straße"), Box{}, 1)
	l := b.Layout()

	if want := "Invoice No:\nTotal\n42\fStraße"; l.Text != want {
		t.Fatalf("text = %q, want %q", l.Text, want)
	}
	wantWords := []string{"Invoice", "No:", "Total", "42", "Straße"}
	if len(l.Words) != len(wantWords) {
		t.Fatalf("%d words, want %d", len(l.Words), len(wantWords))
	}
	for i, w := range l.Words {
		if w.Text != wantWords[i] || l.Text[w.Start:w.End] != w.Text {
			t.Fatalf("word %d = %q at %d..%d, want %q", i, w.Text, w.Start, w.End, wantWords[i])
		}
	}
	if l.Words[1].Conf != 1 || l.Words[3].Conf != 0.5 {
		t.Fatalf("confidences %v %v: 0 must read as 1, others stay", l.Words[1].Conf, l.Words[3].Conf)
	}
	p := l.Pages[0]
	if len(p.Lines) != 3 || p.EndWord != 4 || l.Pages[1].FirstWord != 4 || len(l.Pages[1].Lines) != 1 {
		t.Fatalf("page 1 lines %+v, words %d..%d; page 2 %+v", p.Lines, p.FirstWord, p.EndWord, l.Pages[1])
	}
	if want := (Line{FirstWord: 0, EndWord: 2, Box: Box{0.1, 0.1, 0.4, 0.16}}); p.Lines[0] != want {
		t.Fatalf("first line = %+v, want %+v", p.Lines[0], want)
	}
	if l.Words[3].Line != 2 || l.Words[4].Page != 2 || l.Words[4].Line != 0 {
		t.Fatalf("line/page of words: %+v %+v", l.Words[3], l.Words[4])
	}
}

// TestBuilderGrowsByDoubling: a long word list is not re-copied at every
// quarter of growth.
func TestBuilderGrowsByDoubling(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	grew := 0
	last := -1
	for i := 0; i < 100000; i++ {
		b.AddWordBytes([]byte("w"), Box{}, 1)
		if c := cap(b.l.Words); c != last {
			grew, last = grew+1, c
		}
	}
	if l := b.Layout(); len(l.Words) != 100000 || len(l.Text) != 2*100000-1 {
		t.Fatalf("%d words, %d bytes of text", len(l.Words), len(l.Text))
	}
	if grew > 8 { // 1024 doubled to 131072 is 8 sizes
		t.Fatalf("the word list was reallocated %d times", grew)
	}
}

// TestClampMatchesMaxMin: Clamp gives math.Max(0, math.Min(1, v)) to the
// bit, NaN, infinities and negative zero included.
func TestClampMatchesMaxMin(t *testing.T) {
	t.Parallel()
	vals := []float64{0, math.Copysign(0, -1), 1, 0.5, -0.5, 1.5, math.Inf(1), math.Inf(-1), math.NaN(),
		math.Nextafter(1, 2), math.Nextafter(0, -1), math.SmallestNonzeroFloat64, -math.MaxFloat64}
	for _, v := range vals {
		want := math.Max(0, math.Min(1, v))
		got := Box{X0: v, Y0: v, X1: v, Y1: v}.Clamp()
		for _, g := range []float64{got.X0, got.Y0, got.X1, got.Y1} {
			if math.Float64bits(g) != math.Float64bits(want) && !(math.IsNaN(g) && math.IsNaN(want)) {
				t.Fatalf("Clamp(%v) = %v, want %v", v, g, want)
			}
		}
	}
}
