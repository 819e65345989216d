package doc

import (
	"reflect"
	"testing"
)

func buildThreePages() *Layout {
	b := NewBuilder()
	b.StartPage(Page{Width: 100, Height: 100, Source: SourcePDFText})
	b.AddLine([]Word{{Text: "Invoice", Box: Box{0.1, 0.1, 0.3, 0.15}}, {Text: "7", Box: Box{0.31, 0.1, 0.4, 0.15}}})
	b.StartPage(Page{Width: 100, Height: 100, Source: SourcePDFText})
	b.AddLine([]Word{{Text: "Page", Box: Box{0.1, 0.9, 0.2, 0.95}}, {Text: "2", Box: Box{0.21, 0.9, 0.25, 0.95}}})
	b.AddTable(Table{Rows: 1, Cols: 1, Cells: []Cell{{Text: "Page", FirstWord: 2, EndWord: 3}, {Text: "x", FirstWord: -1, EndWord: -1}}})
	b.StartPage(Page{Source: SourceOCR})
	b.AddTextLine("Receipt 12,50")
	return b.Layout()
}

func TestSliceRenumbersAndKeepsOffsets(t *testing.T) {
	t.Parallel()
	l := buildThreePages()
	s := l.Slice(2, 3)
	if s == nil || len(s.Pages) != 2 || s.Text != "Page 2\fReceipt 12,50" {
		t.Fatalf("slice = %+v", s)
	}
	for i, p := range s.Pages {
		if p.Number != i+1 {
			t.Fatalf("page %d numbered %d", i, p.Number)
		}
	}
	for i, w := range s.Words {
		if s.Text[w.Start:w.End] != w.Text {
			t.Fatalf("word %d offsets give %q, want %q", i, s.Text[w.Start:w.End], w.Text)
		}
		if w.Page < 1 || w.Page > 2 {
			t.Fatalf("word %d on page %d", i, w.Page)
		}
	}
	if got := s.PageWords(1); len(got) != 2 || got[0].Text != "Page" || got[0].Box != (Box{0.1, 0.9, 0.2, 0.95}) {
		t.Fatalf("page 1 words = %+v", got)
	}
	if ln := s.Pages[0].Lines[0]; ln.FirstWord != 0 || ln.EndWord != 2 {
		t.Fatalf("line = %+v", ln)
	}
	tb := s.Pages[0].Tables[0]
	if tb.Page != 1 || tb.Cells[0].FirstWord != 0 || tb.Cells[1].FirstWord != -1 {
		t.Fatalf("table = %+v", tb)
	}
	// The slice must not write through to the original.
	if l.Pages[1].Lines[0].FirstWord != 2 || l.Words[2].Page != 2 {
		t.Fatal("slicing changed the original layout")
	}
	for _, bad := range [][2]int{{0, 1}, {2, 1}, {1, 4}} {
		if l.Slice(bad[0], bad[1]) != nil {
			t.Errorf("Slice(%d,%d) should be nil", bad[0], bad[1])
		}
	}
}

func TestConcatUndoesSlice(t *testing.T) {
	t.Parallel()
	l := buildThreePages()
	joined := Concat(l.Slice(1, 1), nil, l.Slice(2, 3))
	if !reflect.DeepEqual(joined, l) {
		t.Fatalf("concat of slices differs:\n got %+v\nwant %+v", joined, l)
	}
}
