package server

import (
	"encoding/json"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/store"
)

// TestExecutionSaysWhichPathFilledEachField checks that the /v1 execution
// view reports a model-filled field as such and the rest as deterministic.
func TestExecutionSaysWhichPathFilledEachField(t *testing.T) {
	t.Parallel()
	res := api.ExtractionResult{Documents: []api.Document{{
		Type: "invoice",
		FieldGroups: []api.ExtractedGroup{{Name: "main", Fields: []api.ExtractedField{
			{Name: "invoice_number", Value: "INV-1"}, {Name: "server_on_duty", Value: "Maria Lopez"},
		}}},
		ExtractionMethods: map[string]string{"main.server_on_duty": "llm_grounded"},
	}}}
	raw, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	x := (&Server{}).toV1Execution(&store.Extraction{ID: "ext_1", Status: api.ExtractionSucceeded, Result: raw})
	if got := x.ExtractionMethodPerField; got["invoice_number"] != "deterministic" || got["server_on_duty"] != "llm_grounded" {
		t.Fatalf("extraction_method_per_field = %v", got)
	}
}
