package checkdigit_test

import (
	"errors"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// TestCatalogueVectors covers the checks added for the PII catalogue's
// second round: for every check a published sample number (issuer
// specimens, the doctests of python-stdnum) or one computed by hand from
// the published rule, and broken variants of it.
func TestCatalogueVectors(t *testing.T) {
	t.Parallel()
	var (
		format, rng, sum = checkdigit.ErrFormat, checkdigit.ErrRange, checkdigit.ErrChecksum
	)
	kr := func(s string) error { _, err := checkdigit.KRRegistration(s); return err }
	tests := []struct {
		name string
		fn   func(string) error
		in   string
		want error
	}{
		{"VerhoeffWikipedia", verdict(checkdigit.Verhoeff), "2363", nil},
		{"VerhoeffOff", verdict(checkdigit.Verhoeff), "2364", sum},
		{"VerhoeffSwap", verdict(checkdigit.Verhoeff), "3263", sum},

		{"ABN", checkdigit.ABN, "83914571673", nil},
		{"ABNOff", checkdigit.ABN, "83914571674", sum},
		{"ABNNines", checkdigit.ABN, "99999999999", sum},
		{"ACN", checkdigit.ACN, "004085616", nil},
		{"ACN2", checkdigit.ACN, "010499966", nil},
		{"ACNOff", checkdigit.ACN, "004085617", sum},
		{"TFN", checkdigit.TFN, "123456782", nil},
		{"TFNOff", checkdigit.TFN, "123456783", sum},
		{"TFNShort", checkdigit.TFN, "12345678", format},
		{"Medicare", checkdigit.Medicare, "2123456701", nil},
		{"MedicareIssue", checkdigit.Medicare, "21234567011", nil},
		{"MedicareOff", checkdigit.Medicare, "2123456711", sum},
		{"MedicareFirstDigit", checkdigit.Medicare, "7123456701", rng},

		{"NRIC_S", checkdigit.NRIC, "S1234567D", nil},
		{"NRIC_SOff", checkdigit.NRIC, "S1234567E", sum},
		{"NRIC_T", checkdigit.NRIC, "T1234567J", nil},
		{"NRIC_F", checkdigit.NRIC, "F1234567N", nil},
		{"NRIC_G", checkdigit.NRIC, "G1234567X", nil},
		{"NRICPrefix", checkdigit.NRIC, "A1234567D", rng},
		{"UENBusiness", checkdigit.UEN, "00192200M", nil},
		{"UENLocal", checkdigit.UEN, "197401143C", nil},
		{"UENOther", checkdigit.UEN, "S16FC0121D", nil},
		{"UENOther2", checkdigit.UEN, "T01FC6132D", nil},
		{"UENBusinessOff", checkdigit.UEN, "00192200X", sum},
		{"UENOtherType", checkdigit.UEN, "S16ZZ0121D", rng},

		{"Aadhaar", checkdigit.Aadhaar, "234123412346", nil},
		{"AadhaarOff", checkdigit.Aadhaar, "234123412347", sum},
		{"AadhaarLeadingOne", checkdigit.Aadhaar, "123412341234", rng},
		{"AadhaarPalindrome", checkdigit.Aadhaar, "222222222222", rng},
		{"PAN", checkdigit.PAN, "ACUPA7085R", nil},
		{"PANHolder", checkdigit.PAN, "ABMXA3211G", rng},
		{"PANSerialZero", checkdigit.PAN, "ACUPA0000R", rng},
		{"PANDigitLast", checkdigit.PAN, "ABMPA32111", format},
		{"GSTIN", checkdigit.GSTIN, "27AAPFU0939F1ZV", nil},
		{"GSTINOff", checkdigit.GSTIN, "27AAPFU0939F1ZO", sum},
		{"GSTINNoZ", checkdigit.GSTIN, "27AAPFU0939F1AV", rng},
		{"GSTINState", checkdigit.GSTIN, "67AAPFU0939F1ZV", rng},
		{"EPIC", checkdigit.EPIC, "WKH1186253", nil},
		{"EPICOff", checkdigit.EPIC, "WKH1186263", sum},
		{"EPICDigits", checkdigit.EPIC, "1231186253", format},

		{"RRN", kr, "9710139019902", nil},
		{"RRNOff", kr, "9710139019903", sum},
		{"RRNDate", kr, "9713139019902", rng},
		{"BRN", checkdigit.BRNKR, "1168200276", nil},
		{"BRNOff", checkdigit.BRNKR, "1168200277", sum},
		{"BRNOffice", checkdigit.BRNKR, "0998200276", rng},

		{"TNIN", checkdigit.TNIN, "3100600445635", nil},
		{"TNIN2", checkdigit.TNIN, "1234545678781", nil},
		{"TNINOff", checkdigit.TNIN, "1234545678789", sum},
		{"TNINFirstDigit", checkdigit.TNIN, "9234545678781", rng},

		{"IDZA", checkdigit.IDZA, "7503305044089", nil},
		{"IDZAOff", checkdigit.IDZA, "8503305044089", sum},
		{"IDZADate", checkdigit.IDZA, "7513305044089", rng},
		{"NINNG", checkdigit.NINNG, "12345678902", nil},
		{"NINNGOff", checkdigit.NINNG, "12345678903", sum},

		{"SIN", checkdigit.SIN, "046454286", nil},
		{"SIN2", checkdigit.SIN, "123456782", nil},
		{"SINOff", checkdigit.SIN, "046454287", sum},
		{"SINBusiness", checkdigit.SIN, "846454284", rng},
		{"CPF", checkdigit.CPF, "39053344705", nil},
		{"CPFOff", checkdigit.CPF, "23100299900", sum},
		{"CPFRepeated", checkdigit.CPF, "11111111111", rng},
		{"CNPJ", checkdigit.CNPJ, "16727230000197", nil},
		{"CNPJOff", checkdigit.CNPJ, "16727230000198", sum},
		{"RICCN", checkdigit.RICCN, "360426199101010071", nil},
		{"RICCNX", checkdigit.RICCN, "11010519491231002X", nil},
		{"RICCNOff", checkdigit.RICCN, "360426199101010072", sum},
		{"RICCNDate", checkdigit.RICCN, "360426199113010071", rng},

		{"NPI", checkdigit.NPI, "1234567893", nil},
		{"NPIOff", checkdigit.NPI, "1234567894", sum},
		{"NPIPrefix", checkdigit.NPI, "3234567893", rng},
		{"DEA", checkdigit.DEA, "AB1234563", nil},
		{"DEANine", checkdigit.DEA, "A91234563", nil},
		{"DEAOff", checkdigit.DEA, "AB1234564", sum},
		{"DEAType", checkdigit.DEA, "ZB1234563", rng},
		{"MBI", checkdigit.MBI, "1EG4TE5MK73", nil},
		{"MBIDigitThird", checkdigit.MBI, "1E04TE5MK73", nil},
		{"MBILetterS", checkdigit.MBI, "1SG4TE5MK73", format},
		{"MBILeadingZero", checkdigit.MBI, "0EG4TE5MK73", format},

		{"KVNR", checkdigit.KVNR, "A123456780", nil},
		{"KVNROff", checkdigit.KVNR, "A123456781", sum},
		{"KVNRNoLetter", checkdigit.KVNR, "1123456780", format},
		{"PartitaIVA", checkdigit.PartitaIVA, "00743110157", nil},
		{"PartitaIVAOff", checkdigit.PartitaIVA, "00743110158", sum},
		{"PartitaIVAOffice", checkdigit.PartitaIVA, "00743115007", rng},
		{"CNP", checkdigit.CNP, "1630615123457", nil},
		{"CNPOff", checkdigit.CNP, "1630615123458", sum},
		{"CNPDate", checkdigit.CNP, "1632215123457", rng},
		{"CNPFirstDigit", checkdigit.CNP, "0800101221142", rng},
		{"PPS", checkdigit.PPS, "6433435F", nil},
		{"PPSWithT", checkdigit.PPS, "6433435FT", nil},
		{"PPS2013", checkdigit.PPS, "6433435OA", nil},
		{"PPSOff", checkdigit.PPS, "6433435E", sum},
		{"OrgnrSE", checkdigit.OrgnrSE, "5560360793", nil},
		{"OrgnrSE2", checkdigit.OrgnrSE, "1234567897", nil},
		{"OrgnrSEOff", checkdigit.OrgnrSE, "1234567891", sum},
		{"OrgnrSEMonthLike", checkdigit.OrgnrSE, "5512360793", rng},
		{"FodselsnummerNO", checkdigit.FodselsnummerNO, "15108695088", nil},
		{"FodselsnummerNOOff", checkdigit.FodselsnummerNO, "15108695077", sum},
		{"AHV", checkdigit.AHV, "7569217076985", nil},
		{"AHVOff", checkdigit.AHV, "7569217076984", sum},
		{"AHVCountry", checkdigit.AHV, "1234567891019", rng},
		{"DrivingLicenceUK", checkdigit.DrivingLicenceUK, "MORGA753116SM9IJ", nil},
		{"DrivingLicenceUKBadPadding", checkdigit.DrivingLicenceUK, "SM9TH753116SM9IJ", format},
		{"DrivingLicenceUKShortName", checkdigit.DrivingLicenceUK, "LI999562308J99TC", nil},
		{"DrivingLicenceUKMonth", checkdigit.DrivingLicenceUK, "MORGA713116SM9IJ", rng},
	}
	for _, tc := range tests {
		if err := tc.fn(tc.in); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s(%q) = %v, want %v", tc.name, tc.in, err, tc.want)
		}
	}
}

// TestCatalogueDigitMakers checks that each maker's output passes its own
// validator, so synthesisers built on them cannot drift.
func TestCatalogueDigitMakers(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"23412341234", "98765432101", "50000000000"} {
		if s := base + string(checkdigit.VerhoeffDigit(base)); !checkdigit.Verhoeff(s) {
			t.Errorf("VerhoeffDigit(%s) -> %s fails", base, s)
		}
	}
	if s := "27AAPFU0939F1Z"; checkdigit.GSTIN(s+string(checkdigit.GSTINCheck(s))) != nil {
		t.Errorf("GSTINCheck(%s) fails", s)
	}
	if s := "B98765432"; checkdigit.KVNR(s+string(checkdigit.KVNRCheckDigit(s))) != nil {
		t.Errorf("KVNRCheckDigit(%s) fails", s)
	}
	if s := "11010519491231002"; checkdigit.RICCN(s+string(checkdigit.RICCNCheck(s))) != nil {
		t.Errorf("RICCNCheck(%s) fails", s)
	}
	if s := "1234567"; checkdigit.PPS(s+string(checkdigit.PPSCheck(s, "A"))+"A") != nil {
		t.Errorf("PPSCheck(%s, A) fails", s)
	}
	if s := "756123456789"; checkdigit.AHV(s+string(checkdigit.EAN13Digit(s))) != nil {
		t.Errorf("EAN13Digit(%s) fails", s)
	}
}

func TestBirthNumberCZ(t *testing.T) {
	t.Parallel()
	for in, ok := range map[string]bool{"7103192745": true, "7153192742": false, "7103192746": false, "7113192745": false} {
		if got := checkdigit.BirthNumberCZ(in) == nil; got != ok {
			t.Errorf("BirthNumberCZ(%s) = %v, want %v", in, got, ok)
		}
	}
}
