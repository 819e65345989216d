package validate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func ptr[T any](v T) *T { return &v }

// rules lists the rule names of a validation's errors, in order.
func rules(v api.Validation) string {
	var out []string
	for _, e := range v.Errors {
		r := e.Rule
		if e.Severity == SeverityWarning {
			r += "(warning)"
		}
		out = append(out, r)
	}
	return strings.Join(out, ",")
}

func TestValidateValue(t *testing.T) {
	t.Parallel()
	str := api.Field{Name: "s", Type: "string"}
	cases := []struct {
		name  string
		spec  api.Field
		value any
		valid bool
		rules string
	}{
		{"optional null is valid", str, nil, true, ""},
		{"required null", api.Field{Name: "s", Required: true}, nil, false, "type"},
		{"default type is string", api.Field{Name: "s"}, "x", true, ""},
		{"string wanted, number given", str, 3.0, false, "type"},
		{"type failure stops the rest", api.Field{Name: "s", Pattern: ptr(`\d+`), Validators: []api.ValidatorSpec{{Name: "iban"}}}, true, false, "type"},
		{"number accepts int64", api.Field{Name: "n", Type: "number"}, int64(4), true, ""},
		{"integer accepts whole float", api.Field{Name: "n", Type: "integer"}, 4.0, true, ""},
		{"integer refuses fraction", api.Field{Name: "n", Type: "integer"}, 4.5, false, "type"},
		{"boolean", api.Field{Name: "b", Type: "boolean"}, false, true, ""},
		{"boolean refuses string", api.Field{Name: "b", Type: "boolean"}, "true", false, "type"},
		{"pattern full match", api.Field{Name: "s", Pattern: ptr(`\d{3}`)}, "123", true, ""},
		{"pattern partial match fails", api.Field{Name: "s", Pattern: ptr(`\d{3}`)}, "1234", false, "pattern"},
		{"pattern alternation is anchored as a whole", api.Field{Name: "s", Pattern: ptr(`a|b`)}, "ab", false, "pattern"},
		{"pattern sees the trimmed value", api.Field{Name: "s", Pattern: ptr(`\d{3}`)}, " 123 ", true, ""},
		{"invalid pattern", api.Field{Name: "s", Pattern: ptr(`(`)}, "x", false, "pattern"},
		{"format date", api.Field{Name: "d", Format: ptr("date")}, "2025-05-15", true, ""},
		{"format date bad", api.Field{Name: "d", Format: ptr("date")}, "15/05/2025", false, "format"},
		{"format date-time needs offset", api.Field{Name: "d", Format: ptr("date-time")}, "2025-05-15T10:00:00", false, "format"},
		{"format date-time", api.Field{Name: "d", Format: ptr("date-time")}, "2025-05-15T10:00:00+02:00", true, ""},
		{"format time", api.Field{Name: "t", Format: ptr("time")}, "25:00", false, "format"},
		{"format email", api.Field{Name: "e", Format: ptr("email")}, "a@b.co", true, ""},
		{"format uri", api.Field{Name: "u", Format: ptr("uri")}, "no scheme", false, "format"},
		{"format uuid", api.Field{Name: "u", Format: ptr("uuid")}, "123e4567-e89b-12d3-a456-426614174000", true, ""},
		{"format currency", api.Field{Name: "c", Format: ptr("currency")}, "EUR", true, ""},
		{"format currency bad", api.Field{Name: "c", Format: ptr("currency")}, "EURO", false, "format"},
		{"enum string", api.Field{Name: "s", Enum: []any{"a", "b"}}, "b", true, ""},
		{"enum string miss", api.Field{Name: "s", Enum: []any{"a", "b"}}, "c", false, "enum"},
		{"enum int64 matches float entry", api.Field{Name: "n", Type: "integer", Enum: []any{1.0, 2.0}}, int64(2), true, ""},
		{"enum bool", api.Field{Name: "b", Type: "boolean", Enum: []any{true}}, false, false, "enum"},
		{"minimum", api.Field{Name: "n", Type: "number", Minimum: ptr(0.0)}, -0.01, false, "minimum"},
		{"maximum", api.Field{Name: "n", Type: "number", Maximum: ptr(10.0)}, int64(11), false, "maximum"},
		{"bounds inclusive", api.Field{Name: "n", Type: "number", Minimum: ptr(0.0), Maximum: ptr(10.0)}, 10.0, true, ""},
		{"validator error", api.Field{Name: "i", Validators: []api.ValidatorSpec{{Name: "iban"}}}, "ES9121000418450200051333", false, "validator"},
		{"validator warning keeps valid", api.Field{Name: "i", Validators: []api.ValidatorSpec{{Name: "iban", Severity: "warning"}}}, "ES9121000418450200051333", true, "validator(warning)"},
		{"validator params", api.Field{Name: "p", Validators: []api.ValidatorSpec{{Name: "postal_code", Params: map[string]any{"country": "ES"}}}}, "99999", false, "validator"},
		{"unknown validator", api.Field{Name: "x", Validators: []api.ValidatorSpec{{Name: "nope"}}}, "v", false, "validator"},
		{
			"reference order, every check failing",
			api.Field{Name: "n", Pattern: ptr(`x`), Format: ptr("date"), Enum: []any{"y"},
				Validators: []api.ValidatorSpec{{Name: "nif"}, {Name: "nie", Severity: "warning"}}},
			"zzz", false, "pattern,format,enum,validator,validator(warning)",
		},
		{
			"min and max on the same value",
			api.Field{Name: "n", Type: "number", Minimum: ptr(5.0), Maximum: ptr(1.0), Enum: []any{9.0}},
			3.0, false, "enum,minimum,maximum",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := ValidateValue(c.spec, c.value)
			if v.Valid != c.valid || rules(v) != c.rules {
				t.Fatalf("got valid=%v rules=%q %+v; want valid=%v rules=%q", v.Valid, rules(v), v.Errors, c.valid, c.rules)
			}
			if v.Errors == nil {
				t.Fatal("Errors must be an empty list, not null, on the wire")
			}
			for _, e := range v.Errors {
				if e.Message == "" {
					t.Errorf("%s error without message", e.Rule)
				}
			}
		})
	}
}

func TestRequiredMissingMessage(t *testing.T) {
	t.Parallel()
	v := ValidateValue(api.Field{Name: "total", Type: "number", Required: true}, nil)
	if len(v.Errors) != 1 || v.Errors[0].Message != MsgRequiredMissing || v.Errors[0].Rule != RuleType {
		t.Fatalf("got %+v", v.Errors)
	}
}

func lineItemsSpec() api.Field {
	return api.Field{
		Name: "line_items", Type: "array",
		Items: &api.Field{Name: "line_item", Type: "object", Fields: []api.Field{
			{Name: "description", Type: "string", Required: true},
			{Name: "quantity", Type: "number", Minimum: ptr(0.0)},
		}},
	}
}

func row(members ...api.ExtractedField) api.ExtractedField {
	return api.ExtractedField{Name: "line_item", Value: members}
}

func TestArrayOfObjectsValidatesPerRowAndMember(t *testing.T) {
	t.Parallel()
	rows := []api.ExtractedField{
		row(api.ExtractedField{Name: "description", Value: "Paper"}, api.ExtractedField{Name: "quantity", Value: int64(2)}),
		row(api.ExtractedField{Name: "quantity", Value: -1.0}),
	}
	got := []api.ExtractedField{{Name: "line_items", Value: rows}, {Name: "undeclared", Value: "x"}}
	ValidateFields([]api.Field{lineItemsSpec()}, got)

	if got[0].Validation == nil || !got[0].Validation.Valid {
		t.Fatalf("the array itself is well-typed: %+v", got[0].Validation)
	}
	if got[1].Validation != nil {
		t.Fatal("an undeclared field must be left untouched")
	}
	r0, r1 := rows[0], rows[1]
	if !r0.Validation.Valid || r1.Validation.Valid {
		t.Fatalf("row validity: %+v / %+v", r0.Validation, r1.Validation)
	}
	if !strings.Contains(r1.Validation.Errors[0].Message, `"description"`) {
		t.Errorf("row 1 should name the missing required member: %+v", r1.Validation.Errors)
	}
	qty := r1.Value.([]api.ExtractedField)[0]
	if qty.Validation == nil || rules(*qty.Validation) != "minimum" {
		t.Fatalf("member quantity of row 1: %+v", qty.Validation)
	}
}

func TestArrayTypeMismatch(t *testing.T) {
	t.Parallel()
	v := ValidateValue(lineItemsSpec(), "not a list")
	if v.Valid || rules(v) != "type" {
		t.Fatalf("got %+v", v)
	}
}

func TestDeepRecursion(t *testing.T) {
	t.Parallel()
	// Twenty nested objects, the innermost holding a failing date.
	spec := api.Field{Name: "leaf", Format: ptr("date")}
	value := any("not-a-date")
	for i := 0; i < 20; i++ {
		spec = api.Field{Name: fmt.Sprintf("o%d", i), Type: "object", Fields: []api.Field{spec}}
		value = []api.ExtractedField{{Name: spec.Fields[0].Name, Value: value}}
	}
	got := []api.ExtractedField{{Name: spec.Name, Value: value}}
	ValidateFields([]api.Field{spec}, got)
	f := got[0]
	for f.Value != nil {
		members, ok := f.Value.([]api.ExtractedField)
		if !ok {
			break
		}
		f = members[0]
	}
	if f.Name != "leaf" || f.Validation == nil || rules(*f.Validation) != "format" {
		t.Fatalf("innermost field: %s %+v", f.Name, f.Validation)
	}
}

func TestValidateFieldsLargeGroupUsesFirstDeclaration(t *testing.T) {
	t.Parallel()
	var specs []api.Field
	for i := 0; i < 40; i++ {
		specs = append(specs, api.Field{Name: fmt.Sprintf("f%d", i), Type: "string"})
	}
	specs = append(specs, api.Field{Name: "f3", Type: "number"}) // duplicate: ignored
	got := []api.ExtractedField{{Name: "f3", Value: "text"}, {Name: "f39", Value: 1.0}}
	ValidateFields(specs, got)
	if !got[0].Validation.Valid {
		t.Errorf("f3 matched the later duplicate: %+v", got[0].Validation)
	}
	if got[1].Validation.Valid {
		t.Error("f39 is a string field and got a number")
	}
}

func TestPatternCacheIsBounded(t *testing.T) {
	t.Parallel()
	for i := 0; i < patternCacheSize+50; i++ {
		if _, err := compilePattern(fmt.Sprintf(`x%d`, i)); err != nil {
			t.Fatal(err)
		}
	}
	patterns.RLock()
	n := len(patterns.m)
	patterns.RUnlock()
	if n > patternCacheSize {
		t.Fatalf("cache holds %d entries, bound is %d", n, patternCacheSize)
	}
	re, err := compilePattern(`x1`)
	if err != nil || !re.MatchString("x1") || re.MatchString("x10") {
		t.Fatal("recompiled pattern is not a full match")
	}
}

func TestValidateValueConcurrent(t *testing.T) {
	t.Parallel()
	// Shared pattern cache and registry under concurrent use (run with -race).
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func(g int) {
			ok := true
			for i := 0; i < 200; i++ {
				spec := api.Field{Name: "s", Pattern: ptr(fmt.Sprintf(`p%d-\d+`, i%20)), Validators: []api.ValidatorSpec{{Name: "slug"}}}
				v := ValidateValue(spec, fmt.Sprintf("p%d-%d", i%20, g))
				ok = ok && v.Valid
			}
			done <- ok
		}(g)
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("a concurrent validation failed")
		}
	}
}
