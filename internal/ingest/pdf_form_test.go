package ingest

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
)

// widgetBox is a widget rectangle in points (y up) on the fixture's 612 x
// 792 page, normalised as the layout holds boxes.
func widgetBox(x0, y0, x1, y1 float64) doc.Box {
	return doc.Normalize(x0, 792-y1, x1, 792-y0, 612, 792)
}

func sameBox(a, b doc.Box) bool { return near(a, b, 1e-6) }

func near(a, b doc.Box, eps float64) bool {
	return math.Abs(a.X0-b.X0) < eps && math.Abs(a.Y0-b.Y0) < eps && math.Abs(a.X1-b.X1) < eps && math.Abs(a.Y1-b.Y1) < eps
}

// checkFormButtons asserts the state words of fixture.FormButtonsPDF
// and that the words before them are the text layer's, in order.
func checkFormButtons(t *testing.T, before, after *doc.Layout) {
	t.Helper()
	n := len(before.Words)
	if len(after.Words) <= n {
		t.Fatalf("no words added: %q", after.Text)
	}
	for i, w := range before.Words {
		if after.Words[i].Text != w.Text || !near(after.Words[i].Box, w.Box, 0.005) {
			t.Fatalf("word %d = %q %v, was %q %v: the text layer must stay as it was", i, after.Words[i].Text, after.Words[i].Box, w.Text, w.Box)
		}
	}
	if !strings.HasPrefix(after.Text, before.Text) {
		t.Errorf("text %q does not start with the text layer's %q", after.Text, before.Text)
	}
	type word struct {
		text string
		box  doc.Box
	}
	var added []word
	for _, w := range after.Words[n:] {
		added = append(added, word{w.Text, w.Box})
		if w.Page != 1 || after.Text[w.Start:w.End] != w.Text {
			t.Errorf("added word %q has page %d, text offsets %d-%d", w.Text, w.Page, w.Start, w.End)
		}
	}
	want := []word{
		{"Yes", widgetBox(150, 690, 162, 702)},
		{"No", widgetBox(150, 650, 162, 662)}, // its /Rect lists the corners the other way round
		{"transfer", widgetBox(220, 610, 232, 622)},
		{"Data", doc.Box{}}, {"consent:", doc.Box{}}, // no label printed: /TU's, placed left of the box
		{"Yes", widgetBox(150, 570, 162, 582)},
	}
	if len(added) != len(want) {
		t.Fatalf("added words = %v, want %v", added, want)
	}
	for i, w := range want {
		if added[i].text != w.text {
			t.Errorf("added word %d = %q, want %q", i, added[i].text, w.text)
		}
		if !w.box.IsZero() && !sameBox(added[i].box, w.box) {
			t.Errorf("%q box = %+v, want the widget's %+v", w.text, added[i].box, w.box)
		}
	}
	consent := widgetBox(150, 570, 162, 582)
	for _, lw := range added[3:5] {
		if lw.box.X1 > consent.X0 || lw.box.Y0 != consent.Y0 || lw.box.Y1 != consent.Y1 {
			t.Errorf("label word %q box %+v is not just left of the widget %+v", lw.text, lw.box, consent)
		}
	}
}

// printedFormLayout is the text layer Poppler gives fixture.FormButtonsPDF,
// so that the form words can be tested without Poppler.
func printedFormLayout() *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 612, Height: 792, Source: doc.SourcePDFText})
	at := func(text string, left, top, width float64) doc.Word {
		return doc.Word{Text: text, Box: doc.Normalize(left, top, left+width, top+11.1, 612, 792)}
	}
	b.AddLine([]doc.Word{at("Newsletter:", 50, 91.38, 60)})
	b.AddLine([]doc.Word{at("Paper", 50, 131.38, 32), at("copy:", 85.35, 131.38, 28.7)})
	b.AddLine([]doc.Word{at("Payment:", 50, 171.38, 50.7)})
	b.AddLine([]doc.Word{at("card", 166, 171.38, 23.3)})
	b.AddLine([]doc.Word{at("transfer", 236, 171.38, 40.7)})
	b.EndPage()
	return b.Layout()
}

func TestFormButtonsBecomeWordsAtTheirWidgets(t *testing.T) {
	t.Parallel()
	before := printedFormLayout()
	after := addPDFFormButtons(fixture.FormButtonsPDF("transfer"), before)
	checkFormButtons(t, before, after)
	// Line records stay consistent with the words.
	for _, ln := range after.Pages[0].Lines {
		if ln.FirstWord >= ln.EndWord || ln.EndWord > after.Pages[0].EndWord {
			t.Errorf("line %+v out of the page's words", ln)
		}
	}
}

// The whole reader, with Poppler: the form words join the text layer.
func TestPDFReaderAddsFormButtons(t *testing.T) {
	t.Parallel()
	eng := FindEngines()
	if eng.PDFToText == "" {
		t.Skip("pdftotext is not installed (scripts/deps.sh)")
	}
	files, err := NewLoader(DefaultLimits(), eng).Load(context.Background(), Input{Name: "form.pdf", Data: fixture.FormButtonsPDF("transfer")})
	if err != nil || len(files) != 1 {
		t.Fatalf("files = %v, err = %v", files, err)
	}
	checkFormButtons(t, printedFormLayout(), files[0].Layout)
}

// A form that cannot be read leaves the layout as it was, without a panic;
// a broken field is skipped and the others are still read.
func TestBadFormsKeepTheLayout(t *testing.T) {
	t.Parallel()
	good := fixture.FormButtonsPDF("transfer")
	cases := map[string]struct {
		data  []byte
		added int // words added: 0 means the layout must come back as it was, -1 only that nothing panics
	}{
		"NotAPDF": {[]byte("%PDF-1.7\n/AcroForm garbage"), 0},
		// pdfcpu repairs what it can of a cut file; what it finds is kept.
		"Truncated": {good[:len(good)/2], -1},
		"NoRect":    {bytes.ReplaceAll(good, []byte("/Rect"), []byte("/Xect")), 0},
		"NoPages":   {bytes.Replace(good, []byte("/Kids [3 0 R]"), []byte("/Kids []"), 1), 0},
		"NoFields":  {bytes.Replace(good, []byte("/Fields [4 0 R 6 0 R 7 0 R 10 0 R]"), []byte("/Fields 5"), 1), 0},
		// The radio group lists itself as its kids: the walk must end, and
		// the check boxes (Yes, No, Data consent: Yes) are still read.
		"SelfKids": {bytes.Replace(good, []byte("/Kids [8 0 R 9 0 R]"), []byte("/Kids [7 0 R 7 0 R]"), 1), 5},
		// Without "/AcroForm" pdfcpu is not even asked.
		"NoForm": {bytes.ReplaceAll(good, []byte("/AcroForm"), []byte("/AcroFarm")), 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			before := printedFormLayout()
			after := addPDFFormButtons(c.data, before)
			switch {
			case c.added < 0:
				return
			case c.added == 0:
				if after != before {
					t.Errorf("layout rebuilt with %q", after.Text)
				}
				return
			}
			if got := len(after.Words) - len(before.Words); got != c.added {
				t.Errorf("%d words added (%q), want %d", got, after.Text, c.added)
			}
		})
	}
}

// The field's /V decides a check box; without one, the widget's /AS does.
func TestFormCheckBoxState(t *testing.T) {
	t.Parallel()
	good := fixture.FormButtonsPDF("transfer")
	cases := map[string]struct {
		old, new string
		want     string // the paper copy box's word
	}{
		"ASWithoutV":    {"/V /Off /AS /Off", "/AS /Yes", "Yes"},
		"VOverridesAS":  {"/V /Off /AS /Off", "/V /Yes /AS /Off", "Yes"},
		"OffVOverAS":    {"/V /Off /AS /Off", "/V /Off /AS /Yes", "No"},
		"NeitherIsNone": {"/V /Off /AS /Off", "", "No"},
	}
	paper := widgetBox(150, 650, 162, 662)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			data := bytes.Replace(good, []byte(c.old), []byte(c.new), 1)
			if bytes.Equal(data, good) {
				t.Fatal("the fixture no longer holds the replaced text")
			}
			after := addPDFFormButtons(data, printedFormLayout())
			var got []string
			for _, w := range after.Words {
				if sameBox(w.Box, paper) {
					got = append(got, w.Text)
				}
			}
			if len(got) != 1 || got[0] != c.want {
				t.Errorf("paper copy words = %q, want %q", got, c.want)
			}
		})
	}
}

// A radio group's /V names the chosen button; buttons that name no state
// of their own (no /AP, /AS /Off) are not chosen.
func TestRadioChoiceOnlyOnItsButton(t *testing.T) {
	t.Parallel()
	data := fixture.FormButtonsPDF("transfer")
	// Drop the card button's appearance: its only state is /AS /Off.
	data = bytes.Replace(data, []byte("/AS /Off /AP << /N << /card 11 0 R /Off 11 0 R >> >>"), []byte("/AS /Off"), 1)
	if bytes.Equal(data, fixture.FormButtonsPDF("transfer")) {
		t.Fatal("the fixture no longer holds the replaced text")
	}
	after := addPDFFormButtons(data, printedFormLayout())
	var boxes []doc.Box
	for _, w := range after.Words[len(printedFormLayout().Words):] {
		if w.Text == "transfer" {
			boxes = append(boxes, w.Box)
		}
	}
	if len(boxes) != 1 || !sameBox(boxes[0], widgetBox(220, 610, 232, 622)) {
		t.Errorf("transfer added at %v, want once at its own button", boxes)
	}
}
