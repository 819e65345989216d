package pii

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// formatCase expects value (found in text) to be reported as typ; an
// empty typ expects no finding overlapping value.
type formatCase struct{ text, value, typ string }

func runFormatCases(t *testing.T, cases []formatCase) {
	t.Helper()
	for _, tc := range cases {
		at := strings.Index(tc.text, tc.value)
		if at < 0 {
			t.Fatalf("bad case: %q not in %q", tc.value, tc.text)
		}
		var got []Finding
		for _, f := range Detect(tc.text, Options{}) {
			if f.Start < at+len(tc.value) && at < f.End {
				got = append(got, f)
			}
		}
		switch {
		case tc.typ == "" && len(got) > 0:
			t.Errorf("%q: want nothing on %q, got %s %q", tc.text, tc.value, got[0].Type, got[0].Value)
		case tc.typ != "" && (len(got) != 1 || got[0].Type != tc.typ || got[0].Value != tc.value):
			t.Errorf("%q: want %s %q, got %+v", tc.text, tc.typ, tc.value, got)
		}
	}
}

// TestTurkishPhoneFormats: the national ways of writing a Turkish number
// (trunk 0, mobile 5XX or an even-ending area code, Turkish grouping) are
// phones with or without a label; a business label in front sinks them.
func TestTurkishPhoneFormats(t *testing.T) {
	t.Parallel()
	runFormatCases(t, []formatCase{
		{"Bize 05441234567 numarasından ulaşabilirsiniz.", "05441234567", "phone_tr"},
		{"Müşteri hattı 0 543 765 43 21 hafta içi açık.", "0 543 765 43 21", "phone_tr"},
		{"Ankara ofis 0 (312) 444 12 34", "0 (312) 444 12 34", "phone_tr"},
		{"Merkez 0216 555 66 77 numaralı hat", "0216 555 66 77", "phone_tr"},
		{"Kurye 0555 321 9876 arayacak", "0555 321 9876", "phone_tr"},
		{"Phone: 05061112233", "05061112233", "phone_tr"},
		{"Tel: 0 (532) 987 65 43", "0 (532) 987 65 43", "phone_tr"},
		{"GSM: 0505-111-22-33", "0505-111-22-33", "phone_tr"},
		{"Telefon: 0232 463 10 10", "0232 463 10 10", "phone_tr"},
		{"Cep: 542 765 43 21", "542 765 43 21", "phone_tr"},
		{"Santral 0312.444.55.66", "0312.444.55.66", "phone_tr"},
		{"Phone: 0850 222 33 44", "0850 222 33 44", "phone_tr"},
		// without its trunk zero a mobile needs the label
		{"Adet 542 765 43 21", "542 765 43 21", ""},
		{"Fatura No: 05321234567", "05321234567", ""},
		{"Toplam 0 532 123 45 67", "0 532 123 45 67", ""},
		// an area code ending in an odd digit is not a Turkish one
		{"Ofis 0213 123 45 67", "0213 123 45 67", ""},
	})
}

// TestOtherNationalPhoneFormats: Israel, Japan, China and the
// Philippines, with the country code and in their national shapes.
func TestOtherNationalPhoneFormats(t *testing.T) {
	t.Parallel()
	runFormatCases(t, []formatCase{
		{"Our Kfar Saba office: 09-7412345", "09-7412345", "phone_il"},
		{"Call 052-7654321 after six", "052-7654321", "phone_il"},
		{"WhatsApp +972 52 765 4321", "+972 52 765 4321", "phone_il"},
		{"携帯 080-2345-6789", "080-2345-6789", "phone_jp"},
		{"Osaka branch 06-6345-7890", "06-6345-7890", "phone_jp"},
		{"Reach us on +81 3 5555 0123", "+81 3 5555 0123", "phone_jp"},
		{"手机 139 1234 5678", "139 1234 5678", "phone_cn"},
		{"Shanghai 021-61234567", "021-61234567", "phone_cn"},
		{"Tel: +86 10 8888 6666", "+86 10 8888 6666", "phone_cn"},
		{"Text me at 0928 555 0199", "0928 555 0199", "phone_ph"},
		{"Mobile: 09285550199", "09285550199", "phone_ph"},
		{"Manila +63 2 8123 4567", "+63 2 8123 4567", "phone_ph"},
		// a German free-phone number is not a Chinese landline
		{"Kundenservice 0800-12345678", "0800-12345678", ""},
		// eleven digits starting 09 without a label: an Italian VAT body as often as a phone
		{"<IdCodice>09876543217</IdCodice>", "09876543217", ""},
	})
}

// TestIBANFormats: spaced after the country code, grouped irregularly,
// in lower case, with letters in the last group.
func TestIBANFormats(t *testing.T) {
	t.Parallel()
	mk := func(cc, bban string) string { return cc + checkdigit.IBANCheckDigits(cc, bban) + bban }
	de, gb, sc := mk("DE", "500105175407324931"), mk("GB", "NWBK60161331926819"), mk("SC", "SSCB11010000000000001497USD")
	runFormatCases(t, []formatCase{
		{"IBAN " + de[:2] + " " + de[2:4] + " " + grouped4(de[4:]) + " bitte", de[:2] + " " + de[2:4] + " " + grouped4(de[4:]), "iban_intl"},
		{"Konto " + de[:4] + " " + de[4:12] + " " + de[12:] + " (Sparkasse)", de[:4] + " " + de[4:12] + " " + de[12:], "iban_intl"},
		{"pay to " + strings.ToLower(de) + " today", strings.ToLower(de), "iban_intl"},
		{"pay to " + strings.ToLower(grouped4(gb)) + " today", strings.ToLower(grouped4(gb)), "iban_intl"},
		{"Account " + grouped4(sc) + " held in USD", grouped4(sc), "iban"},
		{"IBAN: " + de[:2] + "-" + de[2:], de[:2] + "-" + de[2:], "iban_intl"},
	})
}

// TestIdentityFormats: the German card serial, Swedish personnummer
// forms, IPv4 with CIDR and IPv6 in its compressed forms.
func TestIdentityFormats(t *testing.T) {
	t.Parallel()
	runFormatCases(t, []formatCase{
		{"Personalausweis-Nr.: L01X00T47", "L01X00T47", "national_id_de"},
		{"Ausweisnummer T22000129, gültig bis 2031", "T22000129", "national_id_de"},
		{"Seriennummer T22000129", "T22000129", ""},
		{"Personnummer: 196408233234", "196408233234", "national_id_se"},
		{"personnummer 6408233234", "6408233234", "national_id_se"},
		{"Personnummer 19640823-3234", "19640823-3234", "national_id_se"},
		{"Personnummer 640823-3234", "640823-3234", "national_id_se"},
		{"allow 10.20.0.0/16 only", "10.20.0.0/16", "ip"},
		{"host 203.0.113.9/32 blocked", "203.0.113.9/32", "ip"},
		{"odd 10.1.0.0/123 suffix", "10.1.0.0", "ip"},
		{"peer ::1 answered", "::1", "ip_v6"},
		{"link fe80::1ff:fe23:4567:890a%eth2 up", "fe80::1ff:fe23:4567:890a%eth2", "ip_v6"},
		{"net 2001:db8:1234::/48 routed", "2001:db8:1234::/48", "ip_v6"},
		{"mapped ::ffff:203.0.113.7 seen", "::ffff:203.0.113.7", "ip_v6"},
		{"trailing 2001:db8::7:", "2001:db8::7", "ip_v6"},
		{"[2001:db8::5]:8443", "2001:db8::5", "ip_v6"},
		{"std::string and Foo::bar", "std::string", ""},
		{"meet at 10:30:00", "10:30:00", ""},
		{"mac 00:1a:2b:3c:4d:5e", "00:1a:2b:3c:4d:5e", "mac_address"}, // a MAC address, not an IPv6 one
	})
}

// TestBICFormats: banks of any ISO country, after any label spelling,
// and unlabelled when a digit or the XXX branch shows it is a code.
func TestBICFormats(t *testing.T) {
	t.Parallel()
	runFormatCases(t, []formatCase{
		{"SWIFT: CITIUS33", "CITIUS33", "bic"},
		{"BIC code: BOTKJPJT", "BOTKJPJT", "bic"},
		{"Swift Kodu: AKBKTRIS", "AKBKTRIS", "bic"},
		{"BIC/SWIFT\nSBININBB", "SBININBB", "bic"},
		{`"bic": "NEDSZAJJ",`, "NEDSZAJJ", "bic"},
		{"swift code is bcbaarba", "bcbaarba", "bic"},
		{"Wire to CHASUS33XXX by noon", "CHASUS33XXX", "bic"},
		{"Beneficiary bank ANZBAU3M", "ANZBAU3M", "bic"},
		{"CONTRACT DELIVERY TERMS", "DELIVERY", ""},
		{"SWIFT code for this transfer: BNPAFRPP", "BNPAFRPP", "bic"},
		{"IBAN DE89 3704 0044 0532 0130 00 COBADEFF", "COBADEFF", "bic"},
		{"IBAN DE89 3704 0044 0532 0130 00 CUSTOMER 4711", "CUSTOMER", ""},
		{"BIC: ABCDZZ22", "ABCDZZ22", ""}, // ZZ is no country
		{"Order PRODUS01", "PRODUS01", ""},
	})
}

// TestVATFormats: prefixes written apart, with a colon, dots, the Belgian
// bracketed zero and the Austrian U; a check digit off is not a VAT id.
func TestVATFormats(t *testing.T) {
	t.Parallel()
	runFormatCases(t, []formatCase{
		{"Supplier VAT CZ 25123891", "CZ 25123891", "vat_eu"},
		{"Firma BG: 175074752", "BG: 175074752", "vat_eu"},
		{"BTW BE (0)403.170.701", "BE (0)403.170.701", "vat_eu"},
		{"TVA BE 0403.170.701", "BE 0403.170.701", "vat_eu"},
		{"UID ATU 1358 5627", "ATU 1358 5627", "vat_eu"},
		{"VAT IE 6433435F", "IE 6433435F", "vat_eu"},
		{"ΑΦΜ EL 094259216", "EL 094259216", "vat_eu"},
		{"PVM kodas LT 100001919017", "LT 100001919017", "vat_eu"},
		{"Cod fiscal RO 185 472 90", "RO 185 472 90", "vat_eu"},
		{"ANUM HU-12892312", "HU-12892312", "vat_eu"},
		{"USt-IdNr. DE 136.695.976", "DE 136.695.976", "tax_id_de"},
		{"Partita IVA: IT 00743110157", "IT 00743110157", "tax_id_it"},
		{"VAT Reg GB 980 7806 84", "GB 980 7806 84", "tax_id_uk"},
		{"UID CHE-116.356.041 MWST", "CHE-116.356.041", "vat_eu"},
		{"Supplier VAT CZ 25123890", "CZ 25123890", ""},
		{"VAT no MT 1167 9113", "MT 1167 9113", ""},
		{"ΑΦΜ EL 123456781", "EL 123456781", ""},
	})
}
