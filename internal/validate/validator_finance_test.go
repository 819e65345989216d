package validate

import (
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

func TestIBAN(t *testing.T) {
	t.Parallel()
	runValidator(t, "iban", []vcase{
		{"ES", "ES9121000418450200051332", nil, true},
		{"ES printed in groups, lower case", "es91 2100 0418 4502 0005 1332", nil, true},
		{"DE", "DE89370400440532013000", nil, true},
		{"GB", "GB82WEST12345698765432", nil, true},
		{"FR with letter in BBAN", "FR1420041010050500013M02606", nil, true},
		{"NL", "NL91ABNA0417164300", nil, true},
		{"BE", "BE68539007547034", nil, true},
		{"TR", "TR330006100519786457841326", nil, true},
		{"IT", "IT60X0542811101000000123456", nil, true},
		{"AT", "AT611904300234573201", nil, true},
		{"CH", "CH9300762011623852957", nil, true},
		{"PL", "PL61109010140000071219812874", nil, true},
		{"PT", "PT50000201231234567890154", nil, true},
		{"NO shortest", "NO9386011117947", nil, true},
		{"DK", "DK5000400440116243", nil, true},
		{"FI", "FI2112345600000785", nil, true},
		{"SE", "SE4550000000058398257466", nil, true},
		{"MT longest SEPA", "MT84MALT011000012345MTLCAST001S", nil, true},
		{"IE", "IE29AIBK93115212345678", nil, true},
		{"LU", "LU280019400644750000", nil, true},
		{"RU, a 2021 registrant and the longest", "RU0304452522540817810538091310419", nil, true},
		{"OM, a 2024 registrant", "OM810180000001299123456", nil, true},
		{"country param matches", "ES9121000418450200051332", map[string]any{"country": "es"}, true},

		{"ES one digit off", "ES9121000418450200051333", nil, false},
		{"DE check digits off", "DE88370400440532013000", nil, false},
		{"TR one digit off", "TR330006100519786457841327", nil, false},
		// The reference's sample response carries this IBAN; it fails mod 97.
		{"reference sample IBAN", "ES7600491500051234567892", nil, false},
		{"DE too short", "DE8937040044053201300", nil, false},
		{"country without IBAN", "US12345678901234567890", nil, false},
		{"country param differs", "ES9121000418450200051332", map[string]any{"country": "PT"}, false},
		{"punctuation", "ES91-2100-0418-4502-0005-1332", nil, false},
		{"too short overall", "ES91", nil, false},
	})
}

func TestMod97(t *testing.T) {
	t.Parallel()
	// The GB example with its first four characters moved to the end, as
	// ISO 13616 prescribes, must leave remainder 1.
	if got := checkdigit.Mod97("WEST12345698765432GB82"); got != 1 {
		t.Fatalf("mod97 = %d, want 1", got)
	}
}

func TestBIC(t *testing.T) {
	t.Parallel()
	runValidator(t, "bic", []vcase{
		{"8 characters", "DEUTDEFF", nil, true},
		{"11 characters", "CAIXESBBXXX", nil, true},
		{"lower case", "bsabesbb", nil, true},
		{"Kosovo", "RBKOXKPRXXX", nil, true},
		{"bad country", "DEUTQQFF", nil, false},
		{"digit in bank code", "DEU1DEFF", nil, false},
		{"9 characters", "DEUTDEFF5", nil, false},
		{"too short", "DEUTDE", nil, false},
	})
}

func TestCreditCard(t *testing.T) {
	t.Parallel()
	runValidator(t, "credit_card", []vcase{
		{"visa", "4111111111111111", nil, true},
		{"visa with spaces", "4111 1111 1111 1111", nil, true},
		{"mastercard with hyphens", "5500-0055-5555-5559", nil, true},
		{"amex 15 digits", "378282246310005", nil, true},
		{"visa one digit off", "4111111111111112", nil, false},
		{"amex one digit off", "378282246310006", nil, false},
		{"12 digits", "411111111111", nil, false},
		{"20 digits", "41111111111111111111", nil, false},
		{"letters", "4111-1111-1111-111a", nil, false},
	})
}

func TestCurrencyCode(t *testing.T) {
	t.Parallel()
	runValidator(t, "currency_code", []vcase{
		{"EUR", "EUR", nil, true},
		{"lower case", "try", nil, true},
		{"Caribbean guilder (2025)", "XCG", nil, true},
		{"withdrawn but still printed", "HRK", nil, true},
		{"made up", "EUX", nil, false},
		{"two letters", "EU", nil, false},
		{"symbol", "€", nil, false},
	})
}

func TestAmount(t *testing.T) {
	t.Parallel()
	neg := map[string]any{"allow_negative": true}
	zero := map[string]any{"allow_zero": "true"}
	runValidator(t, "amount", []vcase{
		{"plain", "1234.56", nil, true},
		{"grouped US", "1,234,567.89", nil, true},
		{"grouped EU", "1.234.567,89", nil, true},
		{"decimal comma", "12,5", nil, true},
		{"thousand with dot", "1.500", nil, true},
		{"number value", 99.9, nil, true},
		{"int value", int64(3), nil, true},
		{"negative allowed", "-10.00", neg, true},
		{"zero allowed", "0,00", zero, true},
		{"zero refused by default", "0.00", nil, false},
		{"zero number refused", 0.0, nil, false},
		{"negative refused by default", "-5", nil, false},
		{"bad grouping", "1,23,456.00", nil, false},
		{"two decimal points", "1.2.3,4,5", nil, false},
		{"letters", "12 EUR", nil, false},
		{"exponent", "1e5", nil, false},
		{"hex", "0x1F", nil, false},
	})
}

func TestABARouting(t *testing.T) {
	t.Parallel()
	runValidator(t, "aba_routing", []vcase{
		{"JPMorgan Chase NY", "021000021", nil, true},
		{"Bank of America MA", "011000015", nil, true},
		{"one digit off", "021000022", nil, false},
		{"unassigned prefix", "500000005", nil, false},
		{"8 digits", "02100002", nil, false},
	})
}
