package api

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/quarrydev/quarry/internal/api/wiretest"
)

// TestReferenceExamplesRoundTrip decodes each JSON example of the contract
// (transcribed in testdata/, comments and "..." placeholders removed) into
// its wire type, refusing unknown fields, encodes it again, and requires
// the same JSON back: field names, nesting, and null-versus-absent all have
// to match the reference.
//
// Each response example, and its re-encoding, is also validated against
// the definition of the wire schema the reference's clients parse it with
// (def; empty for requests, which the schema does not cover).
func TestReferenceExamplesRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		def  string
		into func() any
	}{
		{"extract_request.json", "", func() any { return &ExtractRequest{} }},
		{"extract_response.json", "ExtractionResult", func() any { return &ExtractionResult{} }},
		{"extraction.json", "Extraction", func() any { return &Extraction{} }},
		{"extraction_queued.json", "Extraction", func() any { return &Extraction{} }},
		{"extraction_list.json", "ExtractionListResponse", func() any { return &ExtractionList{} }},
		{"validation_report.json", "ValidationResponse", func() any { return &ValidationReport{} }},
		{"escalation.json", "ExtractionResult.EscalationInfo", func() any { return &EscalationInfo{} }},
		{"file_summary_classified.json", "ExtractionResult.FileSummary", func() any { return &FileSummary{} }},
		{"pipeline_error.json", "ExtractionResult.PipelineError", func() any { return &PipelineError{} }},
		{"version.json", "VersionInfo", func() any { return &VersionInfo{} }},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile("testdata/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			v := c.into()
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v); err != nil {
				t.Fatalf("decode: %v", err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var want, got any
			json.Unmarshal(raw, &want)
			json.Unmarshal(out, &got)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("round trip differs\nwant %s\ngot  %s", compact(raw), out)
			}
			if c.def != "" {
				wiretest.Validate(t, c.def, raw)
				wiretest.Validate(t, c.def, out)
			}
		})
	}
}

func compact(b []byte) string {
	var buf bytes.Buffer
	json.Compact(&buf, b)
	return buf.String()
}

func TestExtractedFieldValueKinds(t *testing.T) {
	t.Parallel()
	raw := `[{"name":"n","value":42,"pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null},
	{"name":"f","value":1.5,"pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null},
	{"name":"s","value":"007","pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null},
	{"name":"b","value":true,"pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null},
	{"name":"o","value":[{"name":"m","value":null,"pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null}],
	 "pages":[],"confidence":0,"bbox":null,"validation":null,"judge":null,"notes":null}]`
	var fs []ExtractedField
	if err := json.Unmarshal([]byte(raw), &fs); err != nil {
		t.Fatal(err)
	}
	if _, ok := fs[0].Value.(int64); !ok {
		t.Errorf("integer decoded as %T", fs[0].Value)
	}
	if _, ok := fs[1].Value.(float64); !ok {
		t.Errorf("float decoded as %T", fs[1].Value)
	}
	if v, ok := fs[2].Value.(string); !ok || v != "007" {
		t.Errorf("numeric-looking string decoded as %T %v", fs[2].Value, fs[2].Value)
	}
	members, ok := fs[4].Value.([]ExtractedField)
	if !ok || len(members) != 1 || members[0].Name != "m" || members[0].Value != nil {
		t.Errorf("object members decoded as %T %+v", fs[4].Value, fs[4].Value)
	}
}

func TestStageDefaults(t *testing.T) {
	t.Parallel()
	var o *Options
	if !o.Enabled(StageClassifier) || !o.Enabled(StageFieldValidation) || o.Enabled(StageJudge) || o.Enabled(StageSplitter) {
		t.Fatal("reference defaults: classifier and field_validation on, the rest off")
	}
	off, on := false, true
	o = &Options{Stages: &StageToggles{Classifier: &off, Judge: &on}}
	if o.Enabled(StageClassifier) || !o.Enabled(StageJudge) || !o.Enabled(StageFieldValidation) {
		t.Fatal("explicit toggles must win, unset ones keep defaults")
	}
}

// TestDefaultsWhenNothingRan encodes a result as the pipeline builds it
// with no judge, validator or authenticity check, and requires the
// contract's defaults in place of null, valid against the wire schema.
func TestDefaultsWhenNothingRan(t *testing.T) {
	t.Parallel()
	res := ExtractionResult{
		ID: "ext_1", Status: StatusSuccess, Files: []FileSummary{}, DiscoveredDocuments: []Document{},
		RuleResults: []RuleResult{}, RequestTransformations: []map[string]any{},
		Documents: []Document{{Type: "invoice", SourceFile: "a.pdf", Pages: []int{1}, FieldGroups: []ExtractedGroup{{
			Name: "g", Fields: []ExtractedField{
				{Name: "rows", Pages: []int{}, Value: []ExtractedField{{Name: "cell", Pages: []int{}}}},
				// An ungraded box: bbox_validation failed before grading it.
				{Name: "total", Pages: []int{1}, BBox: &BoundingBox{XMin: 0.1, YMin: 0.1, XMax: 0.2, YMax: 0.2}},
			},
		}}}},
		Pipeline: PipelineInfo{Model: "none", LatencyMS: 12, Trace: []TraceEntry{}, Errors: []PipelineError{}},
	}
	out, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, want string
	}{
		{"Judge", `"judge":{"status":"uncertain","confidence":0,"evidence":null,"notes":null,"flag_for_review":false}`},
		{"Validation", `"validation":{"valid":true,"errors":[]}`},
		{"Authenticity", `"authenticity":{"visual":[],"content":null}`},
		{"IntegerLatency", `"latency_ms":12,`},
		{"UngradedBox", `"source":null,"quality":null`},
	}
	for _, c := range cases {
		if !bytes.Contains(out, []byte(c.want)) {
			t.Errorf("%s: %s missing from %s", c.name, c.want, out)
		}
	}
	// Nested rows get the defaults too: three fields, three judges.
	if n := bytes.Count(out, []byte(`"judge":{"status":"uncertain"`)); n != 3 {
		t.Errorf("judge defaults = %d, want 3 (fields and nested row)", n)
	}
	wiretest.Validate(t, "ExtractionResult", out)
}
