package dataset

import (
	"time"

	"github.com/quarrydev/quarry/internal/export"
)

// Columns names a version's flat columns. They are the export layout's
// (docs/export.md, "Columns"), so the row preview, the profile and every
// download agree on names: the fixed leading columns, the declared fields
// flattened as "a.b", "pii_total" and one "pii.<type>" per type the
// version holds, then "text".
func Columns(s export.Schema, piiTypes []string) []string {
	return layout(s, piiTypes).Names()
}

func layout(s export.Schema, piiTypes []string) export.Layout {
	s.PIITypes = piiTypes
	return export.NewLayout(s)
}

// Flatten gives a record's value for each column of l, converted as the
// exports convert it; dates are shown as their day.
func Flatten(r *export.Record, l export.Layout) map[string]any {
	out := make(map[string]any, len(l.Columns))
	for _, c := range l.Columns {
		v := c.Value(r)
		if t, ok := v.(time.Time); ok {
			if c.Kind == export.KindDate {
				v = t.Format(time.DateOnly)
			} else {
				v = t.UTC().Format(time.RFC3339)
			}
		}
		out[c.Name] = v
	}
	return out
}
