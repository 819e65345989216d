package server_test

import (
	"testing"
)

// TestPIITypesListCountryCatalogue checks that the PII catalogue route
// carries the country jurisdictions and, for every type, what a caller
// needs to use it: jurisdiction, description, example and the check.
func TestPIITypesListCountryCatalogue(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	runScenarios(t, ts, []Scenario{{Name: "PIITypesCountries", URL: "/api/v1/pii/types", ExpectedStatus: 200,
		ExpectedContent: []string{`"name":"nric_sg"`, `"jurisdiction":"sg"`, `"name":"aadhaar_in"`, `"check":"Verhoeff"`},
		After: func(t *testing.T, p response) {
			types, _ := p.body["types"].([]any)
			if len(types) < 120 || p.body["count"].(float64) != float64(len(types)) {
				t.Fatalf("pii types: count %v, %d entries", p.body["count"], len(types))
			}
			for _, x := range types {
				ty := x.(map[string]any)
				for _, k := range []string{"name", "jurisdiction", "description", "example", "check"} {
					if s, _ := ty[k].(string); s == "" {
						t.Errorf("type %v: empty %s", ty["name"], k)
					}
				}
			}
		}}})
}
