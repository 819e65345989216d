package pipeline

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
)

// A filled AcroForm gives its answers exactly, each with the box of its
// widget: Poppler reads field values as words where the widget sits, and
// the printed label beside it names them.
func TestFilledFormAnswers(t *testing.T) {
	t.Parallel()
	if ingest.FindEngines().PDFToText == "" {
		t.Skip("pdftotext is not installed (scripts/deps.sh)")
	}
	spec := api.DocumentTypeSpec{ID: "application", FieldGroups: []api.FieldGroup{{Name: "form", Fields: []api.Field{
		{Name: "applicant_name", Description: "Applicant name"}, {Name: "amount_due", Type: api.TypeNumber},
	}}}}
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "form.pdf", Data: fixture.FilledFormPDF("Jane Roe", "1250.00")}},
		DocumentTypes: []api.DocumentTypeSpec{spec}}
	res, err := newEngine(t).Run(context.Background(), "ext_form", req)
	if err != nil {
		t.Fatal(err)
	}
	got := fieldsByName(res.Documents[0])
	// Widgets: name at x 150-400, y 690-710; amount at x 150-300, y
	// 650-670, on a 612 x 792 point page (PDF y grows upwards).
	for name, c := range map[string]struct {
		want           any
		x0, x1, y0, y1 float64
	}{
		"applicant_name": {"Jane Roe", 150, 400, 690, 710},
		"amount_due":     {1250.0, 150, 300, 650, 670},
	} {
		f := got[name]
		if f.Value != c.want || f.BBox == nil {
			t.Errorf("%s = %v (box %v), want %v with a box", name, f.Value, f.BBox, c.want)
			continue
		}
		b := f.BBox
		if b.XMin < c.x0/612-0.01 || b.XMax > c.x1/612+0.01 || b.YMin < 1-c.y1/792-0.01 || b.YMax > 1-c.y0/792+0.01 {
			t.Errorf("%s box %+v lies outside its widget", name, *b)
		}
	}
}

// Check boxes and radio groups have no text: their state is read from the
// AcroForm and answers next to the printed labels, with the widget's box.
// The radio group chooses "card", its first button: its state word then
// sits between "Payment:" and the printed option names, on one segment
// with them ("card card transfer"), so payment is an enum: the answer must
// be the state word (box inside the widget), not the printed "card" after
// it. When the second option is chosen the printed "card" is nearer the
// label than the state word and wins: a known gap (issue 10 item 5).
// Booleans are read from the "Yes"/"No" state words.
func TestFormButtonAnswers(t *testing.T) {
	t.Parallel()
	if ingest.FindEngines().PDFToText == "" {
		t.Skip("pdftotext is not installed (scripts/deps.sh)")
	}
	spec := api.DocumentTypeSpec{ID: "application", FieldGroups: []api.FieldGroup{{Name: "form", Fields: []api.Field{
		{Name: "newsletter", Type: api.TypeBoolean}, {Name: "paper_copy", Type: api.TypeBoolean},
		{Name: "payment", Enum: []any{"card", "transfer"}}, {Name: "consent", Description: "Data consent", Type: api.TypeBoolean},
	}}}}
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "form.pdf", Data: fixture.FormButtonsPDF("card")}},
		DocumentTypes: []api.DocumentTypeSpec{spec}}
	res, err := newEngine(t).Run(context.Background(), "ext_form_buttons", req)
	if err != nil {
		t.Fatal(err)
	}
	got := fieldsByName(res.Documents[0])
	// Widget rectangles from fixture.FormButtonsPDF, in points (y up).
	for name, c := range map[string]struct {
		want           any
		x0, x1, y0, y1 float64
	}{
		"newsletter": {true, 150, 162, 690, 702},
		"paper_copy": {false, 150, 162, 650, 662},
		"payment":    {"card", 150, 162, 610, 622},
		"consent":    {true, 150, 162, 570, 582},
	} {
		f := got[name]
		if f.Value != c.want || f.BBox == nil {
			t.Errorf("%s = %v (box %v), want %v with a box", name, f.Value, f.BBox, c.want)
			continue
		}
		b := f.BBox
		if b.XMin < c.x0/612-0.01 || b.XMax > c.x1/612+0.01 || b.YMin < 1-c.y1/792-0.01 || b.YMax > 1-c.y0/792+0.01 {
			t.Errorf("%s box %+v lies outside its widget", name, *b)
		}
	}
}
