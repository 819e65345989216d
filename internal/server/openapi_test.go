package server_test

import (
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

func TestOpenAPIDocumentIsValid(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	r := Scenario{URL: "/openapi.json", ExpectedStatus: 200, After: func(t *testing.T, r response) {
		if r.body["openapi"] != "3.1.0" {
			t.Fatalf("openapi = %d %.200s", r.status, r.raw)
		}
	}}.Run(t, ts)
	paths := r.body["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/extract", "/api/v1/extract:validate", "/api/v1/extractions/{id}", "/api/v1/extractions/{id}/result", "/api/v1/version", "/actuator/health/readiness"} {
		if paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
	schemas := r.body["components"].(map[string]any)["schemas"].(map[string]any)
	for _, s := range []string{"ExtractRequest", "ExtractionResult", "Problem", "ValidationReport", "Extraction"} {
		if schemas[s] == nil {
			t.Errorf("openapi lacks schema %s", s)
		}
	}
	doc, err := libopenapi.NewDocument(r.raw)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		var msgs []string
		for _, e := range verrs {
			msgs = append(msgs, e.Error())
		}
		t.Fatalf("openapi.json is not valid OpenAPI 3.1:\n%s", strings.Join(msgs, "\n"))
	}
}
