package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

// TestBICWithoutDigits: most BICs have no digit ("DEUTDEFF",
// "COBADEFFXXX"); a field validated as a BIC, or named like one, reads
// them, and a word that is no BIC (an unknown country) stays null.
func TestBICWithoutDigits(t *testing.T) {
	t.Parallel()
	spec := api.DocumentTypeSpec{ID: "bank", FieldGroups: []api.FieldGroup{{Name: "main", Fields: []api.Field{
		{Name: "bank_code", Validators: []api.ValidatorSpec{{Name: "bic"}}}, {Name: "swift"},
	}}}}
	cases := []struct {
		lines      []string
		code, swft any
	}{
		{[]string{"Bank code: DEUTDEFF", "SWIFT: cobadeffxxx"}, "DEUTDEFF", "COBADEFFXXX"},
		{[]string{"Bank code: TGBATRIS", "SWIFT: BNPAFRPP"}, "TGBATRIS", "BNPAFRPP"},
		{[]string{"Bank code: ABCDQQ22", "SWIFT: NOTABIC"}, nil, nil}, // QQ is no country; 7 letters is no BIC
	}
	for _, c := range cases {
		got := values(Extract(loadPDF(t, c.lines), spec, Options{}))
		if got["bank_code"] != c.code || got["swift"] != c.swft {
			t.Errorf("%q: bank_code %#v swift %#v, want %#v %#v", c.lines, got["bank_code"], got["swift"], c.code, c.swft)
		}
	}
}
