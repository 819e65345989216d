package validate

import "testing"

// vcase is one table row for a field validator: the value, its params and
// whether the validator must accept it.
type vcase struct {
	name   string
	value  any
	params map[string]any
	ok     bool
}

func runValidator(t *testing.T, validator string, cases []vcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ok, msg, known := Validate(validator, c.value, c.params)
			if !known {
				t.Fatalf("validator %q is not registered", validator)
			}
			if ok != c.ok {
				t.Fatalf("%s(%#v, %v) = %v (%q), want %v", validator, c.value, c.params, ok, msg, c.ok)
			}
			if !ok && msg == "" {
				t.Fatalf("%s(%#v) failed without a message", validator, c.value)
			}
		})
	}
}
