package fields

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
)

// formChoiceLayout is a form page as the PDF reader gives it: the label
// and every option printed on one line, each option right of its radio
// widget, and the chosen option's state word added at its widget as a
// line of its own (internal/ingest/pdf_form.go).
func formChoiceLayout(chosen string) (*doc.Layout, doc.Box) {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 612, Height: 792, Source: doc.SourcePDFText})
	at := func(text string, left, width float64) doc.Word {
		return doc.Word{Text: text, Box: doc.Normalize(left, 171, left+width, 182, 612, 792), Conf: 1}
	}
	b.AddLine([]doc.Word{at("Payment:", 50, 50)})
	b.AddLine([]doc.Word{at("card", 166, 23)})
	b.AddLine([]doc.Word{at("transfer", 236, 41)})
	widget := map[string]float64{"card": 150, "transfer": 220}[chosen]
	state := doc.Word{Text: chosen, Box: doc.Normalize(widget, 170, widget+12, 182, 612, 792), Conf: 1}
	b.AddLine([]doc.Word{state})
	b.EndPage()
	return b.Layout(), state.Box
}

var paymentSpec = api.DocumentTypeSpec{ID: "form", FieldGroups: []api.FieldGroup{{Name: "form", Fields: []api.Field{
	{Name: "payment", Enum: []any{"card", "transfer"}},
}}}}

func paymentField(t *testing.T, l *doc.Layout) api.ExtractedField {
	t.Helper()
	for _, g := range Extract(l, paymentSpec, Options{}).Groups {
		for _, f := range g.Fields {
			if f.Name == "payment" {
				return f
			}
		}
	}
	t.Fatal("no payment field in the result")
	return api.ExtractedField{}
}

// Whichever radio button is chosen, the answer is its option, with the
// box of its widget, not the first option printed after the label.
func TestFormChoiceIsTheMarkedOption(t *testing.T) {
	t.Parallel()
	for _, chosen := range []string{"card", "transfer"} {
		l, widget := formChoiceLayout(chosen)
		f := paymentField(t, l)
		if f.Value != chosen {
			t.Errorf("chosen %s: payment = %v", chosen, f.Value)
			continue
		}
		if f.BBox == nil || f.BBox.XMin < widget.X0-0.01 || f.BBox.XMax > widget.X1+0.01 {
			t.Errorf("chosen %s: box %+v, want the widget's %+v", chosen, f.BBox, widget)
		}
	}
}

func TestChosenOption(t *testing.T) {
	t.Parallel()
	f := &paymentSpec.FieldGroups[0].Fields[0]
	cases := []struct {
		words []string
		at    int
		ok    bool
	}{
		{[]string{"card", "transfer", "transfer"}, 1, true}, // state word beside its printed option
		{[]string{"card", "card", "transfer"}, 0, true},
		{[]string{"☐", "card", "☒", "transfer"}, 3, true}, // a ticked box on paper
		{[]string{"[x]", "card", "[", "]", "transfer"}, 1, true},
		{[]string{"card", "transfer"}, 0, false},                     // unmarked list: no choice to read
		{[]string{"card", "card", "transfer", "transfer"}, 0, false}, // two marks: ambiguous
		{[]string{"transfer", "transfer"}, 0, false},                 // one option only: read as it stands
		{[]string{"☒", "card", "☒", "transfer"}, 0, false},
	}
	for _, c := range cases {
		at, ok := chosenOption(f, c.words)
		if ok != c.ok || (ok && at != c.at) {
			t.Errorf("%q: chosenOption = %d, %v; want %d, %v", c.words, at, ok, c.at, c.ok)
		}
	}
}

// The same through the PDF reader: a filled AcroForm radio group whose
// options are printed words answers with the chosen option.
func TestPDFFormRadioAnswersTheChosenOption(t *testing.T) {
	t.Parallel()
	if ingest.FindEngines().PDFToText == "" {
		t.Skip("pdftotext is not installed (scripts/deps.sh)")
	}
	for _, chosen := range []string{"card", "transfer"} {
		files, err := ingest.NewLoader(ingest.DefaultLimits(), ingest.FindEngines()).Load(context.Background(),
			ingest.Input{Name: "form.pdf", Data: fixture.FormButtonsPDF(chosen)})
		if err != nil || len(files) != 1 {
			t.Fatalf("load: %v, %d files", err, len(files))
		}
		if f := paymentField(t, files[0].Layout); f.Value != chosen {
			t.Errorf("chosen %s: payment = %v", chosen, f.Value)
		}
	}
}
