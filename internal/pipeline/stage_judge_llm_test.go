package pipeline

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// uncertainRequest is a plain-text invoice: its values are found, but a
// text file has no boxes, so the deterministic judge has nothing to
// compare them with and leaves all three uncertain.
func uncertainRequest(esc *api.EscalationConfig) *api.ExtractRequest {
	txt := "Invoice INV-1 from Acme Trading Ltd\nIssue date 15 May 2025\nServed by Maria Lopez at the north counter\nTotal 10,00 EUR\n"
	return &api.ExtractRequest{
		Files: []api.FileInput{{Filename: "inv.txt", Data: []byte(txt)}},
		DocumentTypes: []api.DocumentTypeSpec{{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
			{Name: "invoice_number", Description: "the invoice's number"},
			{Name: "issue_date", Type: api.TypeString},
			{Name: "total_amount", Type: api.TypeNumber},
		}}}}},
		Options: &api.Options{Stages: &api.StageToggles{Judge: on(), JudgeEscalation: on()}, Escalation: esc},
	}
}

type verdict struct {
	Field      string  `json:"field"`
	Status     string  `json:"status"`
	Confidence float64 `json:"confidence"`
	Evidence   string  `json:"evidence"`
	Notes      string  `json:"notes"`
}

func verdicts(vs ...verdict) string {
	b, _ := json.Marshal(map[string]any{"verdicts": vs})
	return string(b)
}

// schemaName is the structured-output name a recorded request asked for.
func schemaName(rec llmtest.Recorded) string {
	rf, _ := rec.Body["response_format"].(map[string]any)
	js, _ := rf["json_schema"].(map[string]any)
	name, _ := js["name"].(string)
	return name
}

// byModel answers judge calls by the model asked; anything else fails.
func byModel(answers map[string]string) func(llmtest.Recorded) llmtest.Reply {
	return func(rec llmtest.Recorded) llmtest.Reply {
		model, _ := rec.Body["model"].(string)
		if a, ok := answers[model]; ok && schemaName(rec) == "verdicts" {
			return llmtest.OpenAIChat(a, 800, 60, 0)
		}
		return llmtest.Error(400, "unexpected request for "+model, nil)
	}
}

func judgeOf(t *testing.T, res *api.ExtractionResult, name string) *api.Judgement {
	t.Helper()
	f := resultField(res, name)
	if f == nil || f.Judge == nil {
		t.Fatalf("%s has no verdict", name)
	}
	return f.Judge
}

func validWire(t *testing.T, res *api.ExtractionResult) {
	t.Helper()
	body, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	wiretest.Validate(t, "ExtractionResult", body)
}

func TestModelJudgesUncertainFieldsOnlyWithQuotesFromTheDocument(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, byModel(map[string]string{"gpt-4o-mini": verdicts(
		verdict{"main.invoice_number", api.JudgePass, 0.9, "Invoice INV-1", "the heading prints it"},
		verdict{"main.issue_date", api.JudgePass, 0.95, "Issued on 15/05/2025", "made up"},
		// Case and spacing differ from the text: still the document's words.
		verdict{"main.total_amount", api.JudgeFail, 0.8, "total  10,00 eur", "a test says it is wrong"},
	)}))
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_judge_llm", uncertainRequest(nil))
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d model calls, want one per document", len(reqs))
	}
	raw := string(reqs[0].Raw)
	for _, want := range []string{"main.invoice_number", "main.total_amount", "the invoice's number", "Served by Maria Lopez"} {
		if !strings.Contains(raw, want) {
			t.Errorf("the judge prompt lacks %q", want)
		}
	}
	if j := judgeOf(t, res, "invoice_number"); j.Status != api.JudgePass || j.Confidence != 0.9 || j.FlagForReview ||
		deref(j.Evidence) != "Invoice INV-1" || !strings.Contains(deref(j.Notes), "language model (openai:gpt-4o-mini)") {
		t.Errorf("invoice_number judged %+v (%s)", j, deref(j.Notes))
	}
	if j := judgeOf(t, res, "issue_date"); j.Status != api.JudgeUncertain || j.Confidence != 0 ||
		!strings.Contains(deref(j.Notes), "not in the document's text") {
		t.Errorf("a made-up quote was taken: %+v (%s)", j, deref(j.Notes))
	}
	if j := judgeOf(t, res, "total_amount"); j.Status != api.JudgeFail || !j.FlagForReview {
		t.Errorf("total_amount judged %+v", j)
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentJudge].TotalTokens != 860 {
		t.Fatalf("usage %+v", u)
	}
	if len(res.Pipeline.Errors) != 0 || res.Pipeline.Escalation != nil {
		t.Fatalf("errors %+v escalation %+v", res.Pipeline.Errors, res.Pipeline.Escalation)
	}
	validWire(t, res)
}

func TestEscalationJudgesAgainWithTheSecondModel(t *testing.T) {
	t.Parallel()
	all := func(status string) string {
		return verdicts(
			verdict{"main.invoice_number", status, 0.9, "Invoice INV-1", ""},
			verdict{"main.issue_date", status, 0.9, "Issue date 15 May 2025", ""},
			verdict{"main.total_amount", status, 0.9, "Total 10,00 EUR", ""},
		)
	}
	for _, c := range []struct {
		name, second string
		accepted     bool
		want         string
	}{
		{"fewer failures are kept", api.JudgePass, true, api.JudgePass},
		{"as many failures leave the first pass", api.JudgeFail, false, api.JudgeFail},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := llmtest.New(t, byModel(map[string]string{"gpt-4o-mini": all(api.JudgeFail), "gpt-4o": all(c.second)}))
			esc := &api.EscalationConfig{Threshold: 0.5, Model: "openai:gpt-4o"}
			res, err := llmEngine(t, srv).Run(context.Background(), "ext_escalate", uncertainRequest(esc))
			if err != nil {
				t.Fatal(err)
			}
			want := api.EscalationInfo{Triggered: true, PrimaryModel: "openai:gpt-4o-mini", EscalationModel: "openai:gpt-4o",
				PrimaryFailRate: 1, EscalationFailRate: 1, Accepted: c.accepted}
			if c.accepted {
				want.EscalationFailRate = 0
			}
			if got := res.Pipeline.Escalation; got == nil || *got != want {
				t.Fatalf("escalation %+v, want %+v", got, want)
			}
			if j := judgeOf(t, res, "issue_date"); j.Status != c.want || !strings.Contains(deref(j.Notes), "language model") {
				t.Errorf("issue_date after escalation: %+v", j)
			}
			u := res.Pipeline.Usage
			if u == nil || u.ByModel["openai:gpt-4o-mini"].TotalTokens != 860 || u.ByModel["openai:gpt-4o"].TotalTokens != 860 ||
				u.ByAgent[llm.AgentJudge].TotalTokens != 1720 {
				t.Fatalf("usage %+v", u)
			}
			if st := traceStatus(res)[StageJudgeEscalation]; st != api.TraceSuccess {
				t.Fatalf("judge_escalation %s", st)
			}
			validWire(t, res)
		})
	}
}

func TestNoEscalationBelowTheThreshold(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, byModel(map[string]string{"gpt-4o-mini": verdicts(
		verdict{"main.invoice_number", api.JudgeFail, 0.9, "Invoice INV-1", ""},
		verdict{"main.issue_date", api.JudgePass, 0.9, "Issue date 15 May 2025", ""},
		verdict{"main.total_amount", api.JudgePass, 0.9, "Total 10,00 EUR", ""},
	)}))
	esc := &api.EscalationConfig{Threshold: 0.5, Model: "openai:gpt-4o"}
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_no_escalate", uncertainRequest(esc))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pipeline.Escalation != nil || len(srv.Requests()) != 1 {
		t.Fatalf("escalation %+v after %d calls", res.Pipeline.Escalation, len(srv.Requests()))
	}
	reason := traceReason(res, StageJudgeEscalation)
	if traceStatus(res)[StageJudgeEscalation] != api.TraceSkipped || !strings.Contains(reason, "0.333 (1 of 3") ||
		!strings.Contains(reason, "below the threshold") || strings.Contains(reason, "needs an LLM") {
		t.Fatalf("trace %q", reason)
	}
	validWire(t, res)
}

func TestAnOffSchemaVerdictLeavesTheDeterministicJudgement(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, byModel(map[string]string{"gpt-4o-mini": verdicts(
		verdict{"main.invoice_number", "great", 0.9, "Invoice INV-1", ""},
	)}))
	res, err := llmEngine(t, srv).Run(context.Background(), "ext_judge_bad", uncertainRequest(nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != api.StatusPartial || len(res.Pipeline.Errors) != 1 || res.Pipeline.Errors[0].Code != CodeLLMFailed ||
		res.Pipeline.Errors[0].Node != StageJudge {
		t.Fatalf("status %s errors %+v", res.Status, res.Pipeline.Errors)
	}
	plain, err := newEngine(t).Run(context.Background(), "ext_judge_plain", uncertainRequest(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"invoice_number", "issue_date", "total_amount"} {
		got, want := judgeOf(t, res, name), judgeOf(t, plain, name)
		if got.Status != want.Status || got.Confidence != want.Confidence || deref(got.Notes) != deref(want.Notes) {
			t.Errorf("%s: %+v, without a model %+v", name, got, want)
		}
	}
	validWire(t, res)
}

// On a real invoice the model is asked only about what the checks left
// uncertain: it answers fail on everything it sees, quoting the total's
// line, and the totals the arithmetic vouched for still pass.
func TestTheModelNeverOverturnsTheChecks(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var asked []string // written by the server's goroutine
	srv := llmtest.New(t, func(rec llmtest.Recorded) llmtest.Reply {
		rf, _ := rec.Body["response_format"].(map[string]any)
		js, _ := rf["json_schema"].(map[string]any)
		sch, _ := js["schema"].(map[string]any)
		props, _ := sch["properties"].(map[string]any)
		if js["name"] != "verdicts" {
			// The extraction fallback: nothing to add.
			nulls := map[string]any{}
			for k := range props {
				nulls[k] = nil
			}
			b, _ := json.Marshal(nulls)
			return llmtest.OpenAIChat(string(b), 100, 10, 0)
		}
		items := props["verdicts"].(map[string]any)["items"].(map[string]any)
		enum := items["properties"].(map[string]any)["field"].(map[string]any)["enum"].([]any)
		var vs []verdict
		mu.Lock()
		defer mu.Unlock()
		for _, p := range enum {
			asked = append(asked, p.(string))
			vs = append(vs, verdict{p.(string), api.JudgeFail, 0.9, "$ 279.84", "the model disagrees"})
		}
		return llmtest.OpenAIChat(verdicts(vs...), 900, 80, 0)
	})
	e := llmEngine(t, srv)
	if e.caps.Tools.PDFToText == "" {
		t.Skip("pdftotext is not installed")
	}
	res, err := e.Run(context.Background(), "ext_judge_real_llm", judgedRequest(t, api.StageToggles{Judge: on()}, nil))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) == 0 {
		t.Fatal("the model was asked about nothing: the test needs an uncertain field")
	}
	for _, p := range asked {
		for _, decided := range []string{"subtotal", "tax_amount", "total_amount"} {
			if strings.HasSuffix(p, "."+decided) {
				t.Errorf("%s, which the checks decided, was sent to the model", p)
			}
		}
	}
	got := fieldsByName(res.Documents[0])
	for _, name := range []string{"subtotal", "tax_amount", "total_amount"} {
		if jd := got[name].Judge; jd == nil || jd.Status != api.JudgePass || strings.Contains(deref(jd.Notes), "language model") {
			t.Errorf("%s: %+v", name, jd)
		}
	}
	validWire(t, res)
}
