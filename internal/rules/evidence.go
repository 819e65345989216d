package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/cel-go/common/types"

	"github.com/quarrydev/quarry/internal/api"
)

// ValidatorFunc runs a named field validator on a value; ok is false when
// the value fails it. The pipeline passes validate.Validate, so a rule
// sees exactly the verdicts field validation reports.
type ValidatorFunc func(name string, value any, params map[string]any) (ok bool)

// bound is the evidence of one request as CEL values, keyed by variable
// name, with what a rule reading a document type should be told about it.
type bound struct {
	values map[string]any
	// docNotes says, per document type, that none or several documents
	// of that type were extracted.
	docNotes map[string]string
	// today is the run's date, which days_since counts to.
	today string
}

// bind computes every field and validator variable from the extracted
// documents. A document type maps to its first document that is not
// missing; rules are request-wide, and a request with several documents
// of one type is told which one its rules read.
func bind(cat *catalogue, docs []api.Document, validate ValidatorFunc) bound {
	b := bound{values: map[string]any{}, docNotes: map[string]string{}}
	chosen := map[string]*api.Document{}
	count := map[string]int{}
	for i := range docs {
		d := &docs[i]
		if d.Missing {
			continue
		}
		count[d.Type]++
		if chosen[d.Type] == nil {
			chosen[d.Type] = d
		}
	}
	for id := range cat.docTypes {
		switch n := count[id]; {
		case n == 0:
			b.docNotes[id] = fmt.Sprintf("no %s document was extracted, so its fields are null", id)
		case n > 1:
			b.docNotes[id] = fmt.Sprintf("%d %s documents were extracted; the rule read the first (%s)", n, id, chosen[id].SourceFile)
		}
	}
	for _, v := range cat.vars {
		switch v.kind {
		case kindField:
			var f *api.ExtractedField
			if d := chosen[v.docType]; d != nil {
				f = lookup(d.FieldGroups, v.path)
			}
			b.values[v.name] = fieldValue(v.decl, f)
		case kindValidator:
			b.values[v.name] = validatorValue(cat.docTypes[v.docType], chosen[v.docType], v.leaf, validate)
		}
	}
	return b
}

// lookup finds a field by its path of names across a document's groups.
func lookup(groups []api.ExtractedGroup, path []string) *api.ExtractedField {
	for gi := range groups {
		if f := member(groups[gi].Fields, path); f != nil {
			return f
		}
	}
	return nil
}

func member(fields []api.ExtractedField, path []string) *api.ExtractedField {
	for i := range fields {
		if fields[i].Name != path[0] {
			continue
		}
		if len(path) == 1 {
			return &fields[i]
		}
		if members, ok := fields[i].Value.([]api.ExtractedField); ok {
			return member(members, path[1:])
		}
		return nil
	}
	return nil
}

// fieldValue converts an extracted field to the CEL value its declaration
// promises; a missing field or a value of the wrong kind is null.
func fieldValue(decl api.Field, f *api.ExtractedField) any {
	if decl.EffectiveType() == api.TypeArray {
		rows := []any{}
		if f != nil {
			list, _ := f.Value.([]api.ExtractedField)
			for i := range list {
				rows = append(rows, rowValue(decl.Items, &list[i]))
			}
		}
		return rows
	}
	if f == nil {
		return types.NullValue
	}
	return scalar(decl.EffectiveType(), f.Value)
}

// rowValue converts one array row: an object row becomes a map holding
// every declared member (null when absent), so r.amount never fails on a
// row that simply lacks it.
func rowValue(items *api.Field, row *api.ExtractedField) any {
	if items == nil {
		return scalar(api.TypeString, row.Value)
	}
	if items.EffectiveType() != api.TypeObject {
		return fieldValue(*items, row)
	}
	members, _ := row.Value.([]api.ExtractedField)
	m := make(map[string]any, len(items.Fields))
	for _, decl := range items.Fields {
		m[decl.Name] = fieldValue(decl, member(members, []string{decl.Name}))
	}
	return m
}

// scalar converts a value to the declared scalar type. Extraction already
// normalises values; the conversions here only forgive the harmless
// differences (an integer in a number field, a numeric string).
func scalar(typ string, v any) any {
	if v == nil {
		return types.NullValue
	}
	switch typ {
	case api.TypeNumber:
		if x, ok := toFloat(v); ok {
			return types.Double(x)
		}
	case api.TypeInteger:
		if x, ok := toFloat(v); ok && x == float64(int64(x)) {
			return types.Int(int64(x))
		}
	case api.TypeBoolean:
		switch x := v.(type) {
		case bool:
			return types.Bool(x)
		case string:
			if b, err := strconv.ParseBool(strings.TrimSpace(x)); err == nil {
				return types.Bool(b)
			}
		}
	case api.TypeString:
		switch x := v.(type) {
		case string:
			return types.String(x)
		case float64, int64, int, bool, json.Number:
			return types.String(fmt.Sprint(x))
		}
	default:
		return types.NullValue
	}
	return types.NullValue
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// validatorValue is true when every value the validator ran on passed it
// and every visual check of that name passed, false when one failed, and
// null when there was nothing to judge (no document, empty fields, no
// visual check run).
func validatorValue(spec api.DocumentTypeSpec, d *api.Document, name string, validate ValidatorFunc) any {
	if d == nil {
		return types.NullValue
	}
	judged, passed := 0, true
	if validate != nil {
		for _, g := range spec.FieldGroups {
			for _, decl := range g.Fields {
				eachValue(decl, lookup(d.FieldGroups, []string{decl.Name}), func(decl api.Field, value any) {
					for _, vs := range decl.Validators {
						if vs.Name == name {
							judged++
							passed = validate(vs.Name, value, vs.Params) && passed
						}
					}
				})
			}
		}
	}
	if d.Authenticity != nil {
		for _, c := range d.Authenticity.Visual {
			if c.Name == name {
				judged++
				passed = c.Passed && passed
			}
		}
	}
	if judged == 0 {
		return types.NullValue
	}
	return types.Bool(passed)
}

// eachValue calls visit with every non-null scalar value under a field,
// with the declaration that governs it (array rows and object members
// included), the way field validation walks them.
func eachValue(decl api.Field, f *api.ExtractedField, visit func(api.Field, any)) {
	if f == nil || f.Value == nil {
		return
	}
	switch decl.EffectiveType() {
	case api.TypeArray:
		rows, _ := f.Value.([]api.ExtractedField)
		for i := range rows {
			if decl.Items != nil {
				eachValue(*decl.Items, &rows[i], visit)
			}
		}
	case api.TypeObject:
		members, _ := f.Value.([]api.ExtractedField)
		for _, m := range decl.Fields {
			eachValue(m, member(members, []string{m.Name}), visit)
		}
	default:
		visit(decl, f.Value)
	}
}
