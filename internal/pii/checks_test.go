package pii

import (
	"math/big"
	"strings"
	"testing"
)

func compactOf(s string) []byte {
	return []byte(strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "", "/", "").Replace(s)))
}

func TestChecksums(t *testing.T) {
	t.Parallel()
	fi := func(b []byte) bool {
		c := &cand{compact: b, seps: sepDash, groups: []int{6, 4}}
		if len(c.compact) == 11 {
			c.groups, c.seps = []int{11}, 0
		}
		return validFI(c)
	}
	tests := []struct {
		name  string
		check func([]byte) bool
		value string
		want  bool
	}{
		{"TCKNValid", validTCKN, "10000000146", true},
		{"TCKNBadCheck", validTCKN, "10000000147", false},
		{"TCKNLeadingZero", validTCKN, "01000000146", false},
		{"VKNValid", validVKN, "5030620378", true},
		{"VKNBadCheck", validVKN, "5030620377", false},
		{"IBANDE", validIBAN, "DE89 3704 0044 0532 0130 00", true},
		{"IBANGB", validIBAN, "GB82 WEST 1234 5698 7654 32", true},
		{"IBANTR", validIBAN, "TR33 0006 1005 1978 6457 8413 26", true},
		{"IBANBadCheck", validIBAN, "DE89 3704 0044 0532 0130 01", false},
		{"IBANWrongLength", validIBAN, "DE89 3704 0044 0532 0130 0", false},
		{"LuhnValid", luhn, "4111111111111111", true},
		{"LuhnInvalid", luhn, "4111111111111112", false},
		{"BSNValid", elevenTest, "111222333", true},
		{"BSNInvalid", elevenTest, "123456789", false},
		{"NLVATValid", validNLVAT, "NL123456782B01", true},
		{"PESELValid", validPESEL, "44051401359", true},
		{"PESELBadCheck", validPESEL, "44051401358", false},
		{"PESELBadMonth", validPESEL, "44151401359", false},
		{"NIPValid", validNIP, "123-456-32-18", true},
		{"NIPInvalid", validNIP, "123-456-32-19", false},
		{"CodiceFiscaleValid", validCodiceFiscale, "RSSMRA85T10A562S", true},
		{"CodiceFiscaleBadCheck", validCodiceFiscale, "RSSMRA85T10A562T", false},
		{"CodiceFiscaleOmocodia", validCodiceFiscale, "RSSMRA85T10A56NH", true},
		{"NIRValid", validNIR, "2 55 08 14 168 025 38", true},
		{"NIRBadKey", validNIR, "2 55 08 14 168 025 39", false},
		{"SIRENValid", validSIREN, "732 829 320", true},
		{"SIRENInvalid", validSIREN, "732 829 321", false},
		{"SIRETValid", validSIRET, "732 829 320 00074", true},
		{"SIRETInvalid", validSIRET, "732 829 320 00075", false},
		{"SPIValid", validSPI, "21 16 491 377 406", true},
		{"SPIInvalid", validSPI, "21 16 491 377 407", false},
		{"DNIValid", validDNINIE, "12345678Z", true},
		{"DNIBadLetter", validDNINIE, "12345678A", false},
		{"NIEValid", validDNINIE, "X1234567L", true},
		{"CIFValid", validCIF, "A58818501", true},
		{"CIFInvalid", validCIF, "A58818502", false},
		{"PTNIFValid", validPTNIF, "501964843", true},
		{"PTNIFInvalid", validPTNIF, "501964844", false},
		{"SEValid", validSE, "811228-9874", true},
		{"SEBadLuhn", validSE, "811228-9875", false},
		{"SELongForm", validSE, "19811228-9874", true},
		{"DKValidDate", validDK, "010180-1234", true},
		{"DKBadDate", validDK, "320180-1234", false},
		{"FIValid", fi, "131052-308T", true},
		{"FIBadCheck", fi, "131052-308U", false},
		{"FICenturyA", fi, "010101A123N", true},
		{"BEValid", validBENN, "85.07.30-033.28", true},
		{"BEInvalid", validBENN, "85.07.30-033.29", false},
		{"NINOValid", validNINO, "AB 12 34 56 C", true},
		{"NINOBadPrefix", validNINO, "QQ 12 34 56 C", false},
		{"NINOBannedPair", validNINO, "GB 12 34 56 C", false},
		{"NINOBadSuffix", validNINO, "AB 12 34 56 E", false},
		{"NHSValid", func(b []byte) bool { return nhsCheck(b[:9]) == dv(b[9]) }, "943 476 5919", true},
		{"NHSInvalid", func(b []byte) bool { return nhsCheck(b[:9]) == dv(b[9]) }, "943 476 5918", false},
		{"UTRValid", validUTR, "1955839661", true},
		{"UTRInvalid", validUTR, "2955839661", false},
		{"SSNValid", validSSN, "536-22-1234", true},
		{"SSNArea666", validSSN, "666-22-1234", false},
		{"SSNArea9xx", validSSN, "912-22-1234", false},
		{"SSNGroup00", validSSN, "536-00-1234", false},
		{"ITINValid", validITIN, "912-70-1234", true},
		{"ITINBadGroup", validITIN, "912-93-1234", false},
		{"ABAValid", validABA, "011000015", true},
		{"ABAInvalid", validABA, "011000016", false},
		{"SteuerIDValid", validSteuerID, "86095742719", true},
		{"SteuerIDBadCheck", validSteuerID, "86095742718", false},
		{"SteuerIDNoRepeat", validSteuerID, "12345678903", false},
		{"PersonalausweisValid", validDEPersonalausweis, "T220001293", true},
		{"PersonalausweisBad", validDEPersonalausweis, "T220001294", false},
		{"RVNRValid", validRVNR, "73220890G041", true},
		{"RVNRBad", validRVNR, "73220890G042", false},
		{"ATSVValid", validATSV, "1237 010180", true},
		{"ATSVBad", validATSV, "1238 010180", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.check(compactOf(tc.value)); got != tc.want {
				t.Fatalf("%s: got %v, want %v", tc.value, got, tc.want)
			}
		})
	}
}

func TestNIRCorsica(t *testing.T) {
	t.Parallel()
	// 2A counts as 19 and 2B as 18 when computing the key.
	for _, tc := range []struct{ dept, num string }{{"2A", "19"}, {"2B", "18"}} {
		body := "18005" + tc.dept + "004004"
		n, _ := new(big.Int).SetString("18005"+tc.num+"004004", 10)
		key := 97 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
		good := body + d2(int(key))
		if !validNIR([]byte(good)) {
			t.Errorf("%s rejected", good)
		}
		bad := body + d2(int(key%97+1))
		if validNIR([]byte(bad)) {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestWallets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		want        bool
	}{
		{"BTCLegacy", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", true},
		{"BTCLegacyTypo", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", false},
		{"BTCP2SH", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", true},
		{"Bech32", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", true},
		{"Bech32Typo", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", false},
		{"ETHChecksummed", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", true},
		{"ETHLowerCase", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true},
		{"ETHBadCase", "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := validWallet(tc.value); got != tc.want {
				t.Fatalf("validWallet(%s) = %v", tc.value, got)
			}
		})
	}
}

func TestMRZ(t *testing.T) {
	t.Parallel()
	ex := byName["passport_mrz"].Example
	lines := strings.Split(ex, "\n")
	if !validMRZ([][]byte{[]byte(lines[0]), []byte(lines[1])}) {
		t.Fatal("ICAO specimen rejected")
	}
	bad := []byte(lines[1])
	bad[9] = '7'
	if validMRZ([][]byte{[]byte(lines[0]), bad}) {
		t.Fatal("broken document number check accepted")
	}
}
