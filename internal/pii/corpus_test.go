package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// A generated, labelled corpus of business text in five languages. Every
// catalogue type is embedded with label variants of the five languages,
// in several separator styles; next to them stand checksum-broken
// look-alikes and business numbers (invoice and order numbers, amounts,
// dates, tracking codes) that must not be reported. The generator is
// deterministic (fixed seed).

type span struct {
	typ        string
	start, end int
}

type corpusDoc struct {
	lang string
	text string
	want []span
}

var corpusLangs = []string{"en", "tr", "de", "fr", "es"}

// corpusLabels: type -> language -> label variants ("*" for any language).
var corpusLabels = map[string]map[string][]string{
	"national_id_tr":   {"*": {"TC Kimlik No", "T.C. No", "TCKN", "T.C. Kimlik Numarası", "Turkish ID number", "Kimlik No"}},
	"tax_id_tr":        {"*": {"Vergi No", "VKN", "Vergi Kimlik No", "Vergi Numarası", "Turkish tax number (VKN)"}},
	"mersis_no":        {"*": {"MERSIS No", "Mersis Numarası", "MERSİS"}},
	"sgk_no":           {"*": {"SGK No", "SGK Sicil No", "SSK Sicil Numarası"}},
	"emeklilik_no":     {"*": {"Emekli Sicil No", "Emeklilik No", "Emekli Sandığı Sicil No"}},
	"isyeri_sicil_no":  {"*": {"SGK İşyeri Sicil No", "İşyeri Sicil Numarası"}},
	"bagkur_no":        {"*": {"Bağ-Kur No", "Bağkur Sicil No", "BAĞ-KUR Numarası"}},
	"postal_code_tr":   {"*": {"Posta Kodu", "P.K.", "Posta kodu"}},
	"licence_plate_tr": {"*": {"Plaka", "Araç Plakası", "Plate", "Kennzeichen", "Immatriculation", "Matrícula"}},
	"iban":             {"*": {"IBAN", "IBAN No", "Iban"}},
	"iban_tr":          {"*": {"IBAN", "IBAN No", "Hesap IBAN"}},
	"iban_intl":        {"*": {"IBAN", "IBAN-Nr.", "IBAN :", "Iban"}},
	"credit_card": {"en": {"Card number", "Credit card", "Visa"}, "tr": {"Kart No", "Kredi Kartı"}, "de": {"Kartennummer", "Kreditkarte"},
		"fr": {"Carte bancaire", "N° de carte"}, "es": {"Tarjeta", "Número de tarjeta"}},
	"email": {"en": {"E-mail", "Email"}, "tr": {"E-posta", "Eposta"}, "de": {"E-Mail"}, "fr": {"Courriel", "E-mail"}, "es": {"Correo", "Email"}},
	"ip":    {"*": {"IP", "IP address", "IP-Adresse", "Adresse IP", "IP adresi"}},
	"ip_v6": {"*": {"IPv6", "IPv6 address"}},
	"phone_tr": {"en": {"Phone", "Tel."}, "tr": {"Telefon", "Tel", "Cep", "GSM", "Cep Telefonu"}, "de": {"Telefon", "Tel."},
		"fr": {"Tél.", "Téléphone"}, "es": {"Teléfono", "Tel."}},
	"phone_de":       {"*": {"Telefon", "Tel.", "Handy", "Mobil", "Phone"}},
	"phone_fr":       {"*": {"Téléphone", "Tél.", "Portable", "Phone"}},
	"phone_it":       {"*": {"Telefono", "Tel.", "Cellulare", "Phone"}},
	"phone_nl":       {"*": {"Telefoon", "Tel.", "Mobiel", "Phone"}},
	"phone_es":       {"*": {"Teléfono", "Tel.", "Móvil", "Phone"}},
	"phone_pl":       {"*": {"Telefon", "Tel.", "Phone"}},
	"phone_uk":       {"*": {"Phone", "Tel.", "Mobile", "Telephone"}},
	"phone_us":       {"*": {"Phone", "Tel.", "Cell", "Mobile"}},
	"phone_intl":     {"*": {"Phone", "Tel", "Telefon", "Mobile"}},
	"national_id_de": {"*": {"Personalausweis", "Ausweisnummer", "Personalausweis-Nr.", "German ID card"}},
	"tax_id_de":      {"*": {"Steuer-ID", "Steueridentifikationsnummer", "IdNr.", "Steuerliche Identifikationsnummer"}},
	"social_id_de":   {"*": {"Rentenversicherungsnummer", "RV-Nummer", "Sozialversicherungsnummer", "Versicherungsnummer"}},
	"social_id_at":   {"*": {"SV-Nummer", "Sozialversicherungsnummer", "SVNR", "Versicherungsnummer"}},
	"national_id_fr": {"*": {"CNI", "N° CNI", "Carte nationale d'identité"}},
	"tax_id_fr":      {"*": {"Numéro fiscal", "N° fiscal", "SPI", "Numéro de TVA", "TVA intracommunautaire"}},
	"siret_fr":       {"*": {"SIRET", "N° SIRET", "Siret"}},
	"company_id_fr":  {"*": {"SIREN", "N° SIREN", "RCS Paris"}},
	"social_id_fr":   {"*": {"N° de sécurité sociale", "NIR", "Numéro INSEE", "Sécurité sociale"}},
	"national_id_it": {"*": {"Carta d'identità", "Carta di identità n.", "CIE"}},
	"tax_id_it":      {"*": {"Codice Fiscale", "C.F.", "Cod. Fiscale", "CF"}},
	"national_id_nl": {"*": {"BSN", "Burgerservicenummer", "BSN-nummer"}},
	"tax_id_nl":      {"*": {"BTW-nummer", "Btw-id", "BTW", "VAT"}},
	"company_id_nl":  {"*": {"KvK-nummer", "KvK", "Handelsregister"}},
	"national_id_be": {"*": {"Rijksregisternummer", "Numéro de registre national", "NISS", "Rijksregister"}},
	"national_id_es": {"*": {"DNI", "NIE", "DNI/NIE", "N.º DNI"}},
	"tax_id_es":      {"*": {"CIF", "C.I.F.", "NIF de la empresa"}},
	"national_id_pl": {"*": {"PESEL", "Nr PESEL"}},
	"tax_id_pl":      {"*": {"NIP", "Nr NIP", "NIP (VAT)"}},
	"tax_id_pt":      {"*": {"NIF", "Contribuinte", "N.º de contribuinte"}},
	"national_id_se": {"*": {"Personnummer", "Personnr"}},
	"national_id_dk": {"*": {"CPR-nr.", "CPR", "CPR-nummer"}},
	"national_id_fi": {"*": {"Henkilötunnus", "HETU", "Hetu"}},
	"social_id_uk":   {"*": {"National Insurance number", "NI number", "NINO"}},
	"tax_id_uk":      {"*": {"UTR", "Unique Taxpayer Reference", "UTR number"}},
	"nhs_uk":         {"*": {"NHS number", "NHS No", "NHS"}},
	"ssn":            {"*": {"SSN", "Social Security Number", "SSN#"}},
	"itin_us":        {"*": {"ITIN", "Individual Taxpayer Identification Number"}},
	"tax_id_us":      {"*": {"EIN", "Employer Identification Number", "FEIN"}},
	"national_id_us": {"*": {"Driver's License", "Driver License No", "DL#"}},
	"passport_us":    {"*": {"Passport No", "Passport Number", "US Passport"}},
	"aba_routing_us": {"*": {"Routing number", "ABA", "ABA routing"}},
	"bic":            {"*": {"BIC", "SWIFT", "BIC/SWIFT", "SWIFT Code"}},
	"crypto_wallet":  {"*": {"Wallet", "BTC address", "ETH wallet", "Bitcoin"}},
	"passport_mrz":   {"*": {"MRZ", "Passport MRZ"}},
	"name": {"en": {"Name", "Full name", "Customer", "Account holder", "Employee", "Contact"}, "tr": {"Ad Soyad", "Adı Soyadı", "Müşteri", "Çalışan"},
		"de": {"Name", "Kontoinhaber", "Mitarbeiter", "Ansprechpartner", "Kunde"}, "fr": {"Nom", "Titulaire", "Client"},
		"es": {"Nombre", "Titular", "Cliente", "Empleado"}},
	"address": {"en": {"Address", "Home address"}, "tr": {"Adres", "İkamet Adresi"}, "de": {"Anschrift", "Adresse", "Wohnort"},
		"fr": {"Adresse", "Domicile"}, "es": {"Dirección", "Domicilio"}},
	"date_of_birth": {"en": {"Date of birth", "DOB", "Born"}, "tr": {"Doğum Tarihi", "Doğum tarihi"}, "de": {"Geburtsdatum", "Geboren am"},
		"fr": {"Date de naissance", "Né le"}, "es": {"Fecha de nacimiento", "Nacido el"}},
	"province_tr":     {"*": {"Şehir", "İl"}},
	"company_name_tr": {"*": {"Firma", "Satıcı", "Unvan", "Alıcı"}},
}

var neutral = map[string][]string{
	"en": {"Please find the details of the transaction below.", "Payment is due within 30 days of receipt.",
		"Thank you for your business.", "The goods were delivered in good condition.", "Kind regards, the accounts team."},
	"tr": {"İşlem ayrıntıları aşağıda yer almaktadır.", "Ödeme 30 gün içinde yapılmalıdır.", "İş birliğiniz için teşekkür ederiz.",
		"Mallar eksiksiz teslim edilmiştir.", "Saygılarımızla, muhasebe ekibi."},
	"de": {"Nachfolgend finden Sie die Einzelheiten der Buchung.", "Zahlbar innerhalb von 30 Tagen ohne Abzug.",
		"Vielen Dank für Ihren Auftrag.", "Die Ware wurde vollständig geliefert.", "Mit freundlichen Grüßen, die Buchhaltung."},
	"fr": {"Veuillez trouver ci-dessous le détail de l'opération.", "Paiement à 30 jours à réception de facture.",
		"Nous vous remercions de votre confiance.", "La marchandise a été livrée en bon état.", "Cordialement, le service comptable."},
	"es": {"A continuación encontrará el detalle de la operación.", "El pago vence a los 30 días de la recepción.",
		"Gracias por confiar en nosotros.", "La mercancía se entregó en buen estado.", "Atentamente, el equipo de contabilidad."},
}

// unlabelled sentence frames for strong types ({} is the value).
var frames = map[string][]string{
	"en": {"We have recorded {} in our files.", "The value {} was confirmed yesterday."},
	"tr": {"Kayıtlarımızda {} bulunmaktadır.", "Dün {} teyit edildi."},
	"de": {"Wir haben {} in unseren Unterlagen vermerkt.", "Gestern wurde {} bestätigt."},
	"fr": {"Nous avons enregistré {} dans nos dossiers.", "La valeur {} a été confirmée hier."},
	"es": {"Hemos registrado {} en nuestros archivos.", "Ayer se confirmó {}."},
}

var businessLabels = map[string][]string{
	"en": {"Invoice No", "Order number", "Reference", "Tracking number", "Item", "Total", "Amount"},
	"tr": {"Fatura No", "Sipariş No", "Referans", "Kargo Takip No", "Tutar", "Toplam"},
	"de": {"Rechnungsnummer", "Bestellnummer", "Referenz", "Sendungsnummer", "Betrag", "Summe"},
	"fr": {"Facture n°", "Commande n°", "Référence", "Montant", "Total"},
	"es": {"Factura n.º", "Pedido", "Referencia", "Importe", "Total"},
}

// unlabelledOK: types strong enough to be reported without a label.
func unlabelledOK(d *detector) bool {
	switch d.Name {
	case "national_id_tr", "iban", "iban_tr", "iban_intl", "credit_card", "email", "tax_id_it", "social_id_fr",
		"national_id_es", "national_id_fi", "social_id_uk", "crypto_wallet", "ip_v6", "tax_id_de":
		return true
	}
	return false
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func labelFor(r *rand.Rand, d *detector, lang string) string {
	m := corpusLabels[d.Name]
	if v, ok := m[lang]; ok {
		return pick(r, v)
	}
	if v, ok := m["*"]; ok {
		return pick(r, v)
	}
	return d.label
}

// variant re-writes a synthetic value in another separator style the
// type accepts.
func variant(r *rand.Rand, d *detector, v string) string {
	if d.kind != kindRun || strings.ContainsAny(v, "\n") || r.IntN(3) != 0 {
		return v
	}
	switch d.Name {
	case "national_id_fi", "date_of_birth", "ip", "licence_plate_tr", "national_id_se", "national_id_dk", "ssn", "itin_us", "tax_id_us":
		return v
	}
	if strings.HasPrefix(d.Name, "phone_") {
		return v
	}
	return strings.NewReplacer(" ", "", "-", "", ".", "").Replace(v)
}

// broken returns a value of d's shape that fails its check, or "".
func broken(r *rand.Rand, d *detector, v string) string {
	if !d.Checksum || d.kind != kindRun {
		return ""
	}
	b := []byte(v)
	for tries := 0; tries < 20; tries++ {
		c := append([]byte{}, b...)
		var pos []int
		for i, ch := range c {
			if isDigit(ch) {
				pos = append(pos, i)
			}
		}
		if len(pos) == 0 {
			return ""
		}
		p := pick(r, pos)
		c[p] = byte('0' + (dv(c[p])+1+r.IntN(8))%10)
		s := string(c)
		if len(Detect(s, Options{MinScore: 0.01, Types: []string{d.Name}})) == 0 &&
			len(Detect(d.label+": "+s, Options{})) == 0 {
			return s
		}
	}
	return ""
}

// hardFrames place a labelled value in harder layouts: mid-sentence, in
// a table row, on the line after its label, upper-case label.
var hardFrames = []string{
	"Please note that the {L} is {V} as agreed.",
	"| {L} | {V} |",
	"{L}\n{V}",
	"{U}: {V}",
	"{L} ({V})",
}

func genCorpus(seed uint64, docsPerLang int) []corpusDoc {
	return genCorpusMode(seed, docsPerLang, false)
}

func genCorpusMode(seed uint64, docsPerLang int, hard bool) []corpusDoc {
	build()
	r := rand.New(rand.NewPCG(seed, 99))
	var docs []corpusDoc
	for _, lang := range corpusLangs {
		for n := 0; n < docsPerLang; n++ {
			var b strings.Builder
			var want []span
			line := func(s string) { b.WriteString(s); b.WriteByte('\n') }
			line(pick(r, neutral[lang]))
			// Twelve items per document, types drawn round-robin.
			for k := 0; k < 12; k++ {
				d := registry[(n*12+k+len(lang)*7)%len(registry)]
				v := variant(r, d, d.synth(r))
				switch r.IntN(4) {
				case 0: // business number look-alike with a business label
					fmt.Fprintf(&b, "%s: %s\n", pick(r, businessLabels[lang]), businessNumber(r))
				case 1: // a checksum-broken look-alike behind the type's own label
					if bad := broken(r, d, v); bad != "" {
						fmt.Fprintf(&b, "%s: %s\n", labelFor(r, d, lang), bad)
					}
				}
				if hard && d.Name != "passport_mrz" && d.Name != "address" && r.IntN(2) == 0 {
					fr := pick(r, hardFrames)
					lb := labelFor(r, d, lang)
					fr = strings.ReplaceAll(strings.ReplaceAll(fr, "{L}", lb), "{U}", strings.ToUpper(lb))
					pre, post, _ := strings.Cut(fr, "{V}")
					b.WriteString(pre)
					want = append(want, span{d.Name, b.Len(), b.Len() + len(v)})
					b.WriteString(v)
					line(post)
					continue
				}
				sep := pick(r, []string{": ", ": ", " ", " : ", ":\t"})
				if d.Name == "passport_mrz" {
					sep = ":\n"
				}
				if unlabelledOK(d) && r.IntN(3) == 0 {
					fr := pick(r, frames[lang])
					pre, post, _ := strings.Cut(fr, "{}")
					b.WriteString(pre)
					want = append(want, span{d.Name, b.Len(), b.Len() + len(v)})
					b.WriteString(v)
					line(post)
					continue
				}
				b.WriteString(labelFor(r, d, lang) + sep)
				want = append(want, span{d.Name, b.Len(), b.Len() + len(v)})
				b.WriteString(v)
				if d.Name == "address" || d.Name == "name" || d.Name == "passport_mrz" {
					line("")
				} else {
					line(pick(r, []string{"", ".", ",", " ;"}))
				}
				if r.IntN(3) == 0 {
					line(pick(r, neutral[lang]))
				}
			}
			docs = append(docs, corpusDoc{lang: lang, text: b.String(), want: want})
		}
	}
	return docs
}

func businessNumber(r *rand.Rand) string {
	switch r.IntN(7) {
	case 0:
		return fmt.Sprintf("INV-%d-%05d", 2020+r.IntN(6), r.IntN(100000))
	case 1:
		return string(randNonZero(r)) + string(randDigits(r, 9+r.IntN(8)))
	case 2:
		return fmt.Sprintf("%d.%03d,%02d EUR", 1+r.IntN(99), r.IntN(1000), r.IntN(100))
	case 3:
		return fmt.Sprintf("%02d.%02d.%d", 1+r.IntN(28), 1+r.IntN(12), 2015+r.IntN(10))
	case 4:
		return fmt.Sprintf("%d %03d %03d", 1+r.IntN(99), r.IntN(1000), r.IntN(1000))
	case 5: // a Luhn-valid 16-digit order number
		b := append([]byte{'4'}, randDigits(r, 14)...)
		return string(append(b, luhnDigit(b)))
	}
	return fmt.Sprintf("0%d %03d %02d %02d", 2+r.IntN(4), r.IntN(1000), r.IntN(100), r.IntN(100))
}
