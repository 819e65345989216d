package transform

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

func modelOptions(srv *llmtest.Server) Options {
	c := llm.NewClient(llm.Config{Model: "openai:gpt-4o-mini"})
	c.Register("openai", openai.New(openai.Config{BaseURL: srv.URL + "/v1", MaxRetries: -1}))
	return Options{LLM: c}
}

// sociosDoc is a deed listing three partners with their stakes as text.
func sociosDoc() []api.Document {
	socio := func(nombre, parte string, page int, conf float64) api.ExtractedField {
		return api.ExtractedField{Name: "socio", Pages: []int{page}, Confidence: conf, Value: []api.ExtractedField{
			member("nombre", nombre, page), member("participacion", parte, page)}}
	}
	return []api.Document{{Type: "escritura", SourceFile: "deed.pdf", Pages: []int{1, 2}, FieldGroups: []api.ExtractedGroup{
		{Name: "socios", Fields: []api.ExtractedField{{Name: "socios", Pages: []int{}, Value: []api.ExtractedField{
			socio("Ana Ruiz", "la mitad", 1, 0.9), socio("Juan Pérez", "un cuarto", 2, 0.7), socio("Eva Gil", "el resto", 2, 0.8)}}}},
	}}}
}

func sharesTransformation(onViolation string) api.Transformation {
	return api.Transformation{Type: api.TransformLLM, TargetGroup: "socios",
		Intention: "Give each partner's stake as a percentage number.",
		Invariant: json.RawMessage(`{"share_field": "participacion", "on_violation": "` + onViolation + `"}`)}
}

func answer(shares ...float64) llmtest.Reply {
	names := []string{"Ana Ruiz", "Juan Pérez", "Eva Gil"}
	var rows []map[string]any
	for i, s := range shares {
		rows = append(rows, map[string]any{"nombre": names[i], "participacion": s, "source_rows": []int{i}})
	}
	b, _ := json.Marshal(map[string]any{"rows": rows})
	return llmtest.OpenAIChat(string(b), 300, 60, 0)
}

func socios(t *testing.T, docs []api.Document) []api.ExtractedField {
	t.Helper()
	return docs[0].FieldGroups[0].Fields[0].Value.([]api.ExtractedField)
}

func TestLLMTransformationWithItsInvariantHeld(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(answer(50, 25, 25))
	docs := sociosDoc()
	out, err := ApplyWith(context.Background(), []api.Transformation{sharesTransformation("repair")}, docs, modelOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	if out.Applied != 1 || len(out.Failed) != 0 || len(out.Skipped) != 0 || out.RowsIn != 3 || out.RowsOut != 3 {
		t.Fatalf("outcome %+v", out)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d calls, want 1", len(reqs))
	}
	raw := string(reqs[0].Raw)
	for _, want := range []string{"percentage number", "must sum to 100", "la mitad", `json_schema`, "source_rows"} {
		if !strings.Contains(raw, want) {
			t.Errorf("request lacks %q: %s", want, raw)
		}
	}
	rows := socios(t, docs)
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	juan := rows[1]
	m := juan.Value.([]api.ExtractedField)
	if m[0].Value != "Juan Pérez" || m[1].Value != 25.0 || juan.Confidence != 0.7 || len(juan.Pages) != 1 || juan.Pages[0] != 2 {
		t.Fatalf("row %+v members %+v", juan, m)
	}
	if len(juan.Provenance) != 1 || juan.Provenance[0].Row != 1 || juan.Provenance[0].Field != "socios" {
		t.Fatalf("provenance %+v", juan.Provenance)
	}
	if juan.Notes == nil || !strings.Contains(*juan.Notes, "language model") || strings.Contains(*juan.Notes, "nvariant") {
		t.Fatalf("notes %v", juan.Notes)
	}
}

func TestViolatedInvariantIsRepairedBySecondCall(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(answer(50, 25, 15), answer(50, 25, 25))
	docs := sociosDoc()
	out, err := ApplyWith(context.Background(), []api.Transformation{sharesTransformation("repair")}, docs, modelOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if out.Applied != 1 || len(reqs) != 2 {
		t.Fatalf("applied %d with %d calls, want 1 with 2", out.Applied, len(reqs))
	}
	if second := string(reqs[1].Raw); !strings.Contains(second, "breaks the invariant") || !strings.Contains(second, "sum to 90") {
		t.Fatalf("the repair call does not say what was off: %s", second)
	}
	rows := socios(t, docs)
	if v := rows[2].Value.([]api.ExtractedField)[1].Value; v != 25.0 {
		t.Fatalf("the repaired share is %v", v)
	}
	if n := rows[0].Notes; n == nil || !strings.Contains(*n, "Repaired") {
		t.Fatalf("notes %v", n)
	}
}

func TestRepairThatStillFailsAndWarnBothKeepAndNote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		mode  string
		calls int
		note  string
	}{{"warn", 1, "Invariant violated: the participacion of the 3 rows sum to 90"}, {"repair", 2, "still violated after one repair: the participacion of the 3 rows sum to 95"}} {
		srv := llmtest.New(t, nil)
		srv.Script(answer(50, 25, 15), answer(50, 25, 20))
		docs := sociosDoc()
		out, err := ApplyWith(context.Background(), []api.Transformation{sharesTransformation(c.mode)}, docs, modelOptions(srv))
		if err != nil {
			t.Fatal(err)
		}
		if out.Applied != 1 || len(srv.Requests()) != c.calls {
			t.Fatalf("%s: applied %d with %d calls", c.mode, out.Applied, len(srv.Requests()))
		}
		rows := socios(t, docs)
		if n := rows[2].Notes; len(rows) != 3 || n == nil || !strings.Contains(*n, c.note) {
			t.Fatalf("%s: %d rows, notes %v", c.mode, len(rows), n)
		}
	}
}

// An answer outside the schema (a member the rows do not have) and one
// naming an input row that does not exist are model failures: reported,
// and the rows stay as extracted.
func TestAnswersOffShapeLeaveTheRows(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{
		`{"rows":[{"nombre":"Ana","participacion":100,"source_rows":[0],"extra":"x"}]}`,
		`{"rows":[{"nombre":"Ana","participacion":100,"source_rows":[7]}]}`,
		`not json`,
	} {
		srv := llmtest.New(t, nil)
		srv.Script(llmtest.OpenAIChat(bad, 10, 10, 0))
		docs := sociosDoc()
		before, _ := json.Marshal(docs)
		out, err := ApplyWith(context.Background(), []api.Transformation{sharesTransformation("warn")}, docs, modelOptions(srv))
		if err != nil {
			t.Fatal(err)
		}
		if out.Applied != 0 || len(out.Failed) != 1 || !strings.HasPrefix(out.Failed[0], "options.transformations[0]: document 0: model call failed") {
			t.Fatalf("%s: outcome %+v", bad, out)
		}
		if after, _ := json.Marshal(docs); string(after) != string(before) {
			t.Fatalf("%s: a failed answer changed the rows", bad)
		}
	}
}

func TestLLMTransformationScopesAndRequestErrors(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"rows":[{"nombre":"Ana Ruiz","participacion":"50 %","source_rows":[0,2]}]}`, 10, 10, 0))
	docs := sociosDoc()
	outGroup := "socios_unicos"
	noProv := false
	prompt := "deduplicate"
	ts := []api.Transformation{
		{Type: api.TransformLLM, TargetGroup: "socios", Scope: ScopeRequest, OutputGroup: &outGroup, IncludeProvenance: &noProv, PromptID: &prompt,
			Intention: "Merge partners that are the same person."},
		{Type: api.TransformLLM, TargetGroup: "socios", Intention: "Something to do here.", PromptID: new(string)},
		{Type: api.TransformLLM, TargetGroup: "socios", Intention: "Something to do here.", Invariant: json.RawMessage(`{"on_violation":"warn"}`)},
	}
	*ts[1].PromptID = "nope"
	out, err := ApplyWith(context.Background(), ts, docs, modelOptions(srv))
	if err != nil {
		t.Fatal(err)
	}
	if out.Applied != 1 || len(out.RequestGroups) != 1 || out.RequestGroups[0].Name != outGroup {
		t.Fatalf("outcome %+v", out)
	}
	row := out.RequestGroups[0].Fields[0]
	if row.Provenance != nil || row.Confidence != 0.8 || len(row.Pages) != 2 || row.Value.([]api.ExtractedField)[1].Value != "50 %" {
		t.Fatalf("row %+v", row)
	}
	if raw := string(srv.Requests()[0].Raw); !strings.Contains(raw, "Merge such rows") {
		t.Fatal("the stored prompt was not sent")
	}
	if len(out.Skipped) != 2 || !strings.Contains(out.Skipped[0], `prompt_id "nope" is not a stored prompt`) || !strings.Contains(out.Skipped[1], "invariant needs share_field") {
		t.Fatalf("skipped %q", out.Skipped)
	}
	if len(srv.Requests()) != 1 {
		t.Fatalf("%d calls: a request error still called the model", len(srv.Requests()))
	}
}

func TestInvariantParsingAndShares(t *testing.T) {
	t.Parallel()
	iv, err := parseInvariant(json.RawMessage(`{"share_field":"pct"}`))
	if err != nil || iv.Total != 100 || iv.Tolerance != 0.5 || iv.OnViolation != OnViolationRepair {
		t.Fatalf("defaults %+v %v", iv, err)
	}
	if iv, err := parseInvariant(json.RawMessage(`null`)); iv != nil || err != nil {
		t.Fatal("null invariant")
	}
	for _, bad := range []string{`{"share_field":"p","on_violation":"ignore"}`, `{"share_field":"p","tolerance":-1}`, `[1]`} {
		if _, err := parseInvariant(json.RawMessage(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	rows := func(vs ...any) []map[string]any {
		var out []map[string]any
		for _, v := range vs {
			out = append(out, map[string]any{"pct": v})
		}
		return out
	}
	if v := iv.check(rows("33,3 %", json.Number("33.4"), 33.0)); v != "" {
		t.Fatalf("99.7 within 0.5 of 100: %s", v)
	}
	if v := iv.check(rows(50.0, 49.0)); !strings.Contains(v, "sum to 99") {
		t.Fatalf("99: %q", v)
	}
	if v := iv.check(rows(50.0, nil)); !strings.Contains(v, "row 1 has no numeric pct") {
		t.Fatalf("missing share: %q", v)
	}
}
