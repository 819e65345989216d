package server_test

import (
	"strings"
	"testing"
)

func TestCatalogueRoutes(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	runScenarios(t, ts, []Scenario{
		{Name: "Validators", URL: "/api/v1/validators", ExpectedStatus: 200,
			ExpectedContent: []string{`"name":"iban"`, `"name":"tckn"`},
			After: func(t *testing.T, v response) {
				if vals, _ := v.body["validators"].([]any); len(vals) < 35 {
					t.Fatalf("validators = %d, %d entries", v.status, len(vals))
				}
			}},
		{Name: "PIITypes", URL: "/api/v1/pii/types", ExpectedStatus: 200, After: func(t *testing.T, p response) {
			if p.body["count"].(float64) < 46 {
				t.Fatalf("pii types = %d %.200s", p.status, p.raw)
			}
		}},
		{Name: "DetectAndMask", Method: "POST", URL: "/api/v1/pii:detect",
			Body:           `{"text":"TC Kimlik No: 10000000146, IBAN TR33 0006 1005 1978 6457 8413 26","mask":"token"}`,
			ExpectedStatus: 200, After: func(t *testing.T, d response) {
				if d.body["count"].(float64) != 2 {
					t.Fatalf("detect = %d %s", d.status, d.raw)
				}
				masked, _ := d.body["masked_text"].(string)
				if strings.Contains(masked, "10000000146") || !strings.Contains(masked, "<NATIONAL_ID_TR_1>") {
					t.Fatalf("masked = %q", masked)
				}
			}},
		{Name: "BadStrategy", Method: "POST", URL: "/api/v1/pii:detect", Body: `{"text":"x","mask":"shred"}`,
			ExpectedStatus: 400, ExpectedCode: "invalid_request"},
		{Name: "Malformed", Method: "POST", URL: "/api/v1/pii:detect", Body: `{"text":`,
			ExpectedStatus: 400, ExpectedCode: "invalid_request"},
	})
}
