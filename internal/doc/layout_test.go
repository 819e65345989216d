package doc

import "testing"

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
