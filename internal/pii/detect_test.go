package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDetectInContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text, typ, value string
	}{
		{"TCKNTurkishLabel", "T.C. Kimlik No: 10000000146", "national_id_tr", "10000000146"},
		{"TCKNSpaced", "TCKN 100 000 001 46 olarak kayıtlı", "national_id_tr", "100 000 001 46"},
		{"TCKNNoLabel", "Kişi 10000000146 numarası ile", "national_id_tr", "10000000146"},
		{"VKNWithLabel", "Vergi Kimlik No: 5030620378", "tax_id_tr", "5030620378"},
		{"IBANDashed", "IBAN DE89-3704-0044-0532-0130-00 bitte", "iban_intl", "DE89-3704-0044-0532-0130-00"},
		{"IBANCompact", "pay to GB82WEST12345698765432 today", "iban_intl", "GB82WEST12345698765432"},
		{"IBANGeneric", "Saudi account SA03 8000 0000 6080 1016 7519.", "iban", "SA03 8000 0000 6080 1016 7519"},
		{"CardDashed", "Karte: 5500-0000-0000-0004", "credit_card", "5500-0000-0000-0004"},
		{"PhoneTRParens", "Tel: (0212) 555 12 34", "phone_tr", "(0212) 555 12 34"},
		{"PhoneTRIntl", "call +90 532 123 45 67 now", "phone_tr", "+90 532 123 45 67"},
		{"PhoneDEIntl00", "Telefon 0049 30 12345678", "phone_de", "0049 30 12345678"},
		{"PhoneFRLabel", "Téléphone : 06 12 34 56 78", "phone_fr", "06 12 34 56 78"},
		{"PhoneUSDashed", "Phone: (212) 555-0147", "phone_us", "(212) 555-0147"},
		{"PhoneIntlOther", "WhatsApp +971 50 123 4567", "phone_intl", "+971 50 123 4567"},
		{"SteuerIDLabel", "Steuer-ID: 86 095 742 719", "tax_id_de", "86 095 742 719"},
		{"NIRSpaced", "N° de sécurité sociale : 2 55 08 14 168 025 38", "social_id_fr", "2 55 08 14 168 025 38"},
		{"SIRETGrouped", "SIRET 732 829 320 00074", "siret_fr", "732 829 320 00074"},
		{"CodiceFiscale", "Codice Fiscale: RSSMRA85T10A562S", "tax_id_it", "RSSMRA85T10A562S"},
		{"BSNLabel", "BSN: 1112.22.333", "national_id_nl", "1112.22.333"},
		{"NLVAT", "btw-nummer NL123456782B01", "tax_id_nl", "NL123456782B01"},
		{"BENN", "Rijksregisternummer 85.07.30-033.28", "national_id_be", "85.07.30-033.28"},
		{"DNIDashed", "DNI: 12345678-Z", "national_id_es", "12345678-Z"},
		{"NIE", "NIE X-1234567-L", "national_id_es", "X-1234567-L"},
		{"CIF", "CIF: A58818501", "tax_id_es", "A58818501"},
		{"PESEL", "PESEL: 44051401359", "national_id_pl", "44051401359"},
		{"NIPDashed", "NIP 123-456-32-18", "tax_id_pl", "123-456-32-18"},
		{"PTNIFLabel", "NIF: 501 964 843", "tax_id_pt", "501 964 843"},
		{"SEPersonnummer", "Personnummer: 811228-9874", "national_id_se", "811228-9874"},
		{"DKCPR", "CPR-nr. 010180-1234", "national_id_dk", "010180-1234"},
		{"FIHETU", "Henkilötunnus 131052-308T", "national_id_fi", "131052-308T"},
		{"NINO", "National Insurance number AB 12 34 56 C", "social_id_uk", "AB 12 34 56 C"},
		{"NHS", "NHS number 943 476 5919", "nhs_uk", "943 476 5919"},
		{"SSN", "SSN: 536-22-1234", "ssn", "536-22-1234"},
		{"SSNLabelBare", "Social Security Number 536221234", "ssn", "536221234"},
		{"ITIN", "ITIN 912-70-1234", "itin_us", "912-70-1234"},
		{"EIN", "EIN: 12-3456789", "tax_id_us", "12-3456789"},
		{"ABA", "Routing number 011000015", "aba_routing_us", "011000015"},
		{"Email", "write to jane.doe+x@mail.example.co.uk.", "email", "jane.doe+x@mail.example.co.uk"},
		{"IPv4", "server 10.0.12.7 answered", "ip", "10.0.12.7"},
		{"IPv6", "from 2001:db8::ff00:42:8329 via", "ip_v6", "2001:db8::ff00:42:8329"},
		{"NameTR", "Adı Soyadı: Ayşe Nur Yılmaz\n", "name", "Ayşe Nur Yılmaz"},
		{"NameHonorificDE", "Sehr geehrte Frau Schneider,", "name", "Schneider"},
		{"NameFR", "Nom : Jean-Pierre Dupont\n", "name", "Jean-Pierre Dupont"},
		{"NameParticle", "Naam: Jan van der Berg\n", "name", "Jan van der Berg"},
		{"AddressDE", "Anschrift: Hauptstraße 12, 10115 Berlin\nTel", "address", "Hauptstraße 12, 10115 Berlin"},
		{"AddressTwoLines", "Address: 221B Baker Street\n75008 Paris\n", "address", "221B Baker Street\n75008 Paris"},
		{"DOBNumeric", "Date of birth: 14/03/1985", "date_of_birth", "14/03/1985"},
		{"DOBTextES", "Fecha de nacimiento: 5 de marzo de 1990", "date_of_birth", "5 de marzo de 1990"},
		{"BIC", "BIC/SWIFT: COBADEFFXXX", "bic", "COBADEFFXXX"},
		{"Plate", "Araç plakası 06 AB 1234", "licence_plate_tr", "06 AB 1234"},
		{"Province", "Kadıköy/İstanbul", "province_tr", "İstanbul"},
		{"Company", "Satıcı: Deniz Lojistik Ltd. Şti. tarafından", "company_name_tr", "Deniz Lojistik Ltd. Şti."},
		{"MersisLabel", "MERSIS No: 0886215989900045", "mersis_no", "0886215989900045"},
		{"PostalCodeTR", "Posta Kodu: 34710", "postal_code_tr", "34710"},
		{"Wallet", "BTC: bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "crypto_wallet", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := Detect(tc.text, Options{})
			for _, f := range fs {
				if f.Type == tc.typ && f.Value == tc.value {
					if tc.text[f.Start:f.End] != f.Value {
						t.Fatalf("offsets %d:%d do not match value", f.Start, f.End)
					}
					return
				}
			}
			t.Fatalf("want %s %q, got %+v", tc.typ, tc.value, fs)
		})
	}
}

func TestDetectRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, text string }{
		{"InvoiceNumber", "Invoice No: 5030620378"},
		{"OrderNumberLuhn", "Order 4111111111111111 shipped"},
		{"TCKNBadChecksum", "TC Kimlik No: 10000000147"},
		{"IBANBadChecksum", "IBAN: DE89 3704 0044 0532 0130 01"},
		{"Amount", "Total: 1.234.567,89 EUR"},
		{"DateWithoutLabel", "Delivered on 14.03.2024"},
		{"NationalPhoneNoLabel", "Ref 0532 123 45 67"},
		{"LongerNumber", "Ref: 100000001460"},
		{"GluedToNumber", "Batch 10000000146-77"},
		{"VersionNumber", "version 1.2.3"},
		{"BareNineDigits", "Qty 536221234 pcs"},
		{"NameNotAfterLabel", "the name of the game"},
		{"CompanyName", "Company Name: Acme GmbH"},
		{"CustomerService", "Please call Customer Service Team today"},
		{"DearSirOrMadam", "Dear Sir or Madam,"},
		{"GermanSalutation", "Sehr geehrte Damen und Herren,"},
		{"TurkishSalutation", "Sayın Yetkili,"},
		{"ProvinceLowercase", "bir van geldi"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if fs := Detect(tc.text, Options{}); len(fs) != 0 {
				t.Fatalf("unexpected findings %+v", fs)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	t.Parallel()
	text := "TCKN 10000000146, SSN 536-22-1234, Steuer-ID 86095742719, mail a@b.io"
	types := func(o Options) string {
		var out []string
		for _, f := range Detect(text, o) {
			out = append(out, f.Type)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"All", Options{}, "national_id_tr,ssn,tax_id_de,email"},
		{"LocaleAll", Options{Locale: "all"}, "national_id_tr,ssn,tax_id_de,email"},
		{"LocaleUnd", Options{Locale: "und"}, "national_id_tr,ssn,tax_id_de,email"},
		{"LocaleTR", Options{Locale: "tr-TR"}, "national_id_tr,email"},
		{"LocaleDE", Options{Locale: "de"}, "tax_id_de,email"},
		{"LocaleEnUS", Options{Locale: "en_US"}, "ssn,email"},
		{"JurisdictionUS", Options{Jurisdictions: []string{"us"}}, "ssn"},
		{"Types", Options{Types: []string{"email", "ssn"}}, "ssn,email"},
		{"UnknownTypeSkipped", Options{Types: []string{"email", "dna"}}, "email"},
		{"OnlyUnknownTypes", Options{Types: []string{"dna"}}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := types(tc.opts); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestGenericFallbacks(t *testing.T) {
	t.Parallel()
	// With the specific type filtered out, the generic one still reports.
	fs := Detect("IBAN DE89 3704 0044 0532 0130 00", Options{Jurisdictions: []string{"global"}})
	if len(fs) != 1 || fs[0].Type != "iban" {
		t.Fatalf("got %+v", fs)
	}
	fs = Detect("Tel +49 30 12345678", Options{Jurisdictions: []string{"global"}})
	if len(fs) != 1 || fs[0].Type != "phone_intl" {
		t.Fatalf("got %+v", fs)
	}
}

func TestValidateOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		ok   bool
	}{
		{"Empty", Options{}, true},
		{"UnknownJurisdiction", Options{Jurisdictions: []string{"mars"}}, false},
		{"UnknownType", Options{Types: []string{"dna"}}, false},
		{"Known", Options{Types: []string{"iban"}, Jurisdictions: []string{"eu"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if err := ValidateOptions(tc.opts); (err == nil) != tc.ok {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestOffsetsOnRuneBoundaries(t *testing.T) {
	t.Parallel()
	text := "Müşteri: Çağla Öztürk — TCKN 10000000146 — İstanbul/Türkiye 🙂 e-posta çağla@örnek.com.tr"
	for _, f := range Detect(text, Options{}) {
		if !utf8.RuneStart(text[f.Start]) || (f.End < len(text) && !utf8.RuneStart(text[f.End])) {
			t.Fatalf("finding %+v splits a rune", f)
		}
	}
}

func TestPhoneCountryFromGrouping(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, text, typ string }{
		{"FrenchPairs", "Tél. 01 42 68 53 00", "phone_fr"},
		{"TurkishTail", "Tel: 0212 555 12 34", "phone_tr"},
		{"UKThreeFourFour", "Tel: 020 7946 0958", "phone_uk"},
		{"SpanishPairs", "Tel. 612 34 56 78", "phone_es"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fs := Detect(tc.text, Options{})
			if len(fs) != 1 || fs[0].Type != tc.typ {
				t.Fatalf("got %+v, want one %s", fs, tc.typ)
			}
		})
	}
}
