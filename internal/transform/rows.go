package transform

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// row is one entity candidate: the members of an object row of an array
// field, or the fields of a group read as a single row.
type row struct {
	name       string // the row's field name (an array's item name)
	members    []api.ExtractedField
	pages      []int
	confidence float64
	sources    []api.RowSource
}

// rowSet is the rows of one array field (field set) or of one group read
// as a single row (field empty).
type rowSet struct {
	group, field string
	rows         []row
}

// rowsOf reads the rows of the target in one document, in document order.
// A group named like the target yields the rows of its arrays of objects,
// one set per array (in place, each array is resolved on its own); a
// target group without such an array is one row made of its fields. A
// target naming an array field rather than a group yields that array.
func rowsOf(d *api.Document, docIndex int, target string) []rowSet {
	var sets []rowSet
	src := func(group, field string, i int) api.RowSource {
		return api.RowSource{Document: docIndex, SourceFile: d.SourceFile, DocumentType: d.Type, Group: group, Field: field, Row: i}
	}
	for _, g := range d.FieldGroups {
		isTarget := g.Name == target
		found := false
		for _, f := range g.Fields {
			rows, ok := objectRows(f)
			if !ok || (!isTarget && f.Name != target) {
				continue
			}
			found = true
			set := rowSet{group: g.Name, field: f.Name}
			for i, r := range rows {
				set.rows = append(set.rows, newRow(r.Name, r.Value.([]api.ExtractedField), r.Pages, r.Confidence, src(g.Name, f.Name, i)))
			}
			sets = append(sets, set)
		}
		if isTarget && !found && len(g.Fields) > 0 {
			sets = append(sets, rowSet{group: g.Name, rows: []row{newRow(g.Name, g.Fields, nil, 0, src(g.Name, "", 0))}})
		}
	}
	return sets
}

// objectRows returns an array field's rows when they are objects.
func objectRows(f api.ExtractedField) ([]api.ExtractedField, bool) {
	rows, ok := f.Value.([]api.ExtractedField)
	if !ok || len(rows) == 0 {
		return nil, false
	}
	for _, r := range rows {
		if _, ok := r.Value.([]api.ExtractedField); !ok {
			return nil, false
		}
	}
	return rows, true
}

// newRow gathers a row's pages (its own and its members') and its
// confidence (its own, or the best member's when it has none).
func newRow(name string, members []api.ExtractedField, pages []int, confidence float64, source api.RowSource) row {
	r := row{name: name, members: members, pages: slices.Clone(pages), confidence: confidence, sources: []api.RowSource{source}}
	best := 0.0
	for _, m := range members {
		r.pages = append(r.pages, m.Pages...)
		best = max(best, m.Confidence)
	}
	if r.confidence == 0 {
		r.confidence = best
	}
	slices.Sort(r.pages)
	r.pages = slices.Compact(r.pages)
	return r
}

// text is a member's value as text, "" when absent or empty.
func (r *row) text(name string) string {
	for _, m := range r.members {
		if m.Name == name {
			return valueText(m.Value)
		}
	}
	return ""
}

// valueText renders a scalar value for keys, tokens and merge order; a
// nested array or object counts as empty text but not as an empty value
// (see isEmpty).
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case []api.ExtractedField:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return strings.TrimSpace(fmt.Sprint(x))
	}
}
