package pipeline

import (
	"context"
	"encoding/json"
	"image"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

func visualRequest(t *testing.T, signed bool) *api.ExtractRequest {
	on := true
	spec := api.DocumentTypeSpec{ID: "escritura_poderes",
		FieldGroups: []api.FieldGroup{{Name: "deed", Fields: []api.Field{{Name: "numero", Type: "string"}}}},
		VisualChecks: []api.VisualCheck{{Name: "firma_notario", Description: "The notary's signature is present."},
			{Name: "sello_notarial", Description: "The notary's seal is stamped."}}}
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "deed.pdf", Data: notaryDeed(t, signed)}},
		DocumentTypes: []api.DocumentTypeSpec{spec},
		Options:       &api.Options{Stages: &api.StageToggles{VisualAuthenticity: &on}}}
}

func visualChecks(t *testing.T, res *api.ExtractionResult) map[string]api.AuthenticityCheck {
	t.Helper()
	if len(res.Documents) != 1 || res.Documents[0].Authenticity == nil {
		t.Fatalf("documents %+v", res.Documents)
	}
	out := map[string]api.AuthenticityCheck{}
	for _, c := range res.Documents[0].Authenticity.Visual {
		out[c.Name] = c
	}
	return out
}

// The vision model sees the rendered page and its verdict, with its
// reasoning, replaces the ink heuristic's; the heuristic stays in the
// notes, and the call is metered as the visual agent.
func TestVisionModelAnswersTheDeclaredChecks(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	if e.caps.Tools.PDFToPPM == "" {
		t.Skip("pdftoppm not installed")
	}
	// The extractor asks about the empty numero first; the vision call
	// comes later in the pipeline, so it is recognised by its system
	// prompt rather than by order.
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if strings.Contains(string(rec.Raw), "visual marks") {
			return llmtest.OpenAIChat(`{"checks":[{"name":"firma_notario","present":true,"confidence":0.92,"reasoning":"A cursive scrawl in blue ink sits over the line under Firma del notario.","page":1},`+
				`{"name":"sello_notarial","present":false,"confidence":0.8,"reasoning":"No round or rectangular stamp anywhere on the page.","page":null}]}`, 900, 80, 0)
		}
		return llmtest.OpenAIChat(`{"deed.numero":null}`, 100, 5, 0)
	})
	e = llmEngine(t, srv)
	e.Vision = VisionLimits{MaxPages: 1, MaxPixels: 100_000}
	res, err := e.Run(context.Background(), "ext_vision", visualRequest(t, false))
	if err != nil {
		t.Fatal(err)
	}
	checks := visualChecks(t, res)
	sig := checks["firma_notario"]
	if !sig.Passed || sig.Confidence != 0.92 || sig.Notes == nil || !strings.Contains(*sig.Notes, "cursive scrawl") ||
		!strings.Contains(*sig.Notes, "on page 1") || !strings.Contains(*sig.Notes, "kept as evidence: The check's words are printed") {
		t.Fatalf("firma_notario %+v %v", sig, *sig.Notes)
	}
	if seal := checks["sello_notarial"]; seal.Passed || seal.Confidence != 0.8 || !strings.Contains(*seal.Notes, "No round") {
		t.Fatalf("sello_notarial %+v", seal)
	}
	var vision *llmtest.Recorded
	for _, rec := range srv.Requests() {
		if strings.Contains(string(rec.Raw), "visual marks") {
			vision = &rec
		}
	}
	if vision == nil || strings.Count(string(vision.Raw), "data:image/png;base64,") != 1 {
		t.Fatal("the vision call did not carry exactly one page image")
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentVisual].TotalTokens != 980 {
		t.Fatalf("usage %+v", res.Pipeline.Usage)
	}
	if len(res.Pipeline.Errors) != 0 {
		t.Fatalf("errors %+v", res.Pipeline.Errors)
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

// An answer naming a check nobody declared does not fit the schema: the
// heuristic verdicts stand with their low confidence and the failure is
// in pipeline.errors.
func TestVisionAnswerOutsideTheSchemaKeepsTheHeuristic(t *testing.T) {
	t.Parallel()
	if newEngine(t).caps.Tools.PDFToPPM == "" {
		t.Skip("pdftoppm not installed")
	}
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if strings.Contains(string(rec.Raw), "visual marks") {
			return llmtest.OpenAIChat(`{"checks":[{"name":"firma_cliente","present":true,"confidence":0.99,"reasoning":"Looks signed.","page":1}]}`, 900, 30, 0)
		}
		return llmtest.OpenAIChat(`{"deed.numero":null}`, 100, 5, 0)
	})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_vision_bad", visualRequest(t, true))
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, pe := range res.Pipeline.Errors {
		if pe.Node == StageVisualAuthenticity && pe.Code == CodeLLMFailed {
			failed++
		}
	}
	if failed != 1 {
		t.Fatalf("errors %+v", res.Pipeline.Errors)
	}
	for name, c := range visualChecks(t, res) {
		if c.Confidence > 0.5 || c.Notes == nil || !strings.Contains(*c.Notes, "no vision model") {
			t.Fatalf("%s: %+v", name, c)
		}
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

func TestPNGWithinScalesDown(t *testing.T) {
	t.Parallel()
	data, err := pngWithin(image.NewGray(image.Rect(0, 0, 1000, 800)), 20_000)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(strings.NewReader(string(data)))
	if err != nil || cfg.Width*cfg.Height > 20_000 || cfg.Width < 150 {
		t.Fatalf("%dx%d %v", cfg.Width, cfg.Height, err)
	}
	if _, err := pngWithin(image.NewGray(image.Rect(0, 0, 0, 0)), 10); err == nil {
		t.Fatal("an empty image encoded")
	}
}
