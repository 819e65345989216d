package pii

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label words are looked up once per word in one map: the scanner folds
// each word (lower case, accents stripped, ß -> ss) and asks the map. A hit
// says which types the word vouches for, whether it marks a number as
// something else (invoice, order, amount...), and whether it starts a
// label-anchored parse (names, addresses, BIC, dates of birth).

type anchor uint8

const (
	anchorName anchor = 1 << iota
	anchorHonorific
	anchorAddress
	anchorBIC
	anchorDOB
)

type labelInfo struct {
	pos      typeSet // types this word vouches for
	neg      bool    // numbers after it are business numbers, not PII
	anchors  anchor
	lang     string // language hint (phones)
	province int8   // 1 province name, 2 ambiguous province name
	company  bool   // Turkish company legal-form marker (A.Ş., Şti., Şirketi)
	single   bool   // vouches for exactly one type: more specific than a generic label
	bicCode  bool   // a BIC code follows (detect_bic.go)

	// hook is a parser the word starts, for catalogue types whose shape
	// the run scanner cannot hold (label_hooks.go).
	hook func(s *scanner, i, j int)
}

// labelTable: folded words -> type names ("@name"... for anchors).
var labelTable = []struct{ words, types, lang string }{
	{"tckn tc kimlik tcno tckimlik nufus vatandaslik tcnumarasi", "national_id_tr", "tr"},
	{"vkn vergi vergino", "tax_id_tr", "tr"},
	{"mersis", "mersis_no", "tr"},
	{"sgk ssk sigorta sigortali sicil", "sgk_no isyeri_sicil_no emeklilik_no bagkur_no", "tr"},
	{"isyeri", "isyeri_sicil_no", "tr"},
	{"emekli emeklilik", "emeklilik_no", "tr"},
	{"bagkur", "bagkur_no", "tr"},
	{"posta pk postakodu", "postal_code_tr", "tr"},
	{"plaka plate kennzeichen immatriculation matricula targa kenteken", "licence_plate_tr", ""},
	{"sehir province", "province_tr", "tr"},
	{"iban kontonummer rekeningnummer", "iban iban_tr iban_intl", ""},
	{"card kart karte carte tarjeta kaart visa mastercard amex kredi kreditkarte creditcard kartnummer", "credit_card", ""},
	{"ip ipv4 ipadresi", "ip ip_v6", ""},
	{"ipv6", "ip_v6", ""},
	{"wallet bitcoin btc eth ethereum cuzdan crypto kripto", "crypto_wallet", ""},
	{"mrz", "passport_mrz", ""},
	{"personalausweis ausweisnummer ausweis personalausweisnummer", "national_id_de", "de"},
	{"steuer steuerid idnr identifikationsnummer steueridentifikationsnummer steuernummer", "tax_id_de", "de"},
	{"rentenversicherungsnummer rvnr versicherungsnummer sozialversicherungsnummer sozialversicherung", "social_id_de social_id_at", "de"},
	{"svnr svnummer sozialversicherungsnr", "social_id_at social_id_de", "de"},
	{"cni identite", "national_id_fr", "fr"},
	{"fiscal spi impots", "tax_id_fr", "fr"},
	{"tva", "tax_id_fr", "fr"},
	{"siret", "siret_fr", "fr"},
	{"siren rcs", "company_id_fr", "fr"},
	{"securite secu nir insee", "social_id_fr", "fr"},
	{"identita cie", "national_id_it", "it"},
	{"codice fiscale codicefiscale cf sanitaria", "tax_id_it", "it"},
	{"bsn burgerservicenummer sofinummer", "national_id_nl", "nl"},
	{"btw rsin fiscaal btwnummer", "tax_id_nl", "nl"},
	{"kvk handelsregister kvknummer", "company_id_nl", "nl"},
	{"rijksregisternummer rijksregister niss insz registre", "national_id_be", "nl"},
	{"dni nie", "national_id_es", "es"},
	{"nif", "national_id_es tax_id_es tax_id_pt", "es"},
	{"cif", "tax_id_es", "es"},
	{"contribuinte", "tax_id_pt", "pt"},
	{"pesel", "national_id_pl", "pl"},
	{"nip", "tax_id_pl", "pl"},
	{"personnummer personnr", "national_id_se national_id_dk", "sv"},
	{"cpr cprnr", "national_id_dk", "da"},
	{"hetu henkilotunnus sotu", "national_id_fi", "fi"},
	{"nino insurance", "social_id_uk", "en"},
	{"utr unique", "tax_id_uk", "en"},
	{"nhs", "nhs_uk", "en"},
	{"ssn", "ssn", "en"},
	{"social", "ssn social_id_fr social_id_de social_id_at social_id_uk", "en"},
	{"ein fein employer", "tax_id_us", "en"},
	{"itin individual", "itin_us", "en"},
	{"driver drivers license licence dl", "national_id_us", "en"},
	{"routing aba", "aba_routing_us", "en"},
	{"passport pasaport reisepass passeport pasaporte passaporto paspoort reisepassnummer", "passport_us", ""},
	{"tax vat tin taxpayer", "tax_id_tr tax_id_de tax_id_fr tax_id_it tax_id_nl tax_id_es tax_id_pl tax_id_pt tax_id_uk tax_id_us vat_eu", "en"},
	{"ust ustid ustidnr mwst", "tax_id_de", "de"},
	{"iva partita", "tax_id_it tax_id_es", "it"},
	{"identity identification kimlik national nationale citizen", "national_id_tr national_id_de national_id_fr national_id_it national_id_nl national_id_be national_id_es national_id_pl national_id_se national_id_dk national_id_fi", ""},
	{"tel phone telephone telefon telefono telefoon mobile mobil cep gsm handy portable movil cellulare cell fax faks tlf mob komorka telefonu numara mobiel", "phone_intl phone_tr phone_de phone_fr phone_it phone_nl phone_es phone_pl phone_uk phone_us phone_il phone_jp phone_cn phone_ph", ""},
	{"birth dob dogum geburtsdatum geboren geburtstag naissance nacimiento nascita geboortedatum urodzenia birthdate born nee ne nacido nacida nato nata geb dogumtarihi", "@dob date_of_birth", ""},
	{"address adres adresi anschrift adresse direccion domicilio domicile indirizzo residenza wohnort ikamet ikametgah woonadres", "@address address province_tr postal_code_tr", ""},
	{"name isim adi soyad soyadi adsoyad adisoyadi vorname nachname nom prenom nombre apellidos apellido nome cognome naam achternaam voornaam surname fullname holder inhaber kontoinhaber titular titulaire employee mitarbeiter calisan personel patient hasta customer kunde musteri cliente client klant contact empleado empleada dipendente salarie werknemer medewerker ansprechpartner beneficiary beneficiaire begunstigte", "@name name", ""},
	{"mr mrs ms miss dr herr frau sayin bay bayan mme monsieur madame mademoiselle sr sra senor senora sig signor signora dhr mevr dear geehrter geehrte estimado estimada cher chere gentile dott don dona prof", "@honorific name", ""},
	{"bic swift swiftcode bicswift", "@bicv2 bic", ""},
}

// Words that make a nearby number a business number.
const negativeWords = "invoice fatura faturano rechnung rechnungsnummer facture factura fattura factuur " +
	"order siparis bestellung bestellnummer commande pedido ordine bestelling ref reference referans referenz " +
	"referencia riferimento amount total tutar toplam betrag summe montant importe importo bedrag qty quantity " +
	"miktar adet menge price fiyat preis prix precio prezzo prijs tracking takip sendungsnummer kargo barcode ean " +
	"sku artikel article item urun product produkt serial seri part po kundennummer musterino ticket case " +
	"contract sozlesme vertrag contrat contrato contratto version page sayfa seite account konto compte cuenta conto " +
	"totale subtotale totaal subtotal gesamt gesamtbetrag " +
	"batch lot charge lieferschein irsaliye build " +
	"receipt beleg belegnummer quittung auftrag auftragsnummer makbuz fis dekont recu ricevuta recibo " +
	"kassenbon transaction islem booking reservation rezervasyon confirmation shipment waybill consignment " +
	"albaran bolla invoiceno rechnungsnr auftragsnr bestellnr belegnr kundennr ordernr"

// Phone label languages (the country chosen for a national-format number).
var phoneLang = map[string]string{
	"telefon": "tr", "cep": "tr", "telefonu": "tr", "numara": "tr", "gsm": "tr", "handy": "de",
	"telephone": "fr", "portable": "fr", "telefono": "es", "movil": "es", "cellulare": "it",
	"telefoon": "nl", "komorka": "pl", "phone": "en", "mobile": "en", "cell": "en",
}

// Turkish provinces (folded). Names that are also common words or
// surnames elsewhere need context and are marked ambiguous.
const provincesTR = "adana adiyaman afyonkarahisar agri amasya ankara antalya artvin aydin balikesir bilecik bingol bitlis " +
	"bolu burdur bursa canakkale cankiri corum denizli diyarbakir edirne elazig erzincan erzurum eskisehir " +
	"gaziantep giresun gumushane hakkari hatay isparta mersin istanbul izmir kars kastamonu kayseri kirklareli " +
	"kirsehir kocaeli konya kutahya malatya manisa kahramanmaras mardin mugla mus nevsehir nigde ordu rize " +
	"sakarya samsun siirt sinop sivas tekirdag tokat trabzon tunceli sanliurfa usak van yozgat zonguldak " +
	"aksaray bayburt karaman kirikkale batman sirnak bartin ardahan igdir yalova karabuk kilis osmaniye duzce"

const provincesAmbiguous = "aydin van batman ordu mus kars bar kilis hatay rize bolu sinop siirt mardin tokat"

var labels map[string]*labelInfo

// labelShape[first letter][length] says whether some label word (or the
// folded form of one) has that first letter and byte length; a plain ASCII
// word with another shape skips the map lookup. Lengths of folded words
// can differ from the original only for non-ASCII words, which always go
// to the map.
var labelShape [26][27][32]bool

func buildLabels() {
	labels = map[string]*labelInfo{}
	get := func(w string) *labelInfo {
		li := labels[w]
		if li == nil {
			li = &labelInfo{}
			labels[w] = li
		}
		return li
	}
	for _, row := range labelTable {
		for _, w := range strings.Fields(row.words) {
			li := get(w)
			for _, t := range strings.Fields(row.types) {
				switch t {
				case "@name":
					li.anchors |= anchorName
				case "@honorific":
					li.anchors |= anchorHonorific
				case "@address":
					li.anchors |= anchorAddress
				case "@bicv2":
					// BIC codes are read by detect_bic.go, not by the
					// anchored parsers.
					li.bicCode = true
				case "@dob":
					li.anchors |= anchorDOB
				default:
					d := byName[t]
					if d == nil {
						panic("pii: label table names unknown type " + t)
					}
					li.pos.add(d.idx)
				}
			}
			if row.lang != "" && li.lang == "" {
				li.lang = row.lang
			}
		}
	}
	for _, li := range labels {
		n := 0
		for _, d := range registry {
			if li.pos.has(d.idx) {
				n++
			}
		}
		li.single = n == 1
	}
	for w, l := range phoneLang {
		get(w).lang = l
	}
	for _, w := range strings.Fields(negativeWords) {
		get(w).neg = true
	}
	amb := map[string]bool{}
	for _, w := range strings.Fields(provincesAmbiguous) {
		amb[w] = true
	}
	for _, w := range strings.Fields(provincesTR) {
		li := get(w)
		li.province = 1
		if amb[w] {
			li.province = 2
		}
	}
	for _, w := range []string{"as", "sti", "sirketi"} {
		get(w).company = true
	}
	for w := range labels {
		if w[0] >= 'a' && w[0] <= 'z' && len(w) < 32 {
			labelShape[w[0]-'a'][shapeSecond(w)][len(w)] = true
		}
	}
}

// shapeSecond indexes the second letter (26 for none or non-letter).
func shapeSecond(w string) int {
	if len(w) < 2 {
		return 26
	}
	c := w[1] | 0x20
	if c < 'a' || c > 'z' {
		return 26
	}
	return int(c - 'a')
}

// foldRune maps a rune to its lower-case ASCII spelling, or "" when the
// rune has none (then the word is not a label).
func foldRune(r rune) string {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return asciiStr[r]
	}
	switch unicode.ToLower(r) {
	case 'ç', 'ć', 'č':
		return "c"
	case 'ğ':
		return "g"
	case 'ı', 'i', 'î', 'ï', 'í', 'ì':
		return "i"
	case 'ö', 'ô', 'ó', 'ò', 'ø', 'õ':
		return "o"
	case 'ş', 'ś', 'š':
		return "s"
	case 'ü', 'û', 'ù', 'ú':
		return "u"
	case 'ä', 'à', 'â', 'á', 'å', 'ą', 'ã':
		return "a"
	case 'é', 'è', 'ê', 'ë', 'ę':
		return "e"
	case 'ß':
		return "ss"
	case 'ñ', 'ń':
		return "n"
	case 'ł':
		return "l"
	case 'ź', 'ż', 'ž':
		return "z"
	case 'æ':
		return "ae"
	case '̇': // combining dot of a decomposed İ
		return ""
	}
	return "\x00"
}

var asciiStr [128]string

func init() {
	for i := range asciiStr {
		asciiStr[i] = string(rune(i))
	}
}

// foldWord writes the folded word into buf and reports success.
func foldWord(w string, buf []byte) ([]byte, bool) {
	buf = buf[:0]
	for i := 0; i < len(w); {
		c := w[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(w[i:])
		i += n
		f := foldRune(r)
		if f == "\x00" {
			return buf, false
		}
		buf = append(buf, f...)
	}
	return buf, true
}

// fold returns the folded form of s (tests and anchors use it).
func fold(s string) string {
	b, _ := foldWord(s, make([]byte, 0, len(s)))
	return string(b)
}
