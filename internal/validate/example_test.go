package validate_test

import (
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/validate"
)

func ExampleValidate() {
	ok, _, _ := validate.Validate("iban", "ES91 2100 0418 4502 0005 1332", nil)
	fmt.Println(ok)
	ok, msg, _ := validate.Validate("iban", "ES91 2100 0418 4502 0005 1333", nil)
	fmt.Println(ok, msg)
	_, _, known := validate.Validate("no_such_check", "x", nil)
	fmt.Println(known)
	// Output:
	// true
	// false IBAN checksum (mod 97) failed
	// false
}

func ExampleValidateValue() {
	spec := api.Field{Name: "dni", Validators: []api.ValidatorSpec{
		{Name: "nif", Severity: "warning"},
	}}
	v := validate.ValidateValue(spec, "12345678A")
	fmt.Println(v.Valid, v.Errors[0].Rule, v.Errors[0].Severity, v.Errors[0].Message)
	// Output:
	// true validator warning nif: NIF control letter is wrong
}

func ExampleSemantic() {
	req := &api.ExtractRequest{
		Files: []api.FileInput{{Filename: "deed.pdf", ExpectedType: "escritura"}},
		Rules: []api.RuleSpec{
			{ID: "a", Predicate: "…", Parents: []api.RuleParent{{Kind: "rule", Rule: "b"}}},
			{ID: "b", Predicate: "…", Parents: []api.RuleParent{{Kind: "rule", Rule: "a"}}},
		},
	}
	r := validate.Semantic(req)
	fmt.Println(r.OK, r.ErrorCount)
	for _, is := range r.Errors {
		fmt.Println(is.Code, is.Path, is.Message)
	}
	// Output:
	// false 2
	// document_type_unknown files[0].expected_type expected_type 'escritura' is not declared in document_types[] and is not a built-in type.
	// rule_cycle rules[0] Rules form a cycle: 'a' -> 'b' -> 'a'.
}
