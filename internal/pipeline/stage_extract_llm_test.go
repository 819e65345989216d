package pipeline

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

// llmRequest declares a field no label on the page names, so the
// deterministic pass leaves it empty and only a model can fill it.
func llmRequest(t *testing.T) *api.ExtractRequest {
	data, _ := fixture.TextPDF([][]string{{
		"Invoice INV-1 from Acme Trading Ltd", "Issue date 15 May 2025",
		"Served by Maria Lopez at the north counter", "Total 10,00 EUR",
	}})
	return &api.ExtractRequest{
		Files: []api.FileInput{{Filename: "inv.pdf", Data: data}},
		DocumentTypes: []api.DocumentTypeSpec{{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
			{Name: "invoice_number"},
			{Name: "server_on_duty", Description: "the employee who served the customer"},
			{Name: "loyalty_tier", Description: "the customer's loyalty tier"},
		}}}}},
	}
}

func llmEngine(t *testing.T, srv *llmtest.Server) *Engine {
	e := New(ingest.DefaultLimits(), Capabilities{Tools: ingest.FindEngines(), LLM: "openai:gpt-4o-mini"})
	e.LLM = llm.NewClient(llm.Config{Model: "openai:gpt-4o-mini"})
	e.LLM.Register("openai", openai.New(openai.Config{BaseURL: srv.URL + "/v1", MaxRetries: -1}))
	return e
}

func resultField(res *api.ExtractionResult, name string) *api.ExtractedField {
	for di := range res.Documents {
		for gi := range res.Documents[di].FieldGroups {
			for fi, f := range res.Documents[di].FieldGroups[gi].Fields {
				if f.Name == name {
					return &res.Documents[di].FieldGroups[gi].Fields[fi]
				}
			}
		}
	}
	return nil
}

func TestModelFillsWhatRulesCannotAndOnlyGroundedValuesGetAPageBox(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"main.server_on_duty":"Maria Lopez","main.loyalty_tier":"Gold"}`, 1500, 25, 0))
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_llm", llmRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Fatalf("%d model calls, want 1", n)
	}
	// Only the gaps were asked for: invoice_number was found by the rules.
	if raw := string(srv.Requests()[0].Raw); strings.Contains(raw, "main.invoice_number") || !strings.Contains(raw, "main.server_on_duty") {
		t.Fatalf("request asked for the wrong fields: %s", raw)
	}
	served := resultField(res, "server_on_duty")
	if served == nil || served.Value != "Maria Lopez" || served.BBox == nil || served.BBox.Source != api.BoxSourcePDFText || served.BBox.XMax <= served.BBox.XMin {
		t.Fatalf("server_on_duty = %+v (box %+v)", served, served.BBox)
	}
	tier := resultField(res, "loyalty_tier")
	if tier == nil || tier.Value != "Gold" || tier.BBox == nil || tier.BBox.Source != api.BoxSourceLLM || tier.BBox.RefinementConfidence != nil || tier.Notes == nil {
		t.Fatalf("loyalty_tier = %+v (box %+v)", tier, tier.BBox)
	}
	if m := res.Documents[0].ExtractionMethods; m["main.server_on_duty"] != "llm_grounded" || m["main.loyalty_tier"] != "llm_ungrounded" || len(m) != 2 {
		t.Fatalf("extraction methods = %v", m)
	}
	u := res.Pipeline.Usage
	if u == nil || u.RecordCount != 1 || u.TotalTokens != 1525 || u.ByAgent[llm.AgentExtractor].TotalTokens != 1525 || u.ByModel["openai:gpt-4o-mini"].CostUSD <= 0 {
		t.Fatalf("usage = %+v", u)
	}
	if res.Pipeline.Model != "openai:gpt-4o-mini" {
		t.Fatalf("pipeline.model = %q", res.Pipeline.Model)
	}
}

func TestAFailingModelLeavesTheDeterministicResult(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(llmtest.Recorded) llmtest.Reply { return llmtest.Error(500, "down", nil) })
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_llm_down", llmRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != api.StatusPartial || len(res.Pipeline.Errors) != 1 || res.Pipeline.Errors[0].Code != CodeLLMFailed {
		t.Fatalf("status %s errors %+v", res.Status, res.Pipeline.Errors)
	}
	if f := resultField(res, "invoice_number"); f == nil || f.Value != "INV-1" {
		t.Fatalf("invoice_number = %+v", f)
	}
}

func TestNoModelLeavesResultsAsTheyWere(t *testing.T) {
	t.Parallel()
	plain, err := newEngine(t).Run(context.Background(), "ext_plain", llmRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if plain.Pipeline.Usage != nil || plain.Pipeline.Model != "" {
		t.Fatalf("usage %+v model %q without a model", plain.Pipeline.Usage, plain.Pipeline.Model)
	}
	// A client without a model is the same as none.
	e := newEngine(t)
	e.LLM = llm.NewClient(llm.Config{})
	other, err := e.Run(context.Background(), "ext_plain", llmRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.Documents, other.Documents) {
		t.Fatal("an unconfigured client changed the documents")
	}
}

func TestVisionModelsGetThePageImagesWithTheText(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"main.server_on_duty":"Maria Lopez","main.loyalty_tier":null}`, 900, 20, 0))
	e := llmEngine(t, srv)
	if e.Capabilities().Tools.PDFToPPM == "" {
		t.Skip("pdftoppm is not installed")
	}
	e.Vision.Extract = true
	if _, err := e.Run(context.Background(), "ext_vision", llmRequest(t)); err != nil {
		t.Fatal(err)
	}
	raw := string(srv.Requests()[0].Raw)
	if strings.Count(raw, "data:image/png;base64,") != 1 || !strings.Contains(raw, "Served by Maria Lopez") {
		t.Fatalf("the request lacks the page image or the text (%d bytes)", len(raw))
	}
	// Off (the default), only text goes.
	srv.Script(llmtest.OpenAIChat(`{"main.server_on_duty":"Maria Lopez","main.loyalty_tier":null}`, 900, 20, 0))
	if _, err := llmEngine(t, srv).Run(context.Background(), "ext_text", llmRequest(t)); err != nil {
		t.Fatal(err)
	}
	if raw := string(srv.Requests()[1].Raw); strings.Contains(raw, "data:image/png") {
		t.Fatal("an image went to a model without QUARRY_LLM_VISION")
	}
}
