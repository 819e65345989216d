package pii_test

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/validate"
)

// TestIBANRegistryValidatesAndIsPII walks the one IBAN country table: an
// IBAN from each country must pass the iban validator and be reported as
// personal data, so the two can never again disagree about a country.
func TestIBANRegistryValidatesAndIsPII(t *testing.T) {
	t.Parallel()
	for _, cc := range checkdigit.IBANCountries() {
		t.Run(cc, func(t *testing.T) {
			t.Parallel()
			n, _ := checkdigit.IBANLength(cc)
			bban := checkdigit.BBANFromDigits(cc, strings.Repeat("3704004405", 4))
			if len(bban) != n-4 {
				t.Fatalf("BBAN %q does not fill the IBAN length %d", bban, n)
			}
			compact := cc + checkdigit.IBANCheckDigits(cc, bban) + bban
			printed := grouped(compact)

			for _, v := range []string{compact, printed} {
				if ok, msg, _ := validate.Validate("iban", v, nil); !ok {
					t.Errorf("validate refused %q: %s", v, msg)
				}
			}
			for _, v := range []string{compact, printed} {
				if !detected(pii.Detect("Bitte überweisen Sie auf IBAN "+v+" bis Monatsende.", pii.Options{}), v) {
					t.Errorf("pii did not report %q as an IBAN", v)
				}
			}
		})
	}
}

// grouped prints an IBAN the way statements do, in groups of four.
func grouped(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

func detected(fs []pii.Finding, value string) bool {
	for _, f := range fs {
		if strings.HasPrefix(f.Type, "iban") && f.Value == value {
			return true
		}
	}
	return false
}
