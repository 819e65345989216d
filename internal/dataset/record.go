package dataset

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/store"
)

// errNoResult marks an execution that has no readable result.
var errNoResult = errors.New("dataset: the execution has no result")

// converted is one execution as a dataset row, with what the schema
// needs to know about where its fields were declared.
type converted struct {
	rec     *export.Record
	request *api.ExtractRequest // declared document types, if any
}

// toRecord turns a succeeded execution into its dataset record. With
// mask on, every string value of the fields is masked again with the PII
// detector, and the text is the execution's masked text: an execution
// processed without masking has no masked text, so its record carries no
// text at all rather than the original.
func toRecord(e *store.Extraction, documentID string, mask bool) (*converted, error) {
	var res api.ExtractionResult
	if len(e.Result) == 0 || json.Unmarshal(e.Result, &res) != nil {
		return nil, errNoResult
	}
	rec := &export.Record{
		ExecutionID: "exec_" + strings.TrimPrefix(e.ID, "ext_"),
		JobID:       "job_" + strings.TrimPrefix(e.ID, "ext_"),
		DocumentID:  documentID,
		CreatedAt:   e.SubmittedAt,
		Fields:      map[string]any{},
		PII:         map[string]int{},
		PIIMasked:   mask,
	}
	for _, d := range res.Documents {
		if rec.DocType == "" {
			rec.DocType = d.Type
		}
		// A bundle's later documents add the fields the first lacks; the
		// first document's value wins a shared name (one row per execution).
		for _, g := range d.FieldGroups {
			for _, f := range g.Fields {
				if _, seen := rec.Fields[f.Name]; !seen {
					rec.Fields[f.Name] = plain(f.Value)
				}
			}
		}
	}
	var text []string
	for _, f := range res.Files {
		if rec.SourceFilename == "" {
			rec.SourceFilename = f.Filename
		}
		if rec.Language == "" {
			rec.Language = f.Language
		}
		var sum struct {
			ByType map[string]int `json:"by_type"`
		}
		if json.Unmarshal(f.PII, &sum) == nil {
			for t, n := range sum.ByType {
				rec.PII[t] += n
			}
		}
		var q struct {
			Score float64 `json:"score"`
			Grade string  `json:"grade"`
		}
		if rec.QualityGrade == "" && json.Unmarshal(f.Quality, &q) == nil && q.Grade != "" {
			rec.QualityScore, rec.QualityGrade = q.Score, q.Grade
		}
		switch {
		case f.MaskedText != nil:
			text = append(text, *f.MaskedText)
		case !mask && len(f.Pages) > 0:
			// Unmasked datasets may carry the layout's text when the run
			// kept it (options.include_layout).
			text = append(text, layoutText(f.Pages))
		}
	}
	if len(text) > 0 {
		// Files' texts mark pages with form feeds; each file starts a page.
		rec.Pages = strings.Split(strings.Join(text, "\f"), "\f")
	}
	if mask {
		maskRecord(rec)
	}
	return &converted{rec: rec, request: requestOf(e.Request)}, nil
}

// maskRecord masks what the execution's own masking may have left: field
// values of runs that did not mask, and the source file name (a file is
// often named after a person). Masked text is masked once more too, so a
// finding the run missed in a value it printed twice is still caught by
// the detector's current rules.
func maskRecord(rec *export.Record) {
	for k, v := range rec.Fields {
		rec.Fields[k] = maskValue(v)
	}
	rec.SourceFilename = maskString(rec.SourceFilename)
	for i, p := range rec.Pages {
		rec.Pages[i] = maskString(p)
	}
}

func maskValue(v any) any {
	switch x := v.(type) {
	case string:
		return maskString(x)
	case map[string]any:
		for k, e := range x {
			x[k] = maskValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = maskValue(e)
		}
	}
	return v
}

// maskString replaces each finding with its [MASKED_<TYPE>] token.
func maskString(s string) string {
	if s == "" {
		return s
	}
	findings := pii.Detect(s, pii.Options{})
	if len(findings) == 0 {
		return s
	}
	masked, err := pii.Mask(s, findings, pii.MaskRedact, nil)
	if err != nil {
		// Redaction needs no key and cannot fail on valid findings; if
		// it ever does, the whole value goes rather than leak.
		return "[MASKED]"
	}
	return masked
}

// plain turns an extracted value into plain JSON values: an object field
// (a list of named sub-fields) becomes a map, an array of rows a list of
// maps, so writers and readers never see the result's field wrappers.
func plain(v any) any {
	switch x := v.(type) {
	case []api.ExtractedField:
		m := make(map[string]any, len(x))
		for _, f := range x {
			m[f.Name] = plain(f.Value)
		}
		return m
	case []any:
		if m, ok := namedFields(x); ok {
			return m
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	}
	return v
}

// namedFields reads a decoded list of {"name":..., "value":...} objects
// (how the result encodes an object's members) as one map.
func namedFields(list []any) (map[string]any, bool) {
	if len(list) == 0 {
		return nil, false
	}
	m := make(map[string]any, len(list))
	for _, e := range list {
		obj, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		name, ok := obj["name"].(string)
		if _, has := obj["value"]; !ok || !has {
			return nil, false
		}
		m[name] = plain(obj["value"])
	}
	return m, true
}

// layoutText joins a layout's page texts with form feeds.
func layoutText(pages []api.LayoutPage) string {
	parts := make([]string, len(pages))
	for i, p := range pages {
		parts[i] = p.Text
	}
	return strings.Join(parts, "\f")
}

// requestOf reads the stored request's declared document types; nil when
// it has none or cannot be read.
func requestOf(raw []byte) *api.ExtractRequest {
	var req api.ExtractRequest
	if len(raw) == 0 || json.Unmarshal(raw, &req) != nil || len(req.DocumentTypes) == 0 {
		return nil
	}
	return &req
}

// gradeRank orders grades, A best; -1 for an unknown grade.
func gradeRank(g string) int {
	if len(g) != 1 {
		return -1
	}
	return strings.Index("DCBA", g) // D 0 .. A 3, others -1
}
