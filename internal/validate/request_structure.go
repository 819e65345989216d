package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
)

// MaxSchemaDepth is the deepest field nesting a request may declare: a
// field directly in a group is at depth 1, its items or members at 2.
// The limit keeps the recursive stages (extraction prompts, validation,
// result assembly) bounded whatever the caller sends.
const MaxSchemaDepth = 32

var (
	severities      = []string{SeverityError, SeverityWarning}
	parentKinds     = []string{api.ParentField, api.ParentValidator, api.ParentRule}
	ruleOutputTypes = []string{"boolean"}
	transformTypes  = []string{api.TransformEntityResolution, api.TransformLLM}
	transformScopes = []string{"task", "request"}
)

// Structure reports what makes a request body malformed, the checks a
// schema validator would do: required values, enum values, the shape of
// recursive fields and the nesting limit. An empty result means the body
// is well-formed; otherwise the errors become a 400 invalid_request.
// Base64 content is not looked at here: decoding belongs to the HTTP layer.
func Structure(req *api.ExtractRequest) []problem.FieldError {
	c := &structChecker{}
	if req == nil {
		c.add("", "request body is required", nil)
		return c.errs
	}
	if len(req.Files) == 0 {
		c.add("files", "at least one file is required", nil)
	}
	for i, f := range req.Files {
		if strings.TrimSpace(f.Filename) == "" {
			c.add(index("files", i)+".filename", "filename is required", nil)
		}
	}
	for i := range req.DocumentTypes {
		c.docType(index("document_types", i), &req.DocumentTypes[i])
	}
	for i := range req.Rules {
		c.rule(index("rules", i), &req.Rules[i])
	}
	if req.Options != nil {
		if st := req.Options.Stages; st != nil {
			for _, k := range st.Unknown {
				c.add("options.stages."+k, "unknown stage; use one of "+strings.Join(api.StageNames, ", "), nil)
			}
		}
		for i := range req.Options.Transformations {
			c.transformation(index("options.transformations", i), &req.Options.Transformations[i])
		}
	}
	c.errs = append(c.errs, Strings(req)...)
	return c.errs
}

type structChecker struct {
	errs []problem.FieldError
}

func (c *structChecker) add(path, msg string, value any) {
	c.errs = append(c.errs, problem.FieldError{Path: path, Message: msg, Value: value})
}

// oneOf reports an enum violation; empty values are left to the caller,
// since most of these enums have a default.
func (c *structChecker) oneOf(path, value string, allowed []string) {
	if value != "" && !slices.Contains(allowed, value) {
		c.add(path, fmt.Sprintf("must be one of %s", strings.Join(allowed, ", ")), value)
	}
}

func (c *structChecker) required(path, value string) {
	if strings.TrimSpace(value) == "" {
		c.add(path, "is required", nil)
	}
}

func (c *structChecker) docType(path string, dt *api.DocumentTypeSpec) {
	c.required(path+".id", dt.ID)
	for j := range dt.FieldGroups {
		g := &dt.FieldGroups[j]
		gp := index(path+".field_groups", j)
		c.required(gp+".name", g.Name)
		for k := range g.Fields {
			c.field(index(gp+".fields", k), &g.Fields[k], 1, false)
		}
	}
	for j, vc := range dt.VisualChecks {
		c.required(index(path+".visual_checks", j)+".name", vc.Name)
	}
}

// field checks one declaration and its children. rowShape marks an array's
// items, whose name is optional: rows take their name from the array.
func (c *structChecker) field(path string, f *api.Field, depth int, rowShape bool) {
	if depth > MaxSchemaDepth {
		c.add(path, fmt.Sprintf("schema nesting is deeper than %d levels", MaxSchemaDepth), nil)
		return // and do not descend: the rest is more of the same
	}
	if !rowShape {
		c.required(path+".name", f.Name)
	}
	c.oneOf(path+".type", f.Type, api.FieldTypes)
	if f.Format != nil {
		if *f.Format == "" {
			c.add(path+".format", "must be one of "+strings.Join(api.FieldFormats, ", "), "")
		} else {
			c.oneOf(path+".format", *f.Format, api.FieldFormats)
		}
	}
	if f.Minimum != nil && f.Maximum != nil && *f.Minimum > *f.Maximum {
		c.add(path+".minimum", fmt.Sprintf("minimum %g is greater than maximum %g", *f.Minimum, *f.Maximum), *f.Minimum)
	}
	for k, v := range f.Validators {
		vp := index(path+".validators", k)
		c.required(vp+".name", v.Name)
		c.oneOf(vp+".severity", v.Severity, severities)
	}
	switch f.EffectiveType() {
	case api.TypeArray:
		if f.Items == nil {
			c.add(path+".items", "is required when type is array", nil)
		}
		if len(f.Fields) > 0 {
			c.add(path+".fields", "is not allowed when type is array (declare the row shape under items)", nil)
		}
	case api.TypeObject:
		if len(f.Fields) == 0 {
			c.add(path+".fields", "is required when type is object", nil)
		}
		if f.Items != nil {
			c.add(path+".items", "is not allowed when type is object", nil)
		}
	case api.TypeString, api.TypeNumber, api.TypeInteger, api.TypeBoolean:
		if f.Items != nil {
			c.add(path+".items", "is not allowed on a "+f.EffectiveType()+" field", nil)
		}
		if len(f.Fields) > 0 {
			c.add(path+".fields", "is not allowed on a "+f.EffectiveType()+" field", nil)
		}
	}
	// Children are checked whatever the shape errors above, so one
	// response lists every problem of the schema.
	if f.Items != nil {
		c.field(path+".items", f.Items, depth+1, true)
	}
	for k := range f.Fields {
		c.field(index(path+".fields", k), &f.Fields[k], depth+1, false)
	}
}

func (c *structChecker) rule(path string, r *api.RuleSpec) {
	c.required(path+".id", r.ID)
	for j := range r.Parents {
		p := &r.Parents[j]
		pp := index(path+".parents", j)
		if p.Kind == "" {
			c.add(pp+".kind", "is required", nil)
			continue
		}
		c.oneOf(pp+".kind", p.Kind, parentKinds)
		switch p.Kind {
		case api.ParentField:
			c.required(pp+".document_type", p.DocumentType)
			if len(p.Fields) == 0 {
				c.add(pp+".fields", "needs at least one field", nil)
			}
			for k, name := range p.Fields {
				c.required(index(pp+".fields", k), name)
			}
		case api.ParentValidator:
			c.required(pp+".document_type", p.DocumentType)
			c.required(pp+".validator", p.Validator)
		case api.ParentRule:
			c.required(pp+".rule", p.Rule)
		}
	}
	if r.Output != nil {
		c.oneOf(path+".output.type", r.Output.Type, ruleOutputTypes)
	}
}

func (c *structChecker) transformation(path string, t *api.Transformation) {
	if t.Type == "" {
		c.add(path+".type", "is required", nil)
	}
	c.oneOf(path+".type", t.Type, transformTypes)
	c.oneOf(path+".scope", t.Scope, transformScopes)
	c.required(path+".target_group", t.TargetGroup)
	switch t.Type {
	case api.TransformEntityResolution:
		if len(t.MatchBy) == 0 {
			c.add(path+".match_by", "needs at least one field", nil)
		}
		if t.MinSharedTokens != nil && *t.MinSharedTokens < 1 {
			c.add(path+".min_shared_tokens", "must be at least 1", *t.MinSharedTokens)
		}
	case api.TransformLLM:
		if len([]rune(strings.TrimSpace(t.Intention))) < 10 {
			c.add(path+".intention", "needs at least 10 characters", nil)
		}
	}
}

// index renders name[i].
func index(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}
