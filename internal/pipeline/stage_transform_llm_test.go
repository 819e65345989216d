package pipeline

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

// cargosEngine swaps extraction for a stage that yields two officers with
// free-text positions, since no generated document carries such a table.
func cargosEngine(e *Engine) *Engine {
	for i := range e.stages {
		if e.stages[i].Name == StageExtract {
			e.stages[i].Run = func(_ *Engine, _ context.Context, r *Run) (string, error) {
				for _, t := range r.Tasks {
					row := func(nombre, cargo string) api.ExtractedField {
						return api.ExtractedField{Name: "cargo", Pages: []int{1}, Confidence: 0.9, Value: []api.ExtractedField{
							{Name: "nombre", Value: nombre, Pages: []int{1}, Confidence: 0.9},
							{Name: "cargo", Value: cargo, Pages: []int{1}, Confidence: 0.9}}}
					}
					t.Doc.FieldGroups = []api.ExtractedGroup{{Name: "cargos", Fields: []api.ExtractedField{{Name: "cargos", Pages: []int{},
						Value: []api.ExtractedField{row("Ana Ruiz", "adm. única"), row("Juan Pérez", "apoderado solidario")}}}}}
				}
				return "", nil
			}
		}
	}
	return e
}

func cargosRequest(t *testing.T) *api.ExtractRequest {
	on := true
	req := pdfRequest(t)
	req.Options = &api.Options{Stages: &api.StageToggles{Transform: &on}, Transformations: []api.Transformation{
		{Type: api.TransformLLM, TargetGroup: "cargos", Intention: "Normalize each cargo to a closed taxonomy: administrador, apoderado."}}}
	return req
}

// With a model the contract's llm transformation runs in the engine: the
// rows are rewritten, metered under by_agent.transform, and the result is
// valid on the wire.
func TestLLMTransformationInTheEngine(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"rows":[{"nombre":"Ana Ruiz","cargo":"administrador","source_rows":[0]},{"nombre":"Juan Pérez","cargo":"apoderado","source_rows":[1]}]}`, 400, 50, 0))
	res, err := cargosEngine(llmEngine(t, srv)).Run(context.Background(), "ext_llm_transform", cargosRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res)[StageTransform]; st != api.TraceSuccess {
		t.Fatalf("transform %s", st)
	}
	rows := res.Documents[0].FieldGroups[0].Fields[0].Value.([]api.ExtractedField)
	if len(rows) != 2 || rows[1].Value.([]api.ExtractedField)[1].Value != "apoderado" || len(rows[1].Provenance) != 1 {
		t.Fatalf("rows %+v", rows)
	}
	if u := res.Pipeline.Usage; u == nil || u.ByAgent[llm.AgentTransform].TotalTokens != 450 {
		t.Fatalf("usage %+v", res.Pipeline.Usage)
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

// A model that answers off the schema leaves the rows as extracted and
// says so in pipeline.errors.
func TestLLMTransformationFailureIsReported(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat(`{"rows":[{"cargo":"administrador"}]}`, 10, 10, 0))
	res, err := cargosEngine(llmEngine(t, srv)).Run(context.Background(), "ext_llm_transform_bad", cargosRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pipeline.Errors) != 1 || res.Pipeline.Errors[0].Code != CodeLLMFailed || res.Pipeline.Errors[0].Node != StageTransform {
		t.Fatalf("errors %+v", res.Pipeline.Errors)
	}
	rows := res.Documents[0].FieldGroups[0].Fields[0].Value.([]api.ExtractedField)
	if rows[0].Value.([]api.ExtractedField)[1].Value != "adm. única" || rows[0].Provenance != nil {
		t.Fatalf("rows changed: %+v", rows)
	}
	if st := traceStatus(res)[StageTransform]; st != api.TraceSkipped {
		t.Fatalf("transform %s", st)
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)
}

// Without a model the llm transformation is skipped with the usual reason.
func TestLLMTransformationWithoutModelIsSkipped(t *testing.T) {
	t.Parallel()
	res, err := cargosEngine(newEngine(t)).Run(context.Background(), "ext_no_model", cargosRequest(t))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tr := range res.Pipeline.Trace {
		found = found || tr.Node == StageTransform
		if tr.Node == StageTransform && (tr.Status != api.TraceSkipped || !strings.Contains(strings.ToLower(tr.Reason), "llm")) {
			t.Fatalf("trace %+v", tr)
		}
	}
	if !found || res.Pipeline.Usage != nil || len(res.Pipeline.Errors) != 0 {
		t.Fatalf("usage %+v errors %+v", res.Pipeline.Usage, res.Pipeline.Errors)
	}
}
