package checkdigit_test

import (
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// FuzzChecks feeds arbitrary strings to every whole-value check: callers
// pass unvalidated text, so none may panic, and each must return nil or
// one of the package's sentinels.
func FuzzChecks(f *testing.F) {
	for _, s := range []string{"", "DE89370400440532013000", "131052-308T", "2A0814168025", "X1234567L", "U13585627", "K7399859412"} {
		f.Add(s)
	}
	checks := []func(string) error{
		checkdigit.IBAN, checkdigit.BIC, checkdigit.ABA, checkdigit.SSN, checkdigit.ITIN, checkdigit.EIN,
		checkdigit.TCKN, checkdigit.VKN, checkdigit.DNI, checkdigit.NIE, checkdigit.CIF, checkdigit.NIFPT,
		checkdigit.SIREN, checkdigit.SIRET, checkdigit.NIR, checkdigit.SPI, checkdigit.BSN, checkdigit.RRN,
		checkdigit.SteuerID, checkdigit.IDCardDE, checkdigit.RVNR, checkdigit.SVNR, checkdigit.CodiceFiscale,
		checkdigit.Personnummer, checkdigit.CPR, checkdigit.HETU, checkdigit.PESEL, checkdigit.NIP,
		checkdigit.NINO, checkdigit.UTR, checkdigit.NHS, checkdigit.VATAT, checkdigit.VATBE, checkdigit.VATDK,
		checkdigit.VATFI, checkdigit.VATFR, checkdigit.VATLU, checkdigit.VATNL, checkdigit.VATSK,
		checkdigit.VATCH, checkdigit.VATNO,
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, c := range checks {
			switch err := c(s); err {
			case nil, checkdigit.ErrFormat, checkdigit.ErrLength, checkdigit.ErrRange, checkdigit.ErrChecksum,
				checkdigit.ErrSSNArea, checkdigit.ErrSSNGroup, checkdigit.ErrSSNSerial:
			default:
				t.Fatalf("check %d(%q) returned %v", i, s, err)
			}
		}
		// The digit makers and the checks must agree on every input.
		if checkdigit.Luhn(s) && checkdigit.LuhnDigit(s[:len(s)-1]) != s[len(s)-1] {
			t.Fatalf("Luhn accepts %q but LuhnDigit disagrees", s)
		}
		if checkdigit.IBANChecksum(s) && checkdigit.Mod97(s[4:]+s[:4]) != 1 {
			t.Fatalf("IBANChecksum accepts %q but its rotation is not 1 mod 97", s)
		}
		if checkdigit.Mod11_10(s) && len(s) < 2 {
			t.Fatalf("Mod11_10 accepts %q, which has no check digit", s)
		}
		if d := checkdigit.MRZDigit(s); d < '0' || d > '9' {
			t.Fatalf("MRZDigit(%q) = %q", s, d)
		}
		if r := checkdigit.Mod97(s); r < -1 || r > 96 {
			t.Fatalf("Mod97(%q) = %d", s, r)
		}
	})
}
