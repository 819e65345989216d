package validate

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// referenceNames are the 31 names of the reference catalogue.
var referenceNames = strings.Fields(`email uri url domain slug ipv4 ipv6 date
datetime iso_8601 time uuid json hex_color iban bic credit_card currency_code
amount phone_e164 country_code language_code postal_code latitude longitude
nif nie cif vat_id ssn passport_number`)

func TestCatalogueHasReferenceAndQuarryNames(t *testing.T) {
	t.Parallel()
	if len(referenceNames) != 31 {
		t.Fatalf("reference list has %d names, want 31", len(referenceNames))
	}
	want := append(slices.Clone(referenceNames), "tckn", "vkn", "ein", "aba_routing")
	for _, n := range want {
		if !Known(n) {
			t.Errorf("validator %q is missing", n)
		}
	}
	if got := len(Catalogue()); got != len(want) {
		t.Errorf("catalogue has %d entries, want %d", got, len(want))
	}
	if Known("no_such_validator") {
		t.Error("Known accepted an unregistered name")
	}
}

func TestCatalogueSortedDescribedAndExamplesPass(t *testing.T) {
	t.Parallel()
	cat := Catalogue()
	if !sort.SliceIsSorted(cat, func(i, j int) bool { return cat[i].Name < cat[j].Name }) {
		t.Fatal("catalogue is not sorted by name")
	}
	for _, in := range cat {
		if in.Category == "" || in.Description == "" || in.Example == "" || in.Params == nil {
			t.Errorf("%s: category, description, example and params must be set: %+v", in.Name, in)
		}
		if ok, msg, _ := Validate(in.Name, in.Example, nil); !ok {
			t.Errorf("%s: its own example %q fails: %s", in.Name, in.Example, msg)
		}
	}
}

func TestCatalogueIsACopy(t *testing.T) {
	t.Parallel()
	cat := Catalogue()
	for i := range cat {
		if len(cat[i].Params) > 0 {
			cat[i].Params[0].Name = "mutated"
		}
	}
	for _, in := range Catalogue() {
		for _, p := range in.Params {
			if p.Name == "mutated" {
				t.Fatalf("%s: Catalogue exposes the registry's params", in.Name)
			}
		}
	}
}

func TestInfoJSONIsSnakeCase(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Info{Name: "amount", Params: []Param{{Name: "allow_zero", Type: "boolean", Default: false}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"name"`, `"category"`, `"description"`, `"params"`, `"example"`, `"type"`, `"default":false`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON %s lacks %s", b, key)
		}
	}
}

func TestRegisterDuplicatePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("registering iban twice did not panic")
		}
	}()
	register(validator{info: Info{Name: "iban"}, check: checkIBAN})
}

func TestValidateCommonRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		validator string
		value     any
		ok, known bool
	}{
		{"null passes", "iban", nil, true, true},
		{"empty string fails", "email", "", false, true},
		{"blank string fails", "email", "   ", false, true},
		{"surrounding space is trimmed", "email", "  ana@example.es \n", true, true},
		{"number fails a string validator", "iban", 42.0, false, true},
		{"bool fails", "date", true, false, true},
		{"numeric validator takes float64", "latitude", 40.5, true, true},
		{"numeric validator takes int64", "amount", int64(12), true, true},
		{"unknown name", "nope", "x", false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ok, msg, known := Validate(c.validator, c.value, nil)
			if ok != c.ok || known != c.known {
				t.Fatalf("Validate(%s, %#v) = %v, %q, %v; want %v, known %v", c.validator, c.value, ok, msg, known, c.ok, c.known)
			}
		})
	}
}

func TestISOTablesAreComplete(t *testing.T) {
	t.Parallel()
	if n := checkdigit.CountryCount(); n != 249 {
		t.Errorf("ISO 3166-1 table has %d codes, want 249", n)
	}
	if n := len(iso639); n != 184 {
		t.Errorf("ISO 639-1 table has %d codes, want 184 (183 current + bh)", n)
	}
	if n := len(iso4217); n < 175 {
		t.Errorf("ISO 4217 table has only %d codes", n)
	}
	for code := range iso4217 {
		if len(code) != 3 || !isUpperAlpha(code) {
			t.Errorf("bad currency code %q", code)
		}
	}
}
