package api

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// TestReferenceExamplesRoundTrip decodes each JSON example of the contract
// (transcribed in testdata/, comments and "..." placeholders removed) into
// its wire type, refusing unknown fields, encodes it again, and requires
// the same JSON back: field names, nesting, and null-versus-absent all have
// to match the reference.
func TestReferenceExamplesRoundTrip(t *testing.T) {
	cases := []struct {
		file string
		into func() any
	}{
		{"extract_request.json", func() any { return &ExtractRequest{} }},
		{"extract_response.json", func() any { return &ExtractionResult{} }},
		{"extraction.json", func() any { return &Extraction{} }},
		{"extraction_queued.json", func() any { return &Extraction{} }},
		{"extraction_list.json", func() any { return &ExtractionList{} }},
		{"validation_report.json", func() any { return &ValidationReport{} }},
		{"escalation.json", func() any { return &EscalationInfo{} }},
		{"file_summary_classified.json", func() any { return &FileSummary{} }},
		{"pipeline_error.json", func() any { return &PipelineError{} }},
		{"version.json", func() any { return &VersionInfo{} }},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
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
		})
	}
}

func compact(b []byte) string {
	var buf bytes.Buffer
	json.Compact(&buf, b)
	return buf.String()
}

func TestExtractedFieldValueKinds(t *testing.T) {
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
