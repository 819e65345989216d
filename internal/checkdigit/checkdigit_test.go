package checkdigit_test

import (
	"errors"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// verdict adapts the boolean algorithms to the table's error convention.
func verdict(f func(string) bool) func(string) error {
	return func(s string) error {
		if f(s) {
			return nil
		}
		return checkdigit.ErrChecksum
	}
}

// TestVectors runs every check against published sample numbers (IBAN
// registry examples, issuers' and Wikipedia specimens) and a broken
// variant of each; want is nil or the sentinel the failure must match.
func TestVectors(t *testing.T) {
	t.Parallel()
	var (
		format, length = checkdigit.ErrFormat, checkdigit.ErrLength
		rng, sum       = checkdigit.ErrRange, checkdigit.ErrChecksum
	)
	tests := []struct {
		name string
		fn   func(string) error
		in   string
		want error
	}{
		{"IBANGermany", checkdigit.IBAN, "DE89370400440532013000", nil},
		{"IBANUK", checkdigit.IBAN, "GB82WEST12345698765432", nil},
		{"IBANSaudi", checkdigit.IBAN, "SA0380000000608010167519", nil},
		{"IBANTurkiye", checkdigit.IBAN, "TR330006100519786457841326", nil},
		{"IBANNorwayShortest", checkdigit.IBAN, "NO9386011117947", nil},
		{"IBANMaltaLettersInBBAN", checkdigit.IBAN, "MT84MALT011000012345MTLCAST001S", nil},
		{"IBANRussiaLongest", checkdigit.IBAN, "RU0304452522540817810538091310419", nil},
		{"IBANOman", checkdigit.IBAN, "OM810180000001299123456", nil},
		{"IBANCheckDigitsOff", checkdigit.IBAN, "DE88370400440532013000", sum},
		{"IBANOneShort", checkdigit.IBAN, "DE8937040044053201300", length},
		{"IBANCountryWithout", checkdigit.IBAN, "US12345678901234567890", rng},
		{"IBANLowerCase", checkdigit.IBAN, "de89370400440532013000", format},
		{"IBANPunctuation", checkdigit.IBAN, "DE89-3704-0044-0532-01", format},
		{"IBANChecksumOnly", verdict(checkdigit.IBANChecksum), "GB82WEST12345698765432", nil},
		{"IBANChecksumOnlyOff", verdict(checkdigit.IBANChecksum), "GB82WEST12345698765433", sum},

		{"LuhnCard", verdict(checkdigit.Luhn), "4111111111111111", nil},
		{"LuhnWikipedia", verdict(checkdigit.Luhn), "79927398713", nil},
		{"LuhnOff", verdict(checkdigit.Luhn), "79927398710", sum},
		{"LuhnNotDigits", verdict(checkdigit.Luhn), "4111-1111", sum},
		{"LuhnEmpty", verdict(checkdigit.Luhn), "", sum},
		{"Mod11_10SteuerID", verdict(checkdigit.Mod11_10), "86095742719", nil},
		{"Mod11_10CroatianOIB", verdict(checkdigit.Mod11_10), "12345678903", nil},
		{"Mod11_10Off", verdict(checkdigit.Mod11_10), "12345678904", sum},

		{"BIC8", checkdigit.BIC, "DEUTDEFF", nil},
		{"BIC11", checkdigit.BIC, "COBADEFFXXX", nil},
		{"BICDigitInBank", checkdigit.BIC, "DEU1DEFF", format},
		{"BIC9", checkdigit.BIC, "DEUTDEFF5", length},
		{"ABAChase", checkdigit.ABA, "021000021", nil},
		{"ABABankOfAmerica", checkdigit.ABA, "011000015", nil},
		{"ABAOff", checkdigit.ABA, "021000022", sum},
		{"ABAPrefix", checkdigit.ABA, "500000005", rng},
		{"ABAShort", checkdigit.ABA, "02100002", format},
		{"SSN", checkdigit.SSN, "536904399", nil},
		{"SSNArea666", checkdigit.SSN, "666123456", checkdigit.ErrSSNArea},
		{"SSNArea9xx", checkdigit.SSN, "912123456", checkdigit.ErrSSNArea},
		{"SSNGroup00", checkdigit.SSN, "536004399", checkdigit.ErrSSNGroup},
		{"SSNSerial0000", checkdigit.SSN, "536900000", checkdigit.ErrSSNSerial},
		{"ITIN", checkdigit.ITIN, "912701234", nil},
		{"ITINGroup93", checkdigit.ITIN, "912931234", rng},
		{"EIN", checkdigit.EIN, "123456789", nil},
		{"EINPrefix07", checkdigit.EIN, "073456789", rng},

		{"TCKN", checkdigit.TCKN, "10000000146", nil},
		{"TCKNTenthOff", checkdigit.TCKN, "10000000156", sum},
		{"TCKNLeadingZero", checkdigit.TCKN, "01000000146", format},
		{"VKN", checkdigit.VKN, "1234567890", nil},
		{"VKNShiftedToNine", checkdigit.VKN, "0123456789", nil},
		{"VKNOff", checkdigit.VKN, "1234567891", sum},

		{"DNI", checkdigit.DNI, "12345678Z", nil},
		{"DNIWrongLetter", checkdigit.DNI, "12345678A", sum},
		{"NIE", checkdigit.NIE, "X1234567L", nil},
		{"NIEY", checkdigit.NIE, "Y7654321G", nil},
		{"NIEBadLead", checkdigit.NIE, "W1234567L", format},
		{"CIFCompany", checkdigit.CIF, "A58818501", nil},
		{"CIFPublicBodyLetter", checkdigit.CIF, "Q2826000H", nil},
		{"CIFPublicBodyNeedsLetter", checkdigit.CIF, "Q28260008", sum},
		{"CIFCompanyNeedsDigit", checkdigit.CIF, "A5800467B", sum},
		{"CIFBadOrganisation", checkdigit.CIF, "I12345674", format},
		{"NIFPT", checkdigit.NIFPT, "501964843", nil},
		{"NIFPTOff", checkdigit.NIFPT, "501964844", sum},
		{"NIFPTPrefix4", checkdigit.NIFPT, "401964843", rng},

		{"SIREN", checkdigit.SIREN, "732829320", nil},
		{"SIRENOff", checkdigit.SIREN, "732829321", sum},
		{"SIRET", checkdigit.SIRET, "73282932000074", nil},
		{"SIRETOff", checkdigit.SIRET, "73282932000075", sum},
		{"SIRETLaPosteDigitSum", checkdigit.SIRET, "35600000000001", nil},
		{"NIR", checkdigit.NIR, "255081416802538", nil},
		{"NIRKeyOff", checkdigit.NIR, "255081416802539", sum},
		{"NIRBadSex", checkdigit.NIR, "455081416802538", format},
		{"SPI", checkdigit.SPI, "2116491377406", nil},
		{"SPIOff", checkdigit.SPI, "2116491377407", sum},
		{"BSN", checkdigit.BSN, "111222333", nil},
		{"BSNOff", checkdigit.BSN, "123456789", sum},
		{"BSNZeros", checkdigit.BSN, "000000000", format},
		{"RRN", checkdigit.RRN, "85073003328", nil},
		{"RRNOff", checkdigit.RRN, "85073003329", sum},
		{"SteuerID", checkdigit.SteuerID, "86095742719", nil},
		{"SteuerIDNoRepeat", checkdigit.SteuerID, "12345678903", sum},
		{"IDCardDE", checkdigit.IDCardDE, "T220001293", nil},
		{"IDCardDEOff", checkdigit.IDCardDE, "T220001294", sum},
		{"RVNR", checkdigit.RVNR, "73220890G041", nil},
		{"RVNROff", checkdigit.RVNR, "73220890G042", sum},
		{"SVNR", checkdigit.SVNR, "1237010180", nil},
		{"SVNROff", checkdigit.SVNR, "1238010180", sum},
		{"CodiceFiscale", checkdigit.CodiceFiscale, "RSSMRA85T10A562S", nil},
		{"CodiceFiscaleOmocodia", checkdigit.CodiceFiscale, "RSSMRA85T10A56NH", nil},
		{"CodiceFiscaleOff", checkdigit.CodiceFiscale, "RSSMRA85T10A562T", sum},
		{"Personnummer", checkdigit.Personnummer, "8112289874", nil},
		{"PersonnummerLong", checkdigit.Personnummer, "198112289874", nil},
		{"PersonnummerOff", checkdigit.Personnummer, "8112289875", sum},
		{"CPR", checkdigit.CPR, "0101801234", nil},
		{"CPRBadDate", checkdigit.CPR, "3201801234", format},
		{"HETU", checkdigit.HETU, "131052-308T", nil},
		{"HETUCenturyA", checkdigit.HETU, "010101A123N", nil},
		{"HETUOff", checkdigit.HETU, "131052-308U", sum},
		{"PESEL", checkdigit.PESEL, "44051401359", nil},
		{"PESELOff", checkdigit.PESEL, "44051401358", sum},
		{"PESELBadMonth", checkdigit.PESEL, "44151401359", format},
		{"NIP", checkdigit.NIP, "1234563218", nil},
		{"NIPOff", checkdigit.NIP, "1234563219", sum},
		{"NINO", checkdigit.NINO, "AB123456C", nil},
		{"NINOHMRCSpecimenPrefix", checkdigit.NINO, "QQ123456C", rng},
		{"NINOBadSuffix", checkdigit.NINO, "AB123456E", format},
		{"UTR", checkdigit.UTR, "1955839661", nil},
		{"UTROff", checkdigit.UTR, "2955839661", sum},
		{"NHS", checkdigit.NHS, "9434765919", nil},
		{"NHSOff", checkdigit.NHS, "9434765918", sum},

		{"VATAT", checkdigit.VATAT, "U13585627", nil},
		{"VATATOff", checkdigit.VATAT, "U13585628", sum},
		{"VATBE", checkdigit.VATBE, "0403170701", nil},
		{"VATBEOff", checkdigit.VATBE, "0403170702", sum},
		{"VATDK", checkdigit.VATDK, "13585628", nil},
		{"VATDKOff", checkdigit.VATDK, "13585629", sum},
		{"VATFI", checkdigit.VATFI, "20774740", nil},
		{"VATFIRemainder1", checkdigit.VATFI, "10000080", sum},
		{"VATFR", checkdigit.VATFR, "44732829320", nil},
		{"VATFRKeyOff", checkdigit.VATFR, "45732829320", sum},
		{"VATFRAlphanumericKey", checkdigit.VATFR, "K7399859412", nil},
		{"VATLU", checkdigit.VATLU, "12345613", nil},
		{"VATLUOff", checkdigit.VATLU, "12345614", sum},
		{"VATNLElevenTest", checkdigit.VATNL, "004495445B01", nil},
		{"VATNLMod97", checkdigit.VATNL, "000099998B57", nil},
		{"VATNLOff", checkdigit.VATNL, "004495446B01", sum},
		{"VATSK", checkdigit.VATSK, "2020123457", nil},
		{"VATSKOff", checkdigit.VATSK, "2020123458", sum},
		{"VATCH", checkdigit.VATCH, "E116356041", nil},
		{"VATCHOff", checkdigit.VATCH, "E116356042", sum},
		{"VATNO", checkdigit.VATNO, "974537168", nil},
		{"VATNOOff", checkdigit.VATNO, "974537169", sum},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.fn(tc.in)
			if (got == nil) != (tc.want == nil) || (tc.want != nil && !errors.Is(got, tc.want)) {
				t.Fatalf("%s: got %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

// TestDigitMakers checks that each function that computes a check digit
// produces the one its validator then accepts.
func TestDigitMakers(t *testing.T) {
	t.Parallel()
	nip, _ := checkdigit.NIPCheckDigit("123456321")
	nhs, _ := checkdigit.NHSCheckDigit("943476591")
	bsn, _ := checkdigit.BSNCheckDigit("11122233")
	key, _ := checkdigit.NIRKey("2550814168025")
	tests := []struct {
		name, got, want string
	}{
		{"IBANCheckDigits", checkdigit.IBANCheckDigits("DE", "370400440532013000"), "89"},
		{"IBANCheckDigitsLeadingZero", checkdigit.IBANCheckDigits("SA", "80000000608010167519"), "03"},
		{"LuhnDigit", string(checkdigit.LuhnDigit("7992739871")), "3"},
		{"TCKNCheckDigits", checkdigit.TCKNCheckDigits("100000001"), "46"},
		{"VKNCheckDigit", string(checkdigit.VKNCheckDigit("123456789")), "0"},
		{"DNILetter", string(checkdigit.DNILetter("12345678")), "Z"},
		{"CIFControlsEither", checkdigit.CIFControls('G', "1234567"), "4D"},
		{"NIFPTCheckDigit", string(checkdigit.NIFPTCheckDigit("50196484")), "3"},
		{"NIRKey", string(rune('0'+key/10)) + string(rune('0'+key%10)), "38"},
		{"PESELCheckDigit", string(checkdigit.PESELCheckDigit("4405140135")), "9"},
		{"NIPCheckDigit", string(nip), "8"},
		{"NHSCheckDigit", string(nhs), "9"},
		{"BSNCheckDigit", string(bsn), "3"},
		{"UTRCheckDigit", string(checkdigit.UTRCheckDigit("955839661")), "1"},
		{"HETUCheck", string(checkdigit.HETUCheck("131052308")), "T"},
		{"CodiceFiscaleCheck", string(checkdigit.CodiceFiscaleCheck("RSSMRA85T10A562")), "S"},
		{"RVNRCheckDigit", string(checkdigit.RVNRCheckDigit("73220890G04")), "1"},
		{"MRZDigitICAOSpecimen", string(checkdigit.MRZDigit("L898902C3")), "6"},
		{"MRZDigitFiller", string(checkdigit.MRZDigit("D23145890<<<")), string(checkdigit.MRZDigit("D23145890"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.got != tc.want {
				t.Fatalf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

// TestIBANTable guards the registry table: every country has a length
// within ISO 13616's bounds and an IBAN built for it validates.
func TestIBANTable(t *testing.T) {
	t.Parallel()
	cs := checkdigit.IBANCountries()
	if len(cs) < 89 {
		t.Fatalf("registry has %d countries, want at least 89", len(cs))
	}
	for _, cc := range cs {
		n, ok := checkdigit.IBANLength(cc)
		if !ok || n < checkdigit.IBANMinLen || n > checkdigit.IBANMaxLen {
			t.Fatalf("%s: length %d, ok %v", cc, n, ok)
		}
		bban := checkdigit.BBANFromDigits(cc, "1234567890123456789012345678901234")
		if f, _ := checkdigit.BBANFormat(cc); len(bban) != n-4 {
			t.Fatalf("%s: BBAN format %s gives %d characters, the length table %d", cc, f, len(bban), n-4)
		}
		if err := checkdigit.IBAN(cc + checkdigit.IBANCheckDigits(cc, bban) + bban); err != nil {
			t.Errorf("%s: built IBAN refused: %v", cc, err)
		}
	}
}

// TestBBANStructure checks IBANs whose mod 97 holds but whose BBAN has
// the wrong class of character for the country: the registry's
// structure refuses them.
func TestBBANStructure(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cc, bban string
		want     error
	}{
		{"DE", "370400440532013000", nil},
		{"DE", "37040044053201300A", checkdigit.ErrFormat}, // German account numbers are digits
		{"GB", "WEST12345698765432", nil},
		{"GB", "1234WEST5698765432", checkdigit.ErrFormat}, // the sort code's bank part is letters
		{"NL", "ABNA0417164300", nil},
		{"NL", "0417164300ABNA", checkdigit.ErrFormat},
		{"FR", "20041010050500013M02606", nil}, // 11c: the account may hold letters
		{"FR", "2004101005050001300260A", checkdigit.ErrFormat},
		{"MT", "MALT011000012345MTLCAST001S", nil},
	} {
		iban := tc.cc + checkdigit.IBANCheckDigits(tc.cc, tc.bban) + tc.bban
		if err := checkdigit.BBAN(iban); !errors.Is(err, tc.want) && err != tc.want {
			t.Errorf("BBAN(%s) = %v, want %v", iban, err, tc.want)
		}
		if tc.want != nil && checkdigit.IBANChecksum(iban) && checkdigit.IBAN(iban) == nil {
			t.Errorf("IBAN(%s) passed mod 97 with a malformed BBAN and was accepted", iban)
		}
	}
}

// TestBICWithCountry: banks of every continent pass, including countries
// without IBANs; a country code ISO never assigned does not.
func TestBICWithCountry(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"DEUTDEFF", "CHASUS33XXX", "BKCHCNBJ", "HSBCHKHH", "SBININBB", "BOTKJPJT",
		"NEDSZAJJ", "BCBAARBA", "CITIMXMM", "ANZBAU3M", "NBADAEAA", "KOEXKRSE", "BNORPHMM"} {
		if err := checkdigit.BICWithCountry(v); err != nil {
			t.Errorf("%s: %v", v, err)
		}
	}
	for _, v := range []string{"DEUTZZFF", "ABCDXXFF", "DEUTDEF", "DEU1DEFF"} {
		if checkdigit.BICWithCountry(v) == nil {
			t.Errorf("%s accepted", v)
		}
	}
}
