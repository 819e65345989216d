package checkdigit_test

import (
	"errors"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// TestVATEU checks the VAT numbers of the countries vat_eu.go added with
// numbers their tax offices print as samples, each beside a copy with
// one digit changed, which must fail its check.
func TestVATEU(t *testing.T) {
	t.Parallel()
	valid := []string{
		"BG175074752", "BG7523169263", "CY10259033P", "CZ25123891", "CZ7103192745",
		"CZ640903926", "EE100931558", "EE100594102", "EL094259216", "GR094259216",
		"HU12892312", "IE6433435F", "IE8D79739I", "IE3628739UA", "LT119511515", "LT100001919017",
		"LT100004801610", "LV40003521600", "LV16117519997", "MT11679112", "RO18547290",
		"RO1630615123457", "SI50223054", "GB980780684", "XI980780684", "GBGD100", "GBHA500",
		// countries checked before this file, reached through VAT
		"ATU13585627", "BE0403170701", "DE136695976", "DK13585628", "ESA58818501",
		"FI20774740", "FR44732829320", "HR12345678903", "IT00743110157", "LU15027442",
		"NL123456782B01", "PL1234563218", "PT501964843", "SE556188840401", "SK2022749619",
		"CHE116356041", "CHE116356041MWST",
	}
	for _, v := range valid {
		if err := checkdigit.VAT(v); err != nil {
			t.Errorf("VAT(%q) = %v, want nil", v, err)
		}
	}
	broken := []string{
		"BG175074751", "CY10259033Z", "CZ25123890", "CZ7103192746", "EE100594103",
		"EL123456781", "HU12892313", "IE6433435E", "LT100001919018", "LV40003521601",
		"LV16137519997", "MT11679113", "RO18547291", "SI50223055", "GB802311781",
		"GBGD600", "GBHA100", "CHE116356042",
	}
	for _, v := range broken {
		if err := checkdigit.VAT(v); err == nil {
			t.Errorf("VAT(%q) accepted a broken number", v)
		}
	}
	if err := checkdigit.VAT("US123456789"); !errors.Is(err, checkdigit.ErrRange) {
		t.Errorf("VAT(US...) = %v, want ErrRange", err)
	}
}

// TestVATEUSingleDigitErrors changes every digit of each valid number in
// turn: a single changed digit must never leave a number that still
// passes, for the checks that guarantee it (weighted sums whose weights
// are coprime with the modulus).
func TestVATEUSingleDigitErrors(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"EE100931558", "HU12892312", "MT11679112", "SI50223054", "LT119511515", "CY10259033P"} {
		for i := 2; i < len(v); i++ {
			if v[i] < '0' || v[i] > '9' {
				continue
			}
			for d := byte('0'); d <= '9'; d++ {
				if d == v[i] {
					continue
				}
				w := v[:i] + string(d) + v[i+1:]
				if checkdigit.VAT(w) == nil {
					t.Errorf("%s: changing digit %d gives %s, which still passes", v, i, w)
				}
			}
		}
	}
}
