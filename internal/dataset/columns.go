package dataset

import (
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/export"
)

// BaseColumns are the columns every dataset row has, in order, before its
// fields.
var BaseColumns = []string{"execution_id", "job_id", "document_id", "source_filename", "document_type",
	"language", "quality_score", "quality_grade", "pii_masked", "created_at"}

// Columns names a version's flat columns. The naming rule:
//   - the base columns;
//   - each declared field under its name, in schema order; an object's
//     members as "<field>.<member>" (one level; deeper values stay JSON);
//     an array stays one column holding the whole list;
//   - one "pii.<type>" count per PII type the version holds, by name;
//   - "text": the pages joined by a blank line (masked when the dataset is).
func Columns(s export.Schema, piiTypes []string) []string {
	cols := append([]string(nil), BaseColumns...)
	for _, f := range s.Fields {
		if f.Type == export.TypeObject && len(f.Properties) > 0 {
			for _, m := range f.Properties {
				cols = append(cols, f.Name+"."+m.Name)
			}
			continue
		}
		cols = append(cols, f.Name)
	}
	for _, t := range piiTypes {
		cols = append(cols, "pii."+t)
	}
	return append(cols, "text")
}

// Flatten gives a record's value for each column (nil when it has none).
func Flatten(r *export.Record, cols []string) map[string]any {
	out := make(map[string]any, len(cols))
	for _, c := range cols {
		out[c] = columnValue(r, c)
	}
	return out
}

func columnValue(r *export.Record, col string) any {
	switch col {
	case "execution_id":
		return r.ExecutionID
	case "job_id":
		return r.JobID
	case "document_id":
		return r.DocumentID
	case "source_filename":
		return r.SourceFilename
	case "document_type":
		return r.DocType
	case "language":
		return r.Language
	case "quality_score":
		return r.QualityScore
	case "quality_grade":
		return r.QualityGrade
	case "pii_masked":
		return r.PIIMasked
	case "created_at":
		return r.CreatedAt.UTC().Format(time.RFC3339)
	case "text":
		return strings.Join(r.Pages, "\n\n")
	}
	if t, ok := strings.CutPrefix(col, "pii."); ok {
		return r.PII[t]
	}
	if v, ok := r.Fields[col]; ok {
		return v
	}
	if field, member, ok := strings.Cut(col, "."); ok {
		if obj, isObj := r.Fields[field].(map[string]any); isObj {
			return obj[member]
		}
	}
	return nil
}
