package dataset

import (
	"maps"
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/export"
)

// schemaBuilder collects the union of the field declarations of the
// document types a version holds: a type declared in the execution's
// request first, else the built-in type's schema. A field a record holds
// that no declaration names (a bundle member's type the run invented) is
// added with the type its value shows. The first declaration of a name
// wins, so the columns are stable across rebuilds of the same sources.
type schemaBuilder struct {
	fields []export.Field
	index  map[string]int
	types  map[string]bool // document types already merged
}

func newSchemaBuilder() *schemaBuilder {
	return &schemaBuilder{index: map[string]int{}, types: map[string]bool{}}
}

func (b *schemaBuilder) add(c *converted) {
	if t := c.rec.DocType; t != "" && !b.types[t] {
		b.types[t] = true
		if spec, ok := declared(t, c.request); ok {
			for _, g := range spec.FieldGroups {
				for _, f := range g.Fields {
					b.put(fromAPI(f))
				}
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.rec.Fields)) {
		if _, ok := b.index[name]; !ok {
			b.put(inferField(name, c.rec.Fields[name]))
		}
	}
}

func (b *schemaBuilder) put(f export.Field) {
	if _, ok := b.index[f.Name]; ok {
		return
	}
	b.index[f.Name] = len(b.fields)
	b.fields = append(b.fields, f)
}

// declared finds a document type's schema: the request's own, else the
// built-in one.
func declared(id string, req *api.ExtractRequest) (api.DocumentTypeSpec, bool) {
	if req != nil {
		for _, t := range req.DocumentTypes {
			if t.ID == id {
				return t, true
			}
		}
	}
	return classify.BuiltinSchema(id)
}

// fromAPI converts a declared field: an array's row shape becomes its
// properties, as does an object's member list.
func fromAPI(f api.Field) export.Field {
	out := export.Field{Name: f.Name, Type: export.FieldType(f.EffectiveType())}
	if f.Format != nil && *f.Format == "date" && out.Type == export.TypeString {
		out.Type = export.TypeDate
	}
	members := f.Fields
	if f.Items != nil {
		members = f.Items.Fields
	}
	for _, m := range members {
		out.Properties = append(out.Properties, fromAPI(m))
	}
	return out
}

// inferField types an undeclared field from one of its values.
func inferField(name string, v any) export.Field {
	f := export.Field{Name: name, Type: export.TypeString}
	switch x := v.(type) {
	case float64:
		f.Type = export.TypeNumber
	case bool:
		f.Type = export.TypeBoolean
	case map[string]any:
		f.Type = export.TypeObject
		for k, e := range x {
			f.Properties = append(f.Properties, inferField(k, e))
		}
	case []any:
		f.Type = export.TypeArray
		if len(x) > 0 {
			if row, ok := x[0].(map[string]any); ok {
				for k, e := range row {
					f.Properties = append(f.Properties, inferField(k, e))
				}
			}
		}
	}
	// Maps have no order; members are listed by name.
	slices.SortFunc(f.Properties, func(a, b export.Field) int { return strings.Compare(a.Name, b.Name) })
	return f
}
