package fields

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// RefineBoxes re-grades every grounded field box of res against freshly
// read layouts (keyed by source file name): a box's refinement
// confidence is the share of its value's tokens found in words whose
// centre lies inside the box on the field's pages. Zero marks the box
// invalid, under one half suspicious; the box's source records whether
// the words came from a text layer or OCR. Rows and objects are graded
// member by member. Documents without a layout are left alone.
func RefineBoxes(res *api.ExtractionResult, layouts map[string]*doc.Layout) {
	for di := range res.Documents {
		d := &res.Documents[di]
		lay := layouts[d.SourceFile]
		for gi := range d.FieldGroups {
			for fi := range d.FieldGroups[gi].Fields {
				refineField(&d.FieldGroups[gi].Fields[fi], lay)
			}
		}
	}
}

func refineField(f *api.ExtractedField, lay *doc.Layout) {
	if rows, ok := f.Value.([]api.ExtractedField); ok {
		for i := range rows {
			refineField(&rows[i], lay)
		}
		f.Value = rows
		return
	}
	if f.BBox == nil || f.Value == nil || lay == nil {
		return
	}
	want := refineTokens(fmt.Sprint(f.Value))
	if len(want) == 0 {
		return
	}
	box := boxOf(f.BBox)
	pages := map[int]bool{}
	for _, p := range f.Pages {
		pages[p] = true
	}
	inside := map[string]bool{}
	var source doc.Source
	for _, w := range lay.Words {
		if (len(pages) > 0 && !pages[w.Page]) || w.Box.IsZero() {
			continue
		}
		cx, cy := w.Box.CenterX(), w.Box.CenterY()
		if cx < box.X0 || cx > box.X1 || cy < box.Y0 || cy > box.Y1 {
			continue
		}
		for _, t := range refineTokens(w.Text) {
			inside[t] = true
		}
		if w.Page >= 1 && w.Page <= len(lay.Pages) {
			source = lay.Pages[w.Page-1].Source
		}
	}
	found := 0
	for _, t := range want {
		if inside[t] {
			found++
		}
	}
	conf := float64(found) / float64(len(want))
	f.BBox.RefinementConfidence = &conf
	switch {
	case conf == 0:
		f.BBox.Quality = api.BoxInvalid
	case conf < 0.5:
		f.BBox.Quality = api.BoxSuspicious
	}
	if source == doc.SourcePDFText || source == doc.SourceOCR {
		f.BBox.Source = string(source)
	}
}

// refineTokens lower-cases s and splits it into runs of letters and
// digits, so "1.234,56" and "1234.56" share "1", "234", "56"-style pieces
// with the words of the page.
func refineTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
