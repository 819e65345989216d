package pii

import (
	"strings"
	"testing"
)

// catalogueCases: for each type added in the catalogue's second round,
// texts written the way documents write the value (the span in [brackets]
// must come back as the type, with every detector on) and texts where the
// type must not be reported: a checksum-broken value behind the type's
// own label, a business number of the same shape, or the shape without a
// label where the type needs one.
var catalogueCases = map[string]struct{ pos, neg []string }{
	"nric_sg": {pos: []string{"NRIC: [S1234567D]", "Holder FIN [G1234567X] issued 2019", "NRIC No. [T1234567J]"},
		neg: []string{"NRIC: S1234567E", "Invoice No: S1234567D"}},
	"uen_sg": {pos: []string{"UEN: [197401143C]", "Company UEN [S16FC0121D]", "UEN [00192200M]"},
		neg: []string{"UEN: 197401143D", "Ref 197401143C"}},
	"abn_au": {pos: []string{"ABN: [83 914 571 673]", "ABN [83914571673]", "Supplier ABN [51 824 753 556] applies"},
		neg: []string{"ABN: 83 914 571 674", "Invoice No: 83 914 571 673"}},
	"acn_au": {pos: []string{"ACN: [004 085 616]", "ACN [010499966]"}, neg: []string{"ACN: 004 085 617", "Order 004 085 616"}},
	"tfn_au": {pos: []string{"TFN: [123 456 782]", "Tax file number (TFN) [123456782]"}, neg: []string{"TFN: 123 456 783", "Total 123 456 782"}},
	"medicare_au": {pos: []string{"Medicare: [2123 45670 1]", "Medicare number [2123456701]"},
		neg: []string{"Medicare: 2123 45671 1", "Reference 2123 45670 1"}},
	"tin_ph": {pos: []string{"TIN: [123-456-789-000]", "BIR TIN [123-456-789]"}, neg: []string{"Order: 123-456-789-000", "123-456-789-000"}},
	"tnin_th": {pos: []string{"Thai ID: [1-2345-45678-78-1]", "Thai national ID [3100600445635]", "Card [1-2345-45678-78-1] on file"},
		neg: []string{"Thai ID: 1-2345-45678-78-9", "Invoice No: 3100600445635"}},
	"national_id_cn": {pos: []string{"Resident ID: [11010519491231002X]", "ID [360426199101010071] verified"},
		neg: []string{"Resident ID: 11010519491231002Y", "Resident ID: 360426199101010072"}},
	"pan_in": {pos: []string{"PAN: [ACUPA7085R]", "Vendor PAN [AAAPL1234C] registered"}, neg: []string{"PAN: ACUXA7085R", "PAN: ACUPA0000R"}},
	"aadhaar_in": {pos: []string{"Aadhaar: [2341 2341 2346]", "Aadhaar No [234123412346]", "UIDAI number [2341 2341 2346]"},
		neg: []string{"Aadhaar: 2341 2341 2347", "Order No: 2341 2341 2346", "234123412346", "IBAN: FR29 9204 9604 5214 1256 2111", "Card: 4225 4367 3782 6283"}},
	"gstin_in":    {pos: []string{"GSTIN: [27AAPFU0939F1ZV]", "Supplier [27AAPFU0939F1ZV] Mumbai"}, neg: []string{"GSTIN: 27AAPFU0939F1ZO", "GSTIN: 27AAPFU0939F1AV"}},
	"voter_id_in": {pos: []string{"EPIC No: [WKH1186253]", "Voter ID [WKH1186253]"}, neg: []string{"EPIC No: WKH1186263", "WKH1186253"}},
	"vehicle_registration_in": {pos: []string{"Vehicle No: [MH 12 AB 1234]", "Vehicle [MH12AB1234]", "Vehicle registration [DL 3C AB 1234]"},
		neg: []string{"Vehicle No: XX 12 AB 1234", "Item MH12AB1234", "Part KA12345678"}},
	"rrn_kr": {pos: []string{"RRN: [971013-9019902]", "Jumin [9710139019902]", "Resident registration number [971013-9019902]"},
		neg: []string{"RRN: 971013-9019903", "Order 971013-9019903"}},
	"frn_kr": {pos: []string{"Foreign Registration No: [900822-5220419]", "Alien registration [9008225220419]"},
		neg: []string{"FRN: 900822-5220418", "RRN: 971013-9019902 (citizen)"}},
	"brn_kr": {pos: []string{"BRN: [116-82-00276]", "BRN [1168200276]", "Seller [116-82-00276] Seoul"},
		neg: []string{"BRN: 116-82-00277", "Invoice 116-82-00276"}},
	"driver_licence_kr": {pos: []string{"Driver's License: [11-12-345678-90]", "Driver licence [11 12 345678 90]"},
		neg: []string{"Driver's License: 99-12-345678-90", "11-12-345678-90"}},
	"passport_kr": {pos: []string{"Passport No: [M123A4567]", "Korean passport [S987B6543]"}, neg: []string{"Part No: M123A4567", "M123A4567"}},
	"national_id_za": {pos: []string{"ID Number: [7503305044089]", "Identity [7503305044089] on file", "We recorded [7503305044089] yesterday."},
		neg: []string{"ID Number: 8503305044089", "Barcode 7503305044089"}},
	"nin_ng": {pos: []string{"NIN: [12345678902]", "NIMC number [12345678902]"}, neg: []string{"NIN: 12345678903", "12345678902"}},
	"sin_ca": {pos: []string{"SIN: [046 454 286]", "Social Insurance Number (SIN) [046-454-286]", "NAS [046454286]"},
		neg: []string{"SIN: 046 454 287", "Amount 046 454 286"}},
	"national_id_br": {pos: []string{"CPF: [390.533.447-05]", "CPF [39053344705]", "Titular [390.533.447-05] Rio"},
		neg: []string{"CPF: 390.533.447-06", "CPF: 111.111.111-11"}},
	"company_id_br": {pos: []string{"CNPJ: [16.727.230/0001-97]", "CNPJ [16727230000197]", "Fornecedor [16.727.230/0001-97]"},
		neg: []string{"CNPJ: 16.727.230/0001-98", "Pedido 16727230000197"}},
	"vat_code_it":       {pos: []string{"Partita IVA: [00743110157]", "P.IVA [00743110157]"}, neg: []string{"Partita IVA: 00743110158", "Ordine 00743110157"}},
	"driver_licence_it": {pos: []string{"Patente di guida: [AB1234567C]", "Patente n. [U1H123456X]"}, neg: []string{"Articolo AB1234567C", "AB1234567C"}},
	"vat_eu": {pos: []string{"VAT: [CZ25123891]", "DIČ: [CZ 25123891]", "Supplier VAT number [CZ25123891] applies."},
		neg: []string{"VAT: CZ25123892", "Order CZ25123891"}},
	"national_id_ro": {pos: []string{"CNP: [1630615123457]", "Client CNP [1630615123457]", "Am primit [1630615123457] ieri."},
		neg: []string{"CNP: 1630615123458", "CNP: 1632215123457"}},
	"national_id_ie": {pos: []string{"PPS No: [6433435F]", "PPSN [6433435OA]", "PPS [6433435FT]"}, neg: []string{"PPS No: 6433435E", "6433435F"}},
	"org_id_se": {pos: []string{"Org.nr: [556036-0793]", "Organisationsnummer [5560360793]", "Org. nr. [556036-0793]"},
		neg: []string{"Org.nr: 556036-0794", "Invoice No: 556036-0793", "CPR: 153002-0500"}},
	"national_id_cz": {pos: []string{"Rodné číslo: [710319/2745]", "RČ [710319/2745]", "Rodne cislo [7103192745]"},
		neg: []string{"Rodné číslo: 710319/2746", "Faktura 710319/2746"}},
	"national_id_no": {pos: []string{"Fødselsnummer: [151086 95088]", "Fnr [15108695088]", "Fødselsnr [151086 95088]"},
		neg: []string{"Fødselsnummer: 151086 95077", "Faktura 15108695077", "Rijksregister: 49101425230"}},
	"social_id_ch": {pos: []string{"AHV-Nr.: [756.9217.0769.85]", "AVS [7569217076985]", "Versicherter [756.9217.0769.85] seit 2020"},
		neg: []string{"AHV-Nr.: 756.9217.0769.84", "Rechnung 756.9217.0769.84"}},
	"tax_number_de": {pos: []string{"Steuernummer: [181/815/08155]", "St.-Nr. [21/815/08150]", "Steuernummer [9181081508155]", "Steuernummer: [133/8150/8159]"},
		neg: []string{"Rechnungsnummer: 181/815/08155", "Steuernummer: 181 815 08155", "181/815/08155"}},
	"health_insurance_de": {pos: []string{"Krankenversichertennummer: [A123456780]", "KVNR [B987654320]"},
		neg: []string{"Krankenversichertennummer: A123456781", "Artikel A123456780"}},
	// "80331 München" together is a location (detect_place.go).
	"postal_code_de": {pos: []string{"PLZ: [10115]", "Postleitzahl [80331], Bayern"}, neg: []string{"Menge: 10115", "10115 Stück"}},
	"passport_de":    {pos: []string{"Reisepass: [C01X00T47]", "Reisepassnummer [CFGH12345]"}, neg: []string{"Artikel C01X00T47", "C01X00T47"}},
	"driving_licence_uk": {pos: []string{"Driving licence number: [MORGA753116SM9IJ]", "Licence [MORGA753116SM9IJ]", "Holder [MORGA753116SM9IJ] since 2001"},
		neg: []string{"Driving licence number: MORGA713116SM9IJ", "Driving licence number: MORGA753322SM9IJ"}},
	"passport_uk": {pos: []string{"HMPO passport: [925665416]", "HMPO passport no [925665416]"}, neg: []string{"Order: 925665416", "925665416"}},
	"postcode_uk": {pos: []string{"Postcode: [SW1A 1AA]", "London [EC1A 1BB]", "Postcode [M11AE]"}, neg: []string{"Postcode: SW1A 1AC", "Part no SW1A1AA"}},
	"driver_licence_us": {pos: []string{"Driver's License: [12ABC34567]", "DL# [123AB4567]", "NH driver license [12ABC34567]"},
		neg: []string{"Driver's License: ABCDEF", "Item 12ABC34567", "(MIT, see LICENSE-invoice2data.md)"}},
	"bank_account_us": {pos: []string{"Bank account: [000123456789]", "Checking [12345678901]"}, neg: []string{"Invoice: 000123456789", "000123456789"}},
	"mbi_us": {pos: []string{"MBI: [1EG4-TE5-MK73]", "Medicare number [1EG4TE5MK73]", "Beneficiary [1EG4-TE5-MK73] enrolled", "Card [1EG4TE5MK73] on file"},
		neg: []string{"MBI: 1SG4-TE5-MK73", "MBI: 0EG4-TE5-MK73"}},
	"npi_us":          {pos: []string{"NPI: [1234567893]", "Provider NPI [1234567893]"}, neg: []string{"NPI: 1234567894", "1234567893"}},
	"postal_code_us":  {pos: []string{"ZIP: [94105-1804]", "ZIP code [10001]"}, neg: []string{"Qty: 94105", "94105-1804"}},
	"medical_licence": {pos: []string{"DEA No: [AB1234563]", "Prescriber DEA [A91234563]"}, neg: []string{"DEA No: AB1234564", "Part AB1234563"}},
	"passport_es":     {pos: []string{"Pasaporte: [PAA123456]", "Pasaporte n.º [XD123456]"}, neg: []string{"Pedido: PAA123456", "PAA123456"}},
	"passport_it":     {pos: []string{"Passaporto: [YA1234567]", "Passaporto n. [AA7654321]"}, neg: []string{"Ordine: YA1234567", "YA1234567"}},
	"passport_in":     {pos: []string{"Passport No: [J8369854]", "Passport [K1234567]"}, neg: []string{"Passport No: Q8369854", "J8369854"}},
	"passport_fr":     {pos: []string{"Passeport: [12AB34567]", "N° de passeport [09XY12345]"}, neg: []string{"Commande: 12AB34567", "12AB34567"}},
	"url": {pos: []string{"See [https://example.com/profile?id=42].", "Website: [www.example.org]", "([http://sub.example.co.uk/a/b])"},
		neg: []string{"https://localhost", "the www is big", "mailto jane@example.com", "xmlns=3D\"http://www.=\n"}},
	"mac_address": {pos: []string{"MAC: [00:1A:2B:3C:4D:5E]", "device [00-1A-2B-3C-4D-5E] online", "Cisco [001a.2b3c.4d5e]"},
		neg: []string{"Time 10:20:30:40:50:60:70", "00:1A:2B:3C:4D", "2001:db8::1"}},
	"date_time": {pos: []string{"Date: [12.03.2024]", "Datum [2024-03-12]", "Date: [03/12/2024]", "Tarih: [12.03.24]", "Date: [20240312]"},
		neg: []string{"Invoice date: 12.03.2024", "Due date: 12.03.2024", "Date d'échéance : 16/11/2017", "Date of birth: 14.03.1985", "Date: 31.02.2024", "12.03.2024"}},
	"licence_plate_de": {pos: []string{"Kennzeichen: [MYK-AB 123]", "Kfz-Kennzeichen [B-XY 1234E]", "amtliches Kennzeichen [HH AB 12]"},
		neg: []string{"Kennzeichen: 1234-AB", "MYK-AB 123"}},
	"vehicle_registration_uk": {pos: []string{"Vehicle registration: [AB12 CDE]", "Reg: [A123 BCD]", "VRM [ABC 123D]"},
		neg: []string{"Vehicle registration: ABCD 12", "AB12 CDE"}},
	"licence_plate_ng": {pos: []string{"Plate No: [LSD-123AB]", "Vehicle plate [ABC 123 DE]"}, neg: []string{"Plate No: LSD-12AB", "LSD-123AB"}},
	"nrp": {pos: []string{"Nationality: [Turkish]", "Staatsangehörigkeit: [deutsch]", "Religion: [Roman Catholic]\nAddress", "Uyruğu: [Türk]"},
		neg: []string{"Religion: none", "German GmbH, French office", "Nationality: 12345"}},
	"company_register_de": {pos: []string{"Amtsgericht München [HRB 12345]", "Registergericht: Berlin, [HRB 98765 B]", "[HRA 4711], Köln"},
		neg: []string{"HRB 0123", "HRBX 12345", "Handelsregister folgt"}},
}

// firstCatalogue is the catalogue before the second round; every type
// after it needs a case above.
const firstCatalogue = `email credit_card ip ip_v6 iban phone_intl name national_id_tr tax_id_tr phone_tr iban_tr
	mersis_no sgk_no emeklilik_no isyeri_sicil_no bagkur_no postal_code_tr province_tr company_name_tr national_id_de
	tax_id_de social_id_de social_id_at national_id_fr tax_id_fr siret_fr company_id_fr social_id_fr national_id_it
	tax_id_it national_id_nl tax_id_nl company_id_nl national_id_be national_id_es tax_id_es national_id_pl tax_id_pl
	tax_id_pt national_id_se national_id_dk national_id_fi social_id_uk tax_id_uk phone_de phone_fr phone_it phone_nl
	phone_es phone_pl phone_uk iban_intl ssn tax_id_us national_id_us phone_us date_of_birth address passport_mrz
	licence_plate_tr bic crypto_wallet passport_us itin_us nhs_uk aba_routing_us`

func TestCatalogueCases(t *testing.T) {
	t.Parallel()
	build()
	old := map[string]bool{}
	for _, n := range strings.Fields(firstCatalogue) {
		old[n] = true
	}
	// Every identifier type after the first catalogue needs cases here;
	// phones and the label-anchored name and place types have their own
	// tests.
	for _, d := range registry {
		if _, ok := catalogueCases[d.Name]; !ok && !old[d.Name] && d.kind == kindRun && !strings.HasPrefix(d.Name, "phone_") {
			t.Errorf("type %s has no catalogue cases", d.Name)
		}
	}
	for typ, c := range catalogueCases {
		if byName[typ] == nil {
			t.Errorf("cases for unknown type %s", typ)
			continue
		}
		if len(c.pos) < 2 || len(c.neg) < 2 {
			t.Errorf("%s: want at least two positive and two negative cases", typ)
		}
		for _, p := range c.pos {
			a, b := strings.IndexByte(p, '['), strings.IndexByte(p, ']')
			text := p[:a] + p[a+1:b] + p[b+1:]
			want := p[a+1 : b]
			found := false
			var got []Finding
			for _, f := range Detect(text, Options{}) {
				got = append(got, f)
				if f.Type == typ && f.Start == a && f.Value == want {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: %q: want %q, got %+v", typ, text, want, got)
			}
		}
		for _, n := range c.neg {
			for _, f := range Detect(n, Options{}) {
				if f.Type == typ {
					t.Errorf("%s: %q: reported %q", typ, n, f.Value)
				}
			}
		}
	}
}

// TestLocaleGatesCountryJurisdictions checks that a country's locale
// enables its types and that another country's locale gates them off.
func TestLocaleGatesCountryJurisdictions(t *testing.T) {
	t.Parallel()
	text := "NRIC: S1234567D\nABN: 83 914 571 673\nRRN: 971013-9019902\n"
	has := func(fs []Finding, typ string) bool {
		for _, f := range fs {
			if f.Type == typ {
				return true
			}
		}
		return false
	}
	for _, tc := range []struct {
		locale   string
		yes, not []string
	}{
		{"en-SG", []string{"nric_sg"}, []string{"abn_au", "rrn_kr"}},
		{"en-AU", []string{"abn_au"}, []string{"nric_sg", "rrn_kr"}},
		{"ko", []string{"rrn_kr"}, []string{"nric_sg", "abn_au"}},
		{"ko-KR", []string{"rrn_kr"}, []string{"abn_au"}},
		{"en", []string{"nric_sg", "abn_au"}, []string{"rrn_kr"}},
		{"de", nil, []string{"nric_sg", "abn_au", "rrn_kr"}},
		{"", []string{"nric_sg", "abn_au", "rrn_kr"}, nil},
	} {
		fs := Detect(text, Options{Locale: tc.locale})
		for _, y := range tc.yes {
			if !has(fs, y) {
				t.Errorf("locale %q: %s missing in %+v", tc.locale, y, fs)
			}
		}
		for _, n := range tc.not {
			if has(fs, n) {
				t.Errorf("locale %q: %s reported", tc.locale, n)
			}
		}
	}
	// A nine-digit passport, or C + eight digits, is a US one unless the
	// locale or the label says otherwise: the first catalogue's answers
	// stand.
	for _, tc := range []struct{ text, locale, want string }{
		{"Passport number: 925665416", "", "passport_us"}, {"Passport number: 925665416", "en-GB", "passport_uk"},
		{"Passport number: 925665416", "en-US", "passport_us"}, {"HMPO passport: 925665416", "", "passport_uk"},
		{"Passport No: C12345678", "", "passport_us"}, {"Reisepass: C01X00T47", "", "passport_de"},
	} {
		fs := Detect(tc.text, Options{Locale: tc.locale})
		if len(fs) != 1 || fs[0].Type != tc.want {
			t.Errorf("%q, locale %q: %+v, want %s", tc.text, tc.locale, fs, tc.want)
		}
	}
	for _, tc := range []struct {
		locale   string
		yes, not []string
	}{} {
		fs := Detect(text, Options{Locale: tc.locale})
		for _, y := range tc.yes {
			if !has(fs, y) {
				t.Errorf("locale %q: %s missing in %+v", tc.locale, y, fs)
			}
		}
		for _, n := range tc.not {
			if has(fs, n) {
				t.Errorf("locale %q: %s reported", tc.locale, n)
			}
		}
	}
	if err := ValidateOptions(Options{Jurisdictions: []string{"sg", "KR", "global"}}); err != nil {
		t.Errorf("country jurisdictions refused: %v", err)
	}
	if err := ValidateOptions(Options{Jurisdictions: []string{"mars"}}); err == nil || !strings.Contains(err.Error(), "sg") {
		t.Errorf("unknown jurisdiction: %v (want the list in the message)", err)
	}
	fs := Detect(text, Options{Jurisdictions: []string{"au"}})
	if len(fs) != 1 || fs[0].Type != "abn_au" {
		t.Errorf("jurisdiction au: %+v", fs)
	}
}

// TestUSLicenceLayouts checks that the state table covers the 50 states
// and DC and that every layout accepts a value built from it and refuses
// one character more or less.
func TestUSLicenceLayouts(t *testing.T) {
	t.Parallel()
	if len(usLicenceFormats) != 51 {
		t.Fatalf("%d states in the table, want 50 + DC", len(usLicenceFormats))
	}
	fill := func(segs []layoutSeg, extra int) []byte {
		var b []byte
		for i, s := range segs {
			n := s.max
			if i == len(segs)-1 {
				n += extra
			}
			for k := 0; k < n; k++ {
				switch s.class {
				case 'l':
					b = append(b, 'Q')
				case 'd', 'a':
					b = append(b, '7')
				default:
					b = append(b, s.class)
				}
			}
		}
		return b
	}
	for st, fs := range usLicenceFormats {
		for _, f := range strings.Fields(fs) {
			segs := parseLayout(f)
			if v := fill(segs, 0); !matchLayout(v, segs) || !validUSLicence(v) {
				t.Errorf("%s %s: %s refused", st, f, v)
			}
			if v := fill(segs, 1); matchLayout(v, segs) {
				t.Errorf("%s %s: %s (one too long) accepted", st, f, v)
			}
		}
	}
}
