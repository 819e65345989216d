package server_test

import (
	"strings"
	"testing"
)

func TestCatalogueRoutes(t *testing.T) {
	_, ts := testApp(t, nil)
	v := do(t, ts, "GET", "/api/v1/validators", "", nil, nil)
	vals, _ := v.body["validators"].([]any)
	if v.status != 200 || len(vals) < 35 || !strings.Contains(string(v.raw), `"name":"iban"`) || !strings.Contains(string(v.raw), `"name":"tckn"`) {
		t.Fatalf("validators = %d, %d entries", v.status, len(vals))
	}
	p := do(t, ts, "GET", "/api/v1/pii/types", "", nil, nil)
	if p.status != 200 || p.body["count"].(float64) < 46 {
		t.Fatalf("pii types = %d %.200s", p.status, p.raw)
	}
	d := do(t, ts, "POST", "/api/v1/pii:detect", "application/json",
		strings.NewReader(`{"text":"TC Kimlik No: 10000000146, IBAN TR33 0006 1005 1978 6457 8413 26","mask":"token"}`), nil)
	if d.status != 200 || d.body["count"].(float64) != 2 {
		t.Fatalf("detect = %d %s", d.status, d.raw)
	}
	masked, _ := d.body["masked_text"].(string)
	if strings.Contains(masked, "10000000146") || !strings.Contains(masked, "<NATIONAL_ID_TR_1>") {
		t.Fatalf("masked = %q", masked)
	}
	bad := do(t, ts, "POST", "/api/v1/pii:detect", "application/json", strings.NewReader(`{"text":"x","mask":"shred"}`), nil)
	if bad.status != 400 || bad.body["code"] != "invalid_request" {
		t.Fatalf("bad strategy = %d %s", bad.status, bad.raw)
	}
	malformed := do(t, ts, "POST", "/api/v1/pii:detect", "application/json", strings.NewReader(`{"text":`), nil)
	if malformed.status != 400 || malformed.body["code"] != "invalid_request" {
		t.Fatalf("malformed = %d %s", malformed.status, malformed.raw)
	}
}
