package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// refineLayout is one text-layer page: "Invoice INV-7" on top, "Total
// 1.234,56 EUR" at the bottom.
func refineLayout() *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Source: doc.SourcePDFText})
	b.AddLine([]doc.Word{{Text: "Invoice", Box: doc.Box{X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}}, {Text: "INV-7", Box: doc.Box{X0: 0.21, Y0: 0.1, X1: 0.3, Y1: 0.12}}})
	b.AddLine([]doc.Word{{Text: "Total", Box: doc.Box{X0: 0.1, Y0: 0.8, X1: 0.2, Y1: 0.82}}, {Text: "1.234,56", Box: doc.Box{X0: 0.21, Y0: 0.8, X1: 0.3, Y1: 0.82}},
		{Text: "EUR", Box: doc.Box{X0: 0.31, Y0: 0.8, X1: 0.35, Y1: 0.82}}})
	b.EndPage()
	return b.Layout()
}

func TestRefineBoxes(t *testing.T) {
	t.Parallel()
	top := &api.BoundingBox{XMin: 0.05, YMin: 0.05, XMax: 0.4, YMax: 0.15}
	bottom := &api.BoundingBox{XMin: 0.05, YMin: 0.75, XMax: 0.4, YMax: 0.85}
	half := &api.BoundingBox{XMin: 0.05, YMin: 0.75, XMax: 0.26, YMax: 0.85} // "Total 1.234,56" but not "EUR"
	cases := []struct {
		name    string
		value   any
		box     *api.BoundingBox
		pages   []int
		conf    float64
		quality string
		source  string
	}{
		{"AllWordsInside", "INV-7", top, []int{1}, 1, "", "pdf_text"},
		{"NumberSplitIntoPieces", "1.234,56 EUR", bottom, []int{1}, 1, "", "pdf_text"},
		{"WrongPlaceIsInvalid", "INV-7", bottom, []int{1}, 0, api.BoxInvalid, "pdf_text"},
		{"PartlyInsideIsSuspicious", "56 EUR GBP USD", half, []int{1}, 1.0 / 4, api.BoxSuspicious, "pdf_text"},
		{"OtherPageFindsNothing", "INV-7", top, []int{2}, 0, api.BoxInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			box := *c.box
			res := &api.ExtractionResult{Documents: []api.Document{{SourceFile: "a.pdf", FieldGroups: []api.ExtractedGroup{{
				Fields: []api.ExtractedField{{Name: "f", Value: c.value, Pages: c.pages, BBox: &box}}}}}}}
			RefineBoxes(res, map[string]*doc.Layout{"a.pdf": refineLayout()})
			got := res.Documents[0].FieldGroups[0].Fields[0].BBox
			if got.RefinementConfidence == nil || *got.RefinementConfidence != c.conf || got.Quality != c.quality || got.Source != c.source {
				t.Fatalf("box = conf %v quality %q source %q, want %v %q %q", got.RefinementConfidence, got.Quality, got.Source, c.conf, c.quality, c.source)
			}
		})
	}
	t.Run("RowsAreGradedMemberByMember", func(t *testing.T) {
		t.Parallel()
		box := *top
		res := &api.ExtractionResult{Documents: []api.Document{{SourceFile: "a.pdf", FieldGroups: []api.ExtractedGroup{{
			Fields: []api.ExtractedField{{Name: "rows", Value: []api.ExtractedField{{Name: "n", Value: "INV-7", BBox: &box}}}}}}}}}
		RefineBoxes(res, map[string]*doc.Layout{"a.pdf": refineLayout()})
		row := res.Documents[0].FieldGroups[0].Fields[0].Value.([]api.ExtractedField)[0]
		if row.BBox.RefinementConfidence == nil || *row.BBox.RefinementConfidence != 1 {
			t.Fatalf("row box = %+v", row.BBox)
		}
	})
	t.Run("NoLayoutLeavesBoxAlone", func(t *testing.T) {
		t.Parallel()
		box := *top
		res := &api.ExtractionResult{Documents: []api.Document{{SourceFile: "gone.pdf", FieldGroups: []api.ExtractedGroup{{
			Fields: []api.ExtractedField{{Name: "f", Value: "INV-7", BBox: &box}}}}}}}
		RefineBoxes(res, map[string]*doc.Layout{"a.pdf": refineLayout()})
		if res.Documents[0].FieldGroups[0].Fields[0].BBox.RefinementConfidence != nil {
			t.Fatal("a document without a layout was graded")
		}
	})
}
