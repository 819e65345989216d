package pipeline

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// twinTypesRequest declares two types the page's words cannot tell apart
// (both are invoices by name and description) and a third it clearly is
// not, so the deterministic race between the first two is a tie.
func twinTypesRequest(t *testing.T, extra ...api.DocumentTypeSpec) *api.ExtractRequest {
	data, _ := fixture.TextPDF([][]string{{"Invoice INV-7 from Acme Trading Ltd, London", "VAT registration GB123456789", "Total 10,00 GBP"}})
	types := []api.DocumentTypeSpec{
		{ID: "invoice_eu", Description: "An invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{{Name: "invoice_number"}}}}},
		{ID: "invoice_uk", Description: "An invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{{Name: "invoice_number"}}}}},
	}
	return &api.ExtractRequest{Files: []api.FileInput{{Filename: "inv.pdf", Data: data}}, DocumentTypes: append(types, extra...)}
}

func isClassifierCall(rec llmtest.Recorded) bool {
	return strings.Contains(string(rec.Raw), "candidate document types")
}

func TestCloseClassificationIsDecidedByTheModelAmongDeclaredTypes(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if isClassifierCall(rec) {
			return llmtest.OpenAIChat(`{"document_type":"invoice_uk","confidence":0.85,"reasoning":"GBP amounts and a GB VAT number."}`, 700, 30, 0)
		}
		return llmtest.OpenAIChat(`{}`, 10, 2, 0)
	})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_tiebreak", twinTypesRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	var call *llmtest.Recorded
	for _, rec := range srv.Requests() {
		if isClassifierCall(rec) {
			call = &rec
		}
	}
	if call == nil {
		t.Fatal("no tie-break call")
	}
	// Only the declared ids (and null) may be answered.
	if raw := string(call.Raw); !strings.Contains(raw, `"enum":["invoice_eu","invoice_uk",null]`) || !strings.Contains(raw, "GB123456789") {
		t.Fatalf("tie-break request: %s", raw)
	}
	fs := res.Files[0]
	c := fs.Classification
	if fs.MatchedType == nil || *fs.MatchedType != "invoice_uk" || c == nil || c.DocumentType != "invoice_uk" || c.Confidence != 0.85 ||
		c.Notes == nil || !strings.Contains(*c.Notes, "GB VAT number") || !strings.Contains(*c.Notes, "invoice_eu") {
		t.Fatalf("file %+v classification %+v", fs, c)
	}
	if len(res.Documents) != 1 || res.Documents[0].Type != "invoice_uk" {
		t.Fatalf("documents %+v", res.Documents)
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentClassifier].TotalTokens != 730 {
		t.Fatalf("usage %+v", res.Pipeline.Usage)
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

// A model naming a type nobody declared is off the schema: the
// deterministic verdict stands and the failure is reported.
func TestTieBreakOutsideTheDeclaredTypesKeepsTheVerdict(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if isClassifierCall(rec) {
			return llmtest.OpenAIChat(`{"document_type":"receipt","confidence":0.9,"reasoning":"Looks like a receipt."}`, 700, 30, 0)
		}
		return llmtest.OpenAIChat(`{}`, 10, 2, 0)
	})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_tiebreak_bad", twinTypesRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := newEngine(t).Run(context.Background(), "ext_tiebreak_plain", twinTypesRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	got, want := res.Files[0].Classification, plain.Files[0].Classification
	// Without a model the tie stays the classifier's, with no notes.
	if got == nil || want == nil || got.DocumentType != want.DocumentType || got.Confidence != want.Confidence || got.Notes != nil || want.Notes != nil || plain.Pipeline.Usage != nil {
		t.Fatalf("classification %+v, deterministic %+v", got, want)
	}
	failed := false
	for _, pe := range res.Pipeline.Errors {
		failed = failed || (pe.Node == StageClassify && pe.Code == CodeLLMFailed)
	}
	if !failed {
		t.Fatalf("errors %+v", res.Pipeline.Errors)
	}
}

// A clear winner is never sent to the model.
func TestClearClassificationMakesNoCall(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply { return llmtest.OpenAIChat(`{}`, 10, 2, 0) })
	req := llmRequest(t)
	req.DocumentTypes = append(req.DocumentTypes, api.DocumentTypeSpec{ID: "passport", Description: "A passport issued by a state",
		FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{{Name: "passport_number"}}}}})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_clear", req)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res)[StageClassify]; st != api.TraceSuccess || res.Files[0].Classification.DocumentType != "invoice" {
		t.Fatalf("classify %s: %+v", st, res.Files[0].Classification)
	}
	for _, rec := range srv.Requests() {
		if isClassifierCall(rec) {
			t.Fatal("a clear classification went to the model")
		}
	}
}

// TestWeakBuiltinClassificationIsDecidedAmongTheBuiltinTypes covers the
// platform's path: no declared types, a page with too little evidence for
// any built-in type, and a model that picks one of the built-in ids.
func TestWeakBuiltinClassificationIsDecidedAmongTheBuiltinTypes(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		if isClassifierCall(rec) {
			return llmtest.OpenAIChat(`{"document_type":"receipt","confidence":0.7,"reasoning":"A till slip: items and a paid amount."}`, 500, 20, 0)
		}
		return llmtest.OpenAIChat(`{}`, 10, 2, 0)
	})
	data, _ := fixture.TextPDF([][]string{{"Corner Shop", "2 x Coffee 6.00", "Paid 6.00"}})
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_builtin_tie", &api.ExtractRequest{Files: []api.FileInput{{Filename: "slip.pdf", Data: data}}})
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	for _, rec := range srv.Requests() {
		if isClassifierCall(rec) {
			raw = string(rec.Raw)
		}
	}
	if raw == "" || !strings.Contains(raw, `"invoice"`) || !strings.Contains(raw, `"receipt"`) {
		t.Fatalf("no tie-break among the built-in types: %q", raw)
	}
	c := res.Files[0].Classification
	if c == nil || c.DocumentType != "receipt" || c.Notes == nil || !strings.Contains(*c.Notes, "till slip") {
		t.Fatalf("classification = %+v", c)
	}
}
