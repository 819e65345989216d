package pipeline

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// proseRequest declares a natural-language rule that may read only the
// issue date, and a CEL rule that reads its output.
func proseRequest() *api.ExtractRequest {
	req := uncertainRequest(nil)
	req.Options.Stages = &api.StageToggles{RuleEngine: on()}
	req.Rules = []api.RuleSpec{
		{ID: "issued_2025", Predicate: "The invoice was issued in 2025.",
			Parents: []api.RuleParent{{Kind: api.ParentField, DocumentType: "invoice", Fields: []string{"issue_date"}}},
			Output:  &api.RuleOutput{Type: "boolean", ValidOutputs: []string{"yes", "no", "unclear"}}},
		{ID: "current", Predicate: `rules.issued_2025 == "yes"`, Parents: []api.RuleParent{{Kind: api.ParentRule, Rule: "issued_2025"}}},
	}
	return req
}

func TestModelDecidesAProseRuleFromItsEvidenceOnly(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"output":"yes","summary":"the issue date is in 2025","notes":[]}`, 300, 20, 0))
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_prose", proseRequest())
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || schemaName(reqs[0]) != "rule_output" {
		t.Fatalf("%d model calls", len(reqs))
	}
	raw := string(reqs[0].Raw)
	if !strings.Contains(raw, "fields.invoice.issue_date") || !strings.Contains(raw, "2025-05-15") || !strings.Contains(raw, `"unclear"`) {
		t.Errorf("the rule prompt lacks its evidence or outputs: %s", raw)
	}
	for _, other := range []string{"INV-1", "Maria Lopez", "total_amount"} {
		if strings.Contains(raw, other) {
			t.Errorf("the rule saw %q, which its parents do not declare", other)
		}
	}
	if len(res.RuleResults) != 2 || res.RuleResults[0].Output != "yes" || res.RuleResults[1].Output != "true" {
		t.Fatalf("rule results %+v", res.RuleResults)
	}
	if n := strings.Join(res.RuleResults[0].Notes, "; "); !strings.Contains(n, "decided by a language model (openai:gpt-4o-mini)") {
		t.Errorf("notes %q", n)
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentRules].TotalTokens != 320 {
		t.Fatalf("usage %+v", u)
	}
	if st := traceStatus(res)[StageRules]; st != api.TraceSuccess || len(res.Pipeline.Errors) != 0 {
		t.Fatalf("rules %s, errors %+v", st, res.Pipeline.Errors)
	}
	validWire(t, res)
}

func TestAProseAnswerOutsideValidOutputsIsAnLLMFailure(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"output":"maybe","summary":"","notes":[]}`, 300, 20, 0))
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_prose_bad", proseRequest())
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != api.StatusPartial || len(res.Pipeline.Errors) != 1 || res.Pipeline.Errors[0].Code != CodeLLMFailed ||
		res.Pipeline.Errors[0].Node != StageRules {
		t.Fatalf("status %s errors %+v", res.Status, res.Pipeline.Errors)
	}
	if r := res.RuleResults; r[0].Output != "" || r[1].Output != "" || !strings.Contains(r[0].Summary, "language model failed") {
		t.Fatalf("rule results %+v", r)
	}
	validWire(t, res)
}
