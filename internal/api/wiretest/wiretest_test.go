package wiretest_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api/wiretest"
)

// good is a minimal result the reference's clients accept; each drift case
// replaces one fragment of it with a shape they reject.
const good = `{"id":"ext_1","status":"success","files":[],"documents":[{"type":"invoice","source_file":"a.pdf",
"missing":false,"pages":[1],"confidence":1,"description":null,"notes":null,"field_groups":[{"name":"g","fields":[
{"name":"total","value":12.5,"pages":[1],"confidence":0.9,"bbox":null,"validation":{"valid":true,"errors":[]},
"judge":{"status":"uncertain","confidence":0.0,"evidence":null,"notes":null,"flag_for_review":false},"notes":null}]}],
"authenticity":{"visual":[],"content":null}}],"discovered_documents":[],"rule_results":[],"request_transformations":[],
"pipeline":{"model":"none","latency_ms":12,"trace":[{"node":"load","started_at":"2026-05-14T10:42:00Z",
"completed_at":"2026-05-14T10:42:00.5Z","latency_ms":0.5,"status":"success"}],"errors":[],"escalation":null,"usage":null}}`

func requireSchema(t *testing.T) {
	t.Helper()
	p, err := wiretest.SchemaPath()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		t.Skipf("wire schema %s absent", p)
	}
}

func TestCheckCatchesDrift(t *testing.T) {
	t.Parallel()
	requireSchema(t)
	if err := wiretest.Check("ExtractionResult", []byte(good)); err != nil {
		t.Fatalf("baseline rejected: %v", err)
	}
	cases := []struct {
		name, from, to string
	}{
		{"JudgeNull", `"judge":{"status":"uncertain","confidence":0.0,"evidence":null,"notes":null,"flag_for_review":false}`, `"judge":null`},
		{"ValidationNull", `"validation":{"valid":true,"errors":[]}`, `"validation":null`},
		{"AuthenticityNull", `"authenticity":{"visual":[],"content":null}`, `"authenticity":null`},
		{"ContentAsList", `"content":null`, `"content":[]`},
		{"LatencyFloat", `"latency_ms":12,`, `"latency_ms":12.5,`},
		{"TraceTimeNotDateTime", `"started_at":"2026-05-14T10:42:00Z"`, `"started_at":"yesterday"`},
		{"BboxSourceEmpty", `"bbox":null`, `"bbox":{"xmin":0,"ymin":0,"xmax":1,"ymax":1,"source":"","quality":"good"}`},
		{"StatusUnknown", `"status":"success","files"`, `"status":"done","files"`},
		{"EscalationRateNull", `"escalation":null`, `"escalation":{"triggered":true,"escalation_fail_rate":null}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			body := strings.Replace(good, c.from, c.to, 1)
			if body == good {
				t.Fatalf("case does not change the body: %q not found", c.from)
			}
			if err := wiretest.Check("ExtractionResult", []byte(body)); err == nil {
				t.Fatalf("drift accepted: %s -> %s", c.from, c.to)
			}
		})
	}
}

func TestCompileNames(t *testing.T) {
	t.Parallel()
	requireSchema(t)
	cases := []struct {
		name, def string
		ok        bool
	}{
		{"TopLevel", "Extraction", true},
		{"SubDefinition", "ExtractionResult.EscalationInfo", true},
		{"UnknownTop", "Nope", false},
		{"UnknownSub", "ExtractionResult.Nope", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if _, err := wiretest.Compile(c.def); (err == nil) != c.ok {
				t.Fatalf("Compile(%q) = %v, want ok=%v", c.def, err, c.ok)
			}
		})
	}
}

func TestExtractionErrorIsAnObject(t *testing.T) {
	t.Parallel()
	requireSchema(t)
	base := `{"id":"ext_1","status":"failed","submitted_at":"2026-05-14T10:42:00Z","started_at":null,"finished_at":null,"attempts":1,"error":%s,"post_processing":null}`
	cases := []struct {
		name, err string
		ok        bool
	}{
		{"Null", `null`, true},
		{"Object", `{"code":"extraction_failed","message":"boom"}`, true},
		{"BareString", `"boom"`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			body := strings.Replace(base, "%s", c.err, 1)
			if err := wiretest.Check("Extraction", []byte(body)); (err == nil) != c.ok {
				t.Fatalf("Check = %v, want ok=%v", err, c.ok)
			}
		})
	}
}
