package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/google/cel-go/cel"

	"github.com/quarrydev/quarry/internal/api"
)

// The namespaces a predicate's variables live in. A name rooted in one of
// them marks the predicate as CEL even when the name is wrong, so a typo
// is reported instead of quietly turning the rule into prose.
const (
	nsFields     = "fields"
	nsValidators = "validators"
	nsRules      = "rules"
	varNow       = "now"
)

var namespaces = []string{nsFields, nsValidators, nsRules, varNow}

// varKind says where a variable's value comes from.
type varKind int

const (
	kindField varKind = iota + 1
	kindValidator
	kindRule
	kindNow
)

// variable is one name a predicate may use, declared to CEL under its
// dotted name (CEL resolves a.b.c to a declared qualified identifier).
type variable struct {
	name    string
	typ     *cel.Type
	kind    varKind
	docType string
	// path is the field and its member names (kindField); decl is the
	// innermost declaration, which says how to convert the value.
	path []string
	decl api.Field
	// leaf is the validator or visual check name (kindValidator) or the
	// rule id (kindRule).
	leaf string
}

// catalogue is every variable of one request, in declaration order.
type catalogue struct {
	vars   []*variable
	byName map[string]*variable
	// docTypes are the schemas by id, for validators and conversions.
	docTypes map[string]api.DocumentTypeSpec
}

// identRE is a CEL identifier; names that are not (a field called
// "total-amount") cannot be written in a predicate and are not declared.
var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reserved are CEL's keywords and reserved words, which the parser refuses
// as a selected name.
var reserved = []string{
	"as", "break", "const", "continue", "else", "false", "for", "function", "if",
	"import", "in", "let", "loop", "package", "namespace", "null", "return", "true",
	"var", "void", "while",
}

func usable(name string) bool {
	return identRE.MatchString(name) && !slices.Contains(reserved, name)
}

// newCatalogue declares the variables of a request: the fields and
// validators of each document type and the output of each rule.
func newCatalogue(docTypes []api.DocumentTypeSpec, specs []api.RuleSpec) *catalogue {
	c := &catalogue{byName: map[string]*variable{}, docTypes: map[string]api.DocumentTypeSpec{}}
	c.add(&variable{name: varNow, typ: cel.TimestampType, kind: kindNow})
	for _, dt := range docTypes {
		if !usable(dt.ID) {
			continue
		}
		if _, dup := c.docTypes[dt.ID]; dup {
			continue // the first declaration wins, as in validation
		}
		c.docTypes[dt.ID] = dt
		prefix := nsFields + "." + dt.ID
		for _, g := range dt.FieldGroups {
			for _, f := range g.Fields {
				c.addField(dt.ID, prefix, nil, f)
			}
		}
		for _, name := range validatorNames(dt) {
			c.add(&variable{name: nsValidators + "." + dt.ID + "." + name, typ: cel.NullableType(cel.BoolType),
				kind: kindValidator, docType: dt.ID, leaf: name})
		}
	}
	for _, r := range specs {
		if usable(r.ID) {
			c.add(&variable{name: nsRules + "." + r.ID, typ: cel.NullableType(cel.StringType), kind: kindRule, leaf: r.ID})
		}
	}
	return c
}

func (c *catalogue) add(v *variable) {
	if _, dup := c.byName[v.name]; dup {
		return
	}
	c.byName[v.name] = v
	c.vars = append(c.vars, v)
}

// addField declares a scalar or array field under prefix; an object is
// not a value of its own but a prefix for its members.
func (c *catalogue) addField(docType, prefix string, parent []string, f api.Field) {
	if !usable(f.Name) {
		return
	}
	name := prefix + "." + f.Name
	path := append(slices.Clone(parent), f.Name)
	if f.EffectiveType() == api.TypeObject {
		for _, m := range f.Fields {
			c.addField(docType, name, path, m)
		}
		return
	}
	c.add(&variable{name: name, typ: fieldType(f), kind: kindField, docType: docType, path: path, decl: f})
}

// fieldType maps a declared type to CEL. Scalars are nullable because an
// extraction may find nothing; arrays are lists of rows, an object row
// being a map from member name to value.
func fieldType(f api.Field) *cel.Type {
	switch f.EffectiveType() {
	case api.TypeNumber:
		return cel.NullableType(cel.DoubleType)
	case api.TypeInteger:
		return cel.NullableType(cel.IntType)
	case api.TypeBoolean:
		return cel.NullableType(cel.BoolType)
	case api.TypeArray:
		return cel.ListType(cel.DynType)
	default:
		return cel.NullableType(cel.StringType)
	}
}

// validatorNames lists, once each and in declaration order, the field
// validators a document type uses and its visual checks: the two things a
// validator parent may name.
func validatorNames(dt api.DocumentTypeSpec) []string {
	var names []string
	seen := map[string]bool{}
	note := func(n string) {
		if usable(n) && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	var walk func(f api.Field)
	walk = func(f api.Field) {
		for _, v := range f.Validators {
			note(v.Name)
		}
		if f.Items != nil {
			walk(*f.Items)
		}
		for _, m := range f.Fields {
			walk(m)
		}
	}
	for _, g := range dt.FieldGroups {
		for _, f := range g.Fields {
			walk(f)
		}
	}
	for _, vc := range dt.VisualChecks {
		note(vc.Name)
	}
	return names
}

// options are the CEL declarations of the catalogue.
func (c *catalogue) options() []cel.EnvOption {
	opts := make([]cel.EnvOption, 0, len(c.vars))
	for _, v := range c.vars {
		opts = append(opts, cel.Variable(v.name, v.typ))
	}
	return opts
}

// declaredOn lists the field variables of a document type, for messages.
func (c *catalogue) declaredOn(docType string) []string {
	var names []string
	prefix := nsFields + "." + docType + "."
	for _, v := range c.vars {
		if v.kind == kindField && v.docType == docType {
			names = append(names, strings.TrimPrefix(v.name, prefix))
		}
	}
	return names
}
