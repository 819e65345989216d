package validate

import (
	"fmt"
	"math"
	"net/mail"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// Error rule names of api.ValidationError.Rule.
const (
	RuleType      = "type"
	RulePattern   = "pattern"
	RuleFormat    = "format"
	RuleEnum      = "enum"
	RuleMinimum   = "minimum"
	RuleMaximum   = "maximum"
	RuleValidator = "validator"
)

// Severities of a ValidationError.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// MsgRequiredMissing is the message of a required field whose value is null.
const MsgRequiredMissing = "required value is missing"

// ValidateFields validates every extracted field that has a declaration in
// specs (matched by name) and sets its Validation, recursing into array
// rows and object members. Extracted fields without a declaration are left
// untouched; declared fields that were not extracted have nothing to carry
// a result and are skipped.
func ValidateFields(specs []api.Field, got []api.ExtractedField) {
	if len(specs) == 0 || len(got) == 0 {
		return
	}
	var byName map[string]*api.Field
	if len(specs) > smallGroup {
		byName = make(map[string]*api.Field, len(specs))
		for i := len(specs) - 1; i >= 0; i-- { // backwards: the first declaration wins
			byName[specs[i].Name] = &specs[i]
		}
	}
	for i := range got {
		var spec *api.Field
		if byName != nil {
			spec = byName[got[i].Name]
		} else {
			spec = findSpec(specs, got[i].Name)
		}
		if spec != nil {
			v := ValidateValue(*spec, got[i].Value)
			got[i].Validation = &v
		}
	}
}

// smallGroup is the sibling count up to which a linear scan beats building
// a map; typical groups hold a handful of fields.
const smallGroup = 16

// findSpec looks a field up by name; the first declaration wins, as
// duplicates are a request error anyway.
func findSpec(specs []api.Field, name string) *api.Field {
	for i := range specs {
		if specs[i].Name == name {
			return &specs[i]
		}
	}
	return nil
}

// ValidateValue checks one value against its declaration and returns the
// outcome. For arrays and objects it also sets the Validation of every row
// or member in place (value is then []api.ExtractedField); the returned
// outcome covers only the container itself: its type and, for objects,
// the presence of required members.
//
// A null value is valid unless the field is required; a required null
// fails with rule "type" and MsgRequiredMissing.
func ValidateValue(spec api.Field, value any) api.Validation {
	var errs []api.ValidationError
	fail := func(rule, msg string) {
		errs = append(errs, api.ValidationError{Rule: rule, Message: msg, Severity: SeverityError})
	}
	done := func() api.Validation {
		out := api.Validation{Valid: true, Errors: errs}
		if out.Errors == nil {
			out.Errors = []api.ValidationError{}
		}
		for _, e := range errs {
			if e.Severity != SeverityWarning {
				out.Valid = false
				break
			}
		}
		return out
	}

	if value == nil {
		if spec.Required {
			fail(RuleType, MsgRequiredMissing)
		}
		return done()
	}
	typ := spec.EffectiveType()
	if msg := checkType(typ, value); msg != "" {
		fail(RuleType, msg)
		return done()
	}

	switch typ {
	case api.TypeArray:
		rows, _ := value.([]api.ExtractedField)
		if spec.Items != nil {
			for i := range rows {
				v := ValidateValue(*spec.Items, rows[i].Value)
				rows[i].Validation = &v
			}
		}
		return done()
	case api.TypeObject:
		members, _ := value.([]api.ExtractedField)
		ValidateFields(spec.Fields, members)
		for i := range spec.Fields {
			m := &spec.Fields[i]
			if m.Required && findMember(members, m.Name) == nil {
				fail(RuleType, fmt.Sprintf("required member %q is missing", m.Name))
			}
		}
		return done()
	}

	// String checks see the value trimmed, like the validators do.
	s, isString := value.(string)
	if isString {
		s = strings.TrimSpace(s)
	}
	if spec.Pattern != nil && isString {
		re, err := compilePattern(*spec.Pattern)
		switch {
		case err != nil:
			fail(RulePattern, "pattern is not a valid regular expression")
		case !re.MatchString(s):
			fail(RulePattern, fmt.Sprintf("value does not match pattern %s", *spec.Pattern))
		}
	}
	if spec.Format != nil && isString {
		if msg := checkFormat(*spec.Format, s); msg != "" {
			fail(RuleFormat, msg)
		}
	}
	if len(spec.Enum) > 0 && !inEnum(spec.Enum, value, s) {
		fail(RuleEnum, fmt.Sprintf("value is not one of %s", enumList(spec.Enum)))
	}
	if n, isNum := number(value); isNum {
		if spec.Minimum != nil && n < *spec.Minimum {
			fail(RuleMinimum, fmt.Sprintf("value %g is below the minimum %g", n, *spec.Minimum))
		}
		if spec.Maximum != nil && n > *spec.Maximum {
			fail(RuleMaximum, fmt.Sprintf("value %g is above the maximum %g", n, *spec.Maximum))
		}
	}
	for _, vs := range spec.Validators {
		ok, msg, known := Validate(vs.Name, value, vs.Params)
		if ok {
			continue
		}
		if !known {
			msg = fmt.Sprintf("unknown validator %q", vs.Name)
		} else {
			msg = vs.Name + ": " + msg
		}
		sev := SeverityError
		if vs.Severity == SeverityWarning {
			sev = SeverityWarning
		}
		errs = append(errs, api.ValidationError{Rule: RuleValidator, Message: msg, Severity: sev})
	}
	return done()
}

func findMember(members []api.ExtractedField, name string) *api.ExtractedField {
	for i := range members {
		if members[i].Name == name {
			return &members[i]
		}
	}
	return nil
}

// checkType says why value is not of the declared type, or "".
func checkType(typ string, value any) string {
	ok := false
	switch typ {
	case api.TypeString:
		_, ok = value.(string)
	case api.TypeNumber:
		_, ok = number(value)
	case api.TypeInteger:
		var n float64
		n, ok = number(value)
		ok = ok && n == math.Trunc(n) && !math.IsInf(n, 0)
	case api.TypeBoolean:
		_, ok = value.(bool)
	case api.TypeArray, api.TypeObject:
		_, ok = value.([]api.ExtractedField)
	default:
		return fmt.Sprintf("unknown declared type %q", typ)
	}
	if ok {
		return ""
	}
	return fmt.Sprintf("expected %s, got %s", typ, valueKind(value))
}

// number returns a numeric value as float64. NaN is not a JSON number and
// never counts as one.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x)
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float32:
		return float64(x), !math.IsNaN(float64(x))
	case int32:
		return float64(x), true
	}
	return 0, false
}

func valueKind(v any) string {
	if _, ok := v.([]api.ExtractedField); ok {
		return "array"
	}
	return kindOf(v)
}

// checkFormat implements Field.Format. The time-like formats are the
// strict RFC 3339 forms (date-time needs an offset), unlike the more
// lenient datetime validator.
func checkFormat(format, s string) string {
	bad := false
	switch format {
	case "date":
		bad = checkDate(s, nil) != ""
	case "date-time":
		bad = !isRFC3339(s)
	case "time":
		bad = checkTime(s, nil) != ""
	case "email":
		bad = checkEmail(s, nil) != ""
		if !bad {
			_, err := mail.ParseAddress(s)
			bad = err != nil
		}
	case "uri":
		bad = checkURI(s, nil) != ""
	case "uuid":
		bad = checkUUID(s, nil) != ""
	case "currency":
		bad = !isCurrency(strings.ToUpper(s))
	default:
		return fmt.Sprintf("unknown format %q", format)
	}
	if bad {
		return fmt.Sprintf("value is not a valid %s", format)
	}
	return ""
}

// inEnum compares strings after trimming and numbers by value, so an
// int64 extracted value matches a float64 enum entry decoded from JSON.
func inEnum(enum []any, value any, trimmed string) bool {
	n, isNum := number(value)
	for _, e := range enum {
		switch x := value.(type) {
		case string:
			if es, ok := e.(string); ok && strings.TrimSpace(es) == trimmed {
				return true
			}
		case bool:
			if eb, ok := e.(bool); ok && eb == x {
				return true
			}
		default:
			if en, ok := number(e); ok && isNum && en == n {
				return true
			}
		}
	}
	return false
}

func enumList(enum []any) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		if s, ok := e.(string); ok {
			parts[i] = fmt.Sprintf("%q", s)
		} else {
			parts[i] = fmt.Sprint(e)
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
