package pipeline

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
)

func personaRow(dni, nombre string, page int) api.ExtractedField {
	m := func(n, v string) api.ExtractedField {
		return api.ExtractedField{Name: n, Value: v, Pages: []int{page}, Confidence: 0.9}
	}
	return api.ExtractedField{Name: "persona", Pages: []int{page}, Confidence: 0.9, Value: []api.ExtractedField{m("dni", dni), m("nombre", nombre)}}
}

// The contract's entity_resolution (personas by dni then nombre, request
// scope) runs in the engine with no LLM configured: the trace says
// success, request_transformations holds the merged people with their
// provenance, and the result stays valid on the wire. Extraction is
// swapped for a stage that yields the people, since no generated
// document carries a persons table.
func TestTransformStageRunsTheContractExample(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	for i := range e.stages {
		if e.stages[i].Name == StageExtract {
			e.stages[i].Run = func(_ *Engine, _ context.Context, r *Run) (string, error) {
				for i, t := range r.Tasks {
					rows := []api.ExtractedField{personaRow("12345678-Z", "María García", i+1), personaRow("", "Juan Pérez Sánchez", i+1)}
					if i > 0 {
						rows = []api.ExtractedField{personaRow("12345678Z", "MARÍA GARCÍA LÓPEZ", 1), personaRow("", "juan perez", 1)}
					}
					t.Doc.FieldGroups = []api.ExtractedGroup{{Name: "personas", Fields: []api.ExtractedField{{Name: "personas", Value: rows, Pages: []int{}}}}}
				}
				return "", nil
			}
		}
	}
	on := true
	pdf := pdfRequest(t).Files[0]
	second := pdf
	second.Filename = "inv2.pdf"
	req := &api.ExtractRequest{Files: []api.FileInput{pdf, second}, Options: &api.Options{
		Stages: &api.StageToggles{Transform: &on},
		Transformations: []api.Transformation{
			{Type: api.TransformEntityResolution, TargetGroup: "personas", MatchBy: []string{"dni", "nombre"}, Scope: "request"},
			{Type: api.TransformLLM, TargetGroup: "cargos", Intention: "Normalise each cargo."},
		}}}
	res, err := e.Run(context.Background(), "ext_transform", req)
	if err != nil {
		t.Fatal(err)
	}
	if st := traceStatus(res)[StageTransform]; st != api.TraceSuccess {
		t.Fatalf("transform stage %s", st)
	}
	if len(res.Documents) != 2 || len(res.RequestTransformations) != 1 {
		t.Fatalf("%d documents, %d request transformations", len(res.Documents), len(res.RequestTransformations))
	}
	body, _ := json.Marshal(res)
	wiretest.Validate(t, "ExtractionResult", body)

	var back api.ExtractionResult
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(back.RequestTransformations[0])
	var g api.ExtractedGroup
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	if g.Name != "personas" || len(g.Fields) != 2 {
		t.Fatalf("group %s with %d entities", g.Name, len(g.Fields))
	}
	people := map[string]int{}
	for _, f := range g.Fields {
		for _, m := range f.Value.([]api.ExtractedField) {
			if m.Name == "nombre" {
				people[m.Value.(string)] = len(f.Provenance)
			}
		}
	}
	if people["MARÍA GARCÍA LÓPEZ"] != 2 || people["Juan Pérez Sánchez"] != 2 {
		t.Fatalf("merged people and their sources: %v", people)
	}
}
