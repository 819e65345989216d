package server_test

import (
	"strings"
	"testing"
)

// verdictOf classifies an answer: "ok", "malformed" (400) or "refused"
// (422 validation_failed from a run, ok:false from the dry run).
func verdictOf(r edgeResponse, dryRun bool) string {
	switch {
	case r.status == 400 && r.body["code"] == "invalid_request":
		return "malformed"
	case !dryRun && r.status == 422 && r.body["code"] == "validation_failed":
		return "refused"
	case !dryRun && r.status == 200:
		return "ok"
	case dryRun && r.status == 200 && r.body["ok"] == true:
		return "ok"
	case dryRun && r.status == 200 && r.body["ok"] == false:
		return "refused"
	}
	return "unexpected"
}

// TestDryRunAgreesWithTheRun sends each request to /extract:validate and
// to /extract: the verdicts must match, and match the expected one (the
// dry run used to answer ok for PII settings and stage toggles the run
// refused or silently ignored).
func TestDryRunAgreesWithTheRun(t *testing.T) {
	t.Parallel()
	_, ts := edgeServer(t, nil, nil)
	oneType := `"document_types":[{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total"}]}]}]`
	cases := []struct {
		name, extra, want string
	}{
		{name: "Valid", want: "ok"},
		{name: "ValidWithPII", extra: `"options":{"pii":{"mask":"redact","jurisdictions":["eu"]}}`, want: "ok"},
		{name: "WarningOnly", extra: `"options":{"stages":{"rule_engine":true}}`, want: "ok"},
		{name: "KnownStageOff", extra: `"options":{"stages":{"classifier":false}}`, want: "ok"},
		{name: "UnknownPIIMask", extra: `"options":{"pii":{"mask":"blur"}}`, want: "malformed"},
		{name: "UnknownJurisdiction", extra: `"options":{"pii":{"jurisdictions":["mars"]}}`, want: "malformed"},
		{name: "UnknownPIIType", extra: `"options":{"pii":{"types":["shoe_size"]}}`, want: "malformed"},
		{name: "UnknownStageKey", extra: `"options":{"stages":{"judgee":true}}`, want: "malformed"},
		{name: "FieldTypeTypo", extra: `"document_types":[{"id":"x","field_groups":[{"name":"g","fields":[{"name":"f","type":"strng"}]}]}]`, want: "malformed"},
		{name: "NULInIntention", extra: `"intention":"a\u0000b"`, want: "malformed"},
		{name: "UnknownExpectedType", extra: oneType + `,"file_options":{"a.txt":{"expected_type":"passport"}}`, want: "refused"},
		{name: "UnknownValidator", extra: `"document_types":[{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total","validators":[{"name":"no_such_check"}]}]}]}]`, want: "refused"},
		{name: "CELRule", extra: oneType + `,"rules":[{"id":"a","predicate":"fields.invoice.total != null"}]`, want: "ok"},
		{name: "ProseRule", extra: oneType + `,"rules":[{"id":"a","predicate":"The total is printed."}]`, want: "ok"},
		{name: "CELRuleTypo", extra: oneType + `,"rules":[{"id":"a","predicate":"fields.invoice.totl != null"}]`, want: "refused"},
		{name: "RuleCycle", extra: oneType + `,"rules":[{"id":"a","predicate":"p","parents":[{"kind":"rule","rule":"b"}]},{"id":"b","predicate":"q","parents":[{"kind":"rule","rule":"a"}]}]`, want: "refused"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			body := `{"files":` + edgeFiles("a.txt")
			if c.extra != "" {
				body += "," + c.extra
			}
			body += "}"
			dry := edgeDo(t, ts, "POST", "/api/v1/extract:validate", "application/json", strings.NewReader(body), nil)
			run := edgeDo(t, ts, "POST", "/api/v1/extract", "application/json", strings.NewReader(body), nil)
			dv, rv := verdictOf(dry, true), verdictOf(run, false)
			if dv != rv {
				t.Fatalf("dry run says %s (%d %.300s), run says %s (%d %.300s)", dv, dry.status, dry.raw, rv, run.status, run.raw)
			}
			if rv != c.want {
				t.Fatalf("both say %s, want %s: %.300s", rv, c.want, run.raw)
			}
		})
	}
}
