package validate

import "testing"

func TestNIF(t *testing.T) {
	t.Parallel()
	runValidator(t, "nif", []vcase{
		{"valid", "12345678Z", nil, true},
		{"lower case with hyphen", "12345678-z", nil, true},
		{"all zeros", "00000000T", nil, true},
		{"wrong letter", "12345678A", nil, false},
		{"one digit off", "12345679Z", nil, false},
		{"7 digits", "1234567Z", nil, false},
		{"NIE is not a NIF", "X1234567L", nil, false},
	})
}

func TestNIE(t *testing.T) {
	t.Parallel()
	runValidator(t, "nie", []vcase{
		{"X", "X1234567L", nil, true},
		{"Y", "Y7654321G", nil, true},
		{"wrong letter", "X1234567M", nil, false},
		{"one digit off", "X1234568L", nil, false},
		{"bad prefix", "W1234567L", nil, false},
	})
}

func TestCIF(t *testing.T) {
	t.Parallel()
	runValidator(t, "cif", []vcase{
		{"company with digit control", "B12345674", nil, true},
		{"either form: letter", "G1234567D", nil, true},
		{"public body with letter control", "Q2826000H", nil, true},
		{"SA with digit control", "A58004672", nil, true},
		{"one digit off", "B12345675", nil, false},
		{"company needs a digit", "A5800467B", nil, false},
		{"public body needs a letter", "Q28260008", nil, false},
		{"bad organisation letter", "I12345674", nil, false},
	})
}

func TestSSN(t *testing.T) {
	t.Parallel()
	runValidator(t, "ssn", []vcase{
		{"hyphenated", "536-90-4399", nil, true},
		{"digits only", "536904399", nil, true},
		{"area 000", "000-12-3456", nil, false},
		{"area 666", "666-12-3456", nil, false},
		{"area 9xx", "912-12-3456", nil, false},
		{"group 00", "536-00-4399", nil, false},
		{"serial 0000", "536-90-0000", nil, false},
		{"short", "536-90-439", nil, false},
	})
}

func TestPassportNumber(t *testing.T) {
	t.Parallel()
	runValidator(t, "passport_number", []vcase{
		{"generic", "X1234567", nil, true},
		{"ES", "PAA123456", map[string]any{"country": "ES"}, true},
		{"TR", "U12345678", map[string]any{"country": "tr"}, true},
		{"GB", "123456789", map[string]any{"country": "GB"}, true},
		{"generic too short", "A1234", nil, false},
		{"generic without digit", "ABCDEFG", nil, false},
		{"ES wrong shape", "12345678A", map[string]any{"country": "ES"}, false},
	})
}

func TestTCKN(t *testing.T) {
	t.Parallel()
	runValidator(t, "tckn", []vcase{
		{"valid", "10000000146", nil, true},
		{"10th digit off", "10000000156", nil, false},
		{"11th digit off", "10000000147", nil, false},
		{"leading zero", "00000000146", nil, false},
		{"10 digits", "1000000014", nil, false},
	})
}

func TestVKN(t *testing.T) {
	t.Parallel()
	runValidator(t, "vkn", []vcase{
		{"valid", "1234567890", nil, true},
		{"valid, every digit shifted to 9", "0123456789", nil, true},
		{"shifted, one digit off", "0123456788", nil, false},
		{"one digit off", "1234567891", nil, false},
		{"9 digits", "123456789", nil, false},
	})
}

func TestEIN(t *testing.T) {
	t.Parallel()
	runValidator(t, "ein", []vcase{
		{"hyphenated", "12-3456789", nil, true},
		{"digits only", "953456789", nil, true},
		{"unassigned prefix 07", "07-3456789", nil, false},
		{"unassigned prefix 89", "89-3456789", nil, false},
		{"8 digits", "12-345678", nil, false},
	})
}

func TestVATID(t *testing.T) {
	t.Parallel()
	country := func(c string) map[string]any { return map[string]any{"country": c} }
	runValidator(t, "vat_id", []vcase{
		{"DE", "DE136695976", nil, true},
		{"DE one digit off", "DE136695977", nil, false},
		{"IT", "IT00743110157", nil, true},
		{"IT one digit off", "IT00743110158", nil, false},
		{"ES company", "ESB12345674", nil, true},
		{"ES person", "ES12345678Z", nil, true},
		{"ES one digit off", "ESB12345675", nil, false},
		{"FR numeric key", "FR44732829320", nil, true},
		{"FR key off", "FR45732829320", nil, false},
		{"FR alphanumeric key (format only)", "FRK7399859412", nil, true},
		{"NL mod 11", "NL004495445B01", nil, true},
		{"NL mod 11 off", "NL004495446B01", nil, false},
		{"BE", "BE0403170701", nil, true},
		{"BE one digit off", "BE0403170702", nil, false},
		{"PL", "PL5260001246", nil, true},
		{"PL one digit off", "PL5260001247", nil, false},
		{"PT", "PT500000000", nil, true},
		{"PT one digit off", "PT500000001", nil, false},
		{"AT", "ATU13585627", nil, true},
		{"AT one digit off", "ATU13585628", nil, false},
		{"DK", "DK13585628", nil, true},
		{"DK one digit off", "DK13585629", nil, false},
		{"FI", "FI20774740", nil, true},
		{"FI one digit off", "FI20774741", nil, false},
		{"FI remainder 0 gives check 0", "FI10000020", nil, true},
		{"FI remainder 0, wrong check", "FI10000021", nil, false},
		{"FI remainder 1 is never issued", "FI10000080", nil, false},
		{"SE", "SE556012345601", nil, true},
		{"SE one digit off", "SE556012345701", nil, false},
		{"LU", "LU12345613", nil, true},
		{"SK", "SK2020123457", nil, true},
		{"HR", "HR12345678903", nil, true},
		{"CH with suffix", "CHE-116.356.041 MWST", nil, true},
		{"CH one digit off", "CHE116356042", nil, false},
		{"NO with MVA", "NO974537168MVA", nil, true},
		{"TR", "TR1234567890", nil, true},
		{"GR written EL", "EL094259216", country("GR"), true},
		{"EL check digit off", "EL123456781", nil, false},
		{"BG", "BG175074752", nil, true},
		{"BG check digit off", "BG175074751", nil, false},
		{"CY check letter off", "CY10259033Z", nil, false},
		{"CZ legal entity off", "CZ25123890", nil, false},
		{"EE off", "EE100594103", nil, false},
		{"HU off", "HU12892313", nil, false},
		{"IE", "IE6433435F", nil, true},
		{"IE check letter off", "IE6433435E", nil, false},
		{"LT off", "LT100001919018", nil, false},
		{"LV off", "LV40003521601", nil, false},
		{"MT off", "MT11679113", nil, false},
		{"RO", "RO18547290", nil, true},
		{"RO off", "RO18547291", nil, false},
		{"SI off", "SI50223055", nil, false},
		{"GB", "GB980780684", nil, true},
		{"GB off", "GB802311781", nil, false},
		{"printed with spaces and dots", "de 136.695.976", nil, true},
		{"no prefix, country param", "136695976", country("DE"), true},
		{"no prefix, no country", "136695976", nil, false},
		{"prefix differs from param", "DE136695976", country("IT"), false},
		{"wrong length", "DE13669597", nil, false},
		{"unknown country", "136695976", country("ZZ"), false},
	})
}
