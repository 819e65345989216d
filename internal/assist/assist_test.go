package assist

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

// receipt lays out lines of words left to right, one line per row, on an
// OCR page so boxes come back with source "ocr".
func receipt(lines ...string) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 600, Height: 800, Source: doc.SourceOCR})
	for i, line := range lines {
		var ws []doc.Word
		x := 0.05
		for _, t := range strings.Fields(line) {
			w := 0.02 * float64(len(t))
			y := 0.05 + 0.04*float64(i)
			ws = append(ws, doc.Word{Text: t, Conf: 0.9, Box: doc.Box{X0: x, Y0: y, X1: x + w, Y1: y + 0.03}})
			x += w + 0.01
		}
		b.AddLine(ws)
	}
	b.EndPage()
	return b.Layout()
}

var lines = []string{
	"Gerbang Alaf Restaurants Sdn Bhd",
	"Lot 1851-A Jalan KPB 6 Kawasan Perindustrian",
	"Date: 15.03.2024",
	"Total Sales (Excluding GST) 87.80",
	"Total (Inclusive of GST) RM 93.07",
}

func TestGroundFindsValuesAsPrintedAndRefusesInventedOnes(t *testing.T) {
	t.Parallel()
	l := receipt(lines...)
	cases := []struct {
		name  string
		value any
		want  string // words of the match, "" = not grounded
	}{
		{"ExactText", "Gerbang Alaf Restaurants Sdn Bhd", "Gerbang Alaf Restaurants Sdn Bhd"},
		{"CaseAndPunctuation", "GERBANG ALAF RESTAURANTS SDN. BHD.", "Gerbang Alaf Restaurants Sdn Bhd"},
		{"OneTypo", "Gerbang Alaf Restaurents Sdn Bhd", "Gerbang Alaf Restaurants Sdn Bhd"},
		{"Amount", 93.07, "93.07"},
		{"AmountAsText", "93,07", "93.07"},
		{"IsoDate", "2024-03-15", "15.03.2024"},
		{"Invented", "Acme Trading LLC", ""},
		{"InventedAmount", 100.0, ""},
		{"Bool", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			m, ok := Ground(l, c.value, fields.Locale{Language: "en", Country: "MY"})
			got := ""
			if ok {
				got = joinWords(l, m.First, m.End)
			}
			if got != c.want {
				t.Fatalf("Ground(%v) = %q (score %.2f), want %q", c.value, got, m.Score, c.want)
			}
		})
	}
}

func TestGroundIsBoundedOnHostileAnswers(t *testing.T) {
	t.Parallel()
	l := receipt(strings.Repeat("word ", 3000))
	if _, ok := Ground(l, strings.Repeat("x", 100_000), fields.Locale{}); ok {
		t.Fatal("a 100 kB invented value grounded")
	}
}

func spec() api.DocumentTypeSpec {
	return api.DocumentTypeSpec{ID: "receipt", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "company"}, {Name: "total", Type: api.TypeNumber}, {Name: "cashier"}, {Name: "store_id"},
	}}}}
}

func TestFillAcceptsGroundedAnswersOnly(t *testing.T) {
	t.Parallel()
	l := receipt(lines...)
	rc := 0.9
	groups := []api.ExtractedGroup{{Name: "main", Fields: []api.ExtractedField{
		{Name: "company", Value: nil},
		{Name: "total", Value: 87.80, Confidence: 0.4, Pages: []int{1}, BBox: &api.BoundingBox{XMin: 0.1, YMin: 0.1, XMax: 0.2, YMax: 0.2, Source: "ocr", RefinementConfidence: &rc}},
		{Name: "cashier", Value: nil},
		{Name: "store_id", Value: "S-1", Confidence: 0.3, Pages: []int{1}, BBox: &api.BoundingBox{XMin: 0.1, YMin: 0.1, XMax: 0.2, YMax: 0.2, Source: "ocr", RefinementConfidence: &rc}},
	}}}
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"main.company":"Gerbang Alaf Restaurants Sdn Bhd","main.total":93.07,"main.cashier":"Siti","main.store_id":"S-99"}`, 900, 30, 0))
	c := llm.NewClient(llm.Config{Model: "openai:gpt-4o"})
	c.Register("openai", openai.New(openai.Config{BaseURL: srv.URL + "/v1", MaxRetries: -1}))
	meter := llm.NewMeter(nil)
	out, err := Fill(llm.WithMeter(context.Background(), meter), c, l, spec(), groups, Options{Locale: fields.Locale{Language: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	methods := map[string]string{}
	for _, o := range out {
		methods[o.Field] = o.Method
	}
	want := map[string]string{"company": MethodLLMGrounded, "total": MethodLLMGrounded, "cashier": MethodLLMUngrounded, "store_id": MethodDeterministicK}
	for k, v := range want {
		if methods[k] != v {
			t.Errorf("%s: method %q, want %q", k, methods[k], v)
		}
	}
	f := groups[0].Fields
	if f[0].Value != "Gerbang Alaf Restaurants Sdn Bhd" || f[0].BBox == nil || f[0].BBox.Source != api.BoxSourceOCR || f[0].BBox.XMin != 0.05 {
		t.Errorf("company %+v box %+v", f[0].Value, f[0].BBox)
	}
	if f[1].Value != 93.07 || len(f[1].Pages) != 1 {
		t.Errorf("total %+v", f[1])
	}
	// Not on the page: kept with the model's box and a note, never a page box.
	if f[2].Value != "Siti" || f[2].BBox == nil || f[2].BBox.Source != api.BoxSourceLLM || f[2].BBox.RefinementConfidence != nil || f[2].Notes == nil {
		t.Errorf("cashier %+v box %+v", f[2], f[2].BBox)
	}
	// An ungrounded answer never replaces a grounded value.
	if f[3].Value != "S-1" || f[3].Notes == nil || !strings.Contains(*f[3].Notes, "S-99") {
		t.Errorf("store_id %+v", f[3])
	}
	// The request asked exactly for the gaps, as a nullable schema.
	body := srv.Requests()[0].Body
	rf := body["response_format"].(map[string]any)["json_schema"].(map[string]any)["schema"].(map[string]any)
	props := rf["properties"].(map[string]any)
	if len(props) != 4 || props["main.total"].(map[string]any)["type"].([]any)[0] != "number" {
		t.Errorf("schema %v", rf)
	}
	if s, _ := meter.Summary(); s.ByAgent[llm.AgentExtractor].TotalTokens != 930 {
		t.Errorf("usage %+v", s)
	}
}

func TestNoGapsMeansNoCall(t *testing.T) {
	t.Parallel()
	groups := []api.ExtractedGroup{{Name: "main", Fields: []api.ExtractedField{
		{Name: "company", Value: "X", Confidence: 0.9}, {Name: "total", Value: 1.0, Confidence: 0.9},
		{Name: "cashier", Value: "Y", Confidence: 0.9}, {Name: "store_id", Value: "Z", Confidence: 0.9},
	}}}
	out, err := Fill(context.Background(), nil, receipt(lines...), spec(), groups, Options{})
	if err != nil || out != nil {
		t.Fatalf("%v %v", out, err)
	}
}

func TestPromptIsBoundedBySettings(t *testing.T) {
	t.Parallel()
	l := receipt(strings.Repeat("lorem ipsum ", 20000))
	p := userPrompt(spec(), Gaps(spec(), nil), l, 4096)
	if len(p) > 5000 || !strings.Contains(p, "[text cut]") {
		t.Fatalf("prompt of %d bytes", len(p))
	}
	var s map[string]any
	raw, _ := answerSchema(Gaps(spec(), nil))
	if err := json.Unmarshal(raw, &s); err != nil || len(s["required"].([]any)) != 4 {
		t.Fatalf("schema %s", raw)
	}
}
