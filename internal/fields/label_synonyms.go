package fields

import (
	"strings"
	"sync"
	"sync/atomic"
)

// concepts lists, for common business fields, the labels documents print
// for them in English, Turkish, German, French and Spanish (with some
// Italian and Dutch). Keys are canonical field names; a declared field
// reaches a concept through its own name or an alias below.
var concepts = map[string][]string{
	"invoice_number": {"invoice number", "invoice no", "invoice nr", "invoice #", "invoice id", "inv no", "bill no", "bill number", "invoice",
		"fatura no", "fatura numarasi", "fatura nr", "fatura seri no", "belge no",
		"rechnungsnummer", "rechnungsnr", "rechnung nr", "rechnung", "re nr", "rechnungs nr",
		"numero de facture", "no de facture", "n de facture", "facture no", "facture n", "facture",
		"numero de factura", "no de factura", "n de factura", "factura no", "factura n", "no factura", "num factura", "factura",
		"numero fattura", "fattura n", "factuurnummer", "factuur nr",
		"handelsrechnung", "handelsrechnung nr",
		// a credit note's own number
		"credit note", "credit note no", "credit note number", "avoir", "avoir n", "numero d avoir", "gutschrift", "gutschrift nr",
		"gutschriftsnummer", "nota di credito", "nota de credito", "creditnota", "creditnota nr"},
	"issue_date": {"invoice date", "date of issue", "issue date", "issued", "date", "billing date", "dated",
		"fatura tarihi", "tarih", "duzenleme tarihi", "duzenlenme tarihi",
		"rechnungsdatum", "datum", "ausstellungsdatum", "belegdatum",
		"date de facture", "date de facturation", "date d emission", "date",
		"fecha de factura", "fecha de emision", "fecha", "fecha factura",
		"data fattura", "data", "factuurdatum"},
	"due_date": {"due date", "payment due", "due", "pay by", "payment date due",
		"son odeme tarihi", "vade tarihi", "vade",
		"falligkeitsdatum", "fallig am", "zahlbar bis", "zahlungsziel", "fällig",
		"date d echeance", "echeance", "a payer avant le", "date limite de paiement",
		"fecha de vencimiento", "vencimiento", "fecha limite de pago",
		"scadenza", "vervaldatum"},
	"vendor_name": {"vendor", "seller", "supplier", "from", "issuer", "sold by", "company",
		"satici", "satici firma", "tedarikci", "duzenleyen",
		"verkaufer", "lieferant", "rechnungssteller", "anbieter",
		"vendeur", "fournisseur", "emetteur", "societe",
		"vendedor", "proveedor", "emisor", "empresa",
		"fornitore", "leverancier"},
	"customer_name": {"customer", "bill to", "billed to", "client", "buyer", "sold to", "customer name", "invoice to",
		"alici", "musteri", "sayin", "alici firma",
		"kunde", "rechnungsempfanger", "rechnungsadresse", "empfanger", "kaufer", "auftraggeber",
		"client", "facture a", "destinataire", "acheteur",
		"cliente", "facturar a", "comprador", "destinatario",
		"klant"},
	"vendor_tax_id": {"vat id", "vat no", "vat number", "vat reg no", "tax id", "tax number", "tin", "ein",
		"vkn", "vergi no", "vergi numarasi", "vergi kimlik no", "v d no", "gst reg no", "gst no", "gst id", "gst registration no", "sst no", "nip", "regon nip",
		"ust idnr", "ust id nr", "ust id", "ust-idnr", "umsatzsteuer id", "steuernummer", "steuer nr", "st nr",
		"siret", "siren", "tva intracommunautaire", "n tva", "no tva", "numero de tva", "tva intracom",
		"nif", "cif", "nif cif", "n i f", "c i f",
		"partita iva", "p iva", "btw nummer", "btw nr", "btw id", "vat tin", "vat reg", "vat registration no",
		"tva intra communautaire", "tva intra", "n tva intra communautaire",
		// the tax's name alone: weaker (one word), and only a tax number's
		// shape is taken after it (taxIDShape), never the tax's amount
		"vat", "tva", "btw", "iva", "ust", "mwst", "gst", "sst"},
	"customer_tax_id": {"customer vat id", "customer tax id", "buyer tax id", "client vat",
		"alici vkn", "musteri vkn", "alici vergi no", "kunden ust idnr", "kunden ust id", "tva client", "nif cliente", "cif cliente"},
	"iban":     {"iban", "iban no", "iban number", "account iban"},
	"bic":      {"bic", "swift", "bic swift", "swift code", "swift bic"},
	"currency": {"currency", "para birimi", "doviz", "wahrung", "devise", "monnaie", "moneda", "divisa", "valuta"},
	"subtotal": {"subtotal", "sub total", "net amount", "net total", "total excl vat", "total before tax", "amount excl tax", "total net",
		"ara toplam", "ara top", "kdv haric toplam", "matrah",
		"zwischensumme", "nettobetrag", "netto", "summe netto", "gesamt netto", "nettosumme",
		"sous total", "total ht", "montant ht", "ht",
		"subtotal", "base imponible", "importe neto", "total sin iva", "base",
		"imponibile", "subtotaal"},
	"tax_amount": {"vat", "tax", "vat amount", "tax amount", "sales tax", "total vat", "total tax", "gst",
		"kdv", "kdv tutari", "toplam kdv", "hesaplanan kdv",
		"mwst", "mehrwertsteuer", "ust", "umsatzsteuer", "mwst betrag", "zzgl mwst",
		"tva", "montant tva", "total tva",
		"iva", "cuota iva", "importe iva", "total iva", "impuestos",
		"btw"},
	"total_amount": {"total", "total amount", "amount due", "total due", "grand total", "balance due", "invoice total", "total to pay", "amount payable", "total payable",
		"nett total", "total payable", "total paid", "total incl", "rounded total", "jumlah", "jumlah besar",
		"genel toplam", "toplam", "odenecek tutar", "toplam tutar", "odenecek toplam",
		"gesamtbetrag", "gesamt", "summe", "rechnungsbetrag", "endbetrag", "zu zahlen", "gesamtsumme", "bruttobetrag",
		"endsumme", "rechnungssumme", "zahlbetrag", "bruttosumme",
		"total ttc", "montant ttc", "net a payer", "somme a payer", "montant a payer", "amount to pay", "montant total", "total a payer", "ttc",
		"importe total", "total a pagar", "total factura", "importe",
		"totale", "totaal", "te betalen"},
	"tax_rate":        {"vat rate", "tax rate", "vat %", "kdv orani", "kdv %", "mwst satz", "steuersatz", "taux tva", "taux", "tipo iva", "tipo", "% iva"},
	"payment_method":  {"payment method", "paid by", "payment", "payment type", "odeme sekli", "odeme turu", "odeme", "zahlungsart", "bezahlt mit", "zahlung", "mode de paiement", "paiement", "reglement", "forma de pago", "metodo de pago", "pago"},
	"merchant_name":   {"merchant", "store", "shop", "magaza", "isyeri", "geschaft", "filiale", "magasin", "commercant", "tienda", "comercio", "establecimiento"},
	"employee_name":   {"employee", "employee name", "name", "personel", "calisan", "adi soyadi", "ad soyad", "personel adi", "arbeitnehmer", "mitarbeiter", "name des mitarbeiters", "salarie", "nom du salarie", "employe", "nom", "trabajador", "empleado", "nombre del trabajador", "nombre", "dipendente", "werknemer"},
	"employee_id":     {"employee id", "employee no", "employee number", "personnel no", "sicil no", "personel no", "personalnummer", "personal nr", "matricule", "numero de empleado", "matricula", "n empleado"},
	"employer_name":   {"employer", "company", "isveren", "firma", "sirket", "arbeitgeber", "unternehmen", "firma", "employeur", "entreprise", "societe", "empresa", "empleador", "datore di lavoro", "werkgever"},
	"period":          {"pay period", "period", "payroll period", "statement period", "billing period", "donem", "bordro donemi", "hesap donemi", "ekstre donemi", "abrechnungszeitraum", "zeitraum", "abrechnungsmonat", "auszugszeitraum", "periode", "periode de paie", "mois", "periodo", "periodo de liquidacion", "periodo de devengo", "mes"},
	"gross_pay":       {"gross pay", "gross salary", "gross", "gross earnings", "total earnings", "brut ucret", "brut maas", "brut", "toplam kazanc", "bruttolohn", "brutto", "bruttogehalt", "gesamtbrutto", "bruttoverdienst", "salaire brut", "brut", "total brut", "salario bruto", "bruto", "total devengado", "retribucion bruta", "lordo", "brutoloon"},
	"net_pay":         {"net pay", "net salary", "net", "take home pay", "net ucret", "net maas", "net odenen", "ele gecen", "odenecek net", "nettolohn", "netto", "auszahlungsbetrag", "nettogehalt", "nettoverdienst", "auszahlung", "net a payer", "salaire net", "net paye", "net a pagar", "liquido a percibir", "salario neto", "neto", "liquido", "netto in busta", "nettoloon"},
	"deductions":      {"deductions", "total deductions", "kesintiler", "toplam kesinti", "abzuge", "gesamtabzuge", "summe abzuge", "retenues", "total retenues", "cotisations", "deducciones", "total deducciones", "trattenute", "inhoudingen"},
	"income_tax":      {"income tax", "gelir vergisi", "lohnsteuer", "impot sur le revenu", "prelevement a la source", "irpf", "retencion irpf"},
	"social_security": {"social security", "sgk", "sgk primi", "sozialversicherung", "sv beitrag", "securite sociale", "seguridad social", "cotizacion ss"},
	"account_holder":  {"account holder", "account name", "name", "customer", "hesap sahibi", "musteri", "kontoinhaber", "inhaber", "titulaire", "titulaire du compte", "titular", "titular de la cuenta", "intestatario", "rekeninghouder"},
	"account_number":  {"account number", "account no", "hesap no", "hesap numarasi", "kontonummer", "konto nr", "numero de compte", "n de compte", "numero de cuenta", "cuenta"},
	"bank_name":       {"bank", "bank name", "banka", "kreditinstitut", "banque", "banco", "entidad"},
	"opening_balance": {"opening balance", "previous balance", "balance brought forward", "starting balance", "beginning balance", "acilis bakiyesi", "onceki bakiye", "devreden bakiye", "anfangssaldo", "alter saldo", "alter kontostand", "saldo alt", "solde initial", "ancien solde", "solde precedent", "solde d ouverture", "saldo inicial", "saldo anterior", "saldo iniziale", "beginsaldo"},
	"closing_balance": {"closing balance", "new balance", "ending balance", "final balance", "balance", "kapanis bakiyesi", "yeni bakiye", "son bakiye", "bakiye", "endsaldo", "neuer saldo", "neuer kontostand", "saldo neu", "solde final", "nouveau solde", "solde de cloture", "saldo final", "nuevo saldo", "saldo", "saldo finale", "eindsaldo"},
	"po_number": {"po number", "po no", "purchase order number", "purchase order no", "order number", "order no", "po #", "purchase order",
		"siparis no", "siparis numarasi", "satin alma siparisi no", "bestellnummer", "bestell nr", "auftragsnummer", "bestellung nr",
		"numero de commande", "bon de commande n", "commande n", "no de commande", "numero de pedido", "pedido n", "n de pedido", "orden de compra n", "numero ordine", "bestelnummer"},
	"order_date":    {"order date", "po date", "date", "siparis tarihi", "tarih", "bestelldatum", "datum", "date de commande", "date", "fecha de pedido", "fecha", "data ordine"},
	"delivery_date": {"delivery date", "ship date", "deliver by", "teslim tarihi", "teslimat tarihi", "liefertermin", "lieferdatum", "date de livraison", "livraison", "fecha de entrega", "entrega", "data consegna", "leverdatum"},
	"buyer_name":    {"buyer", "ordered by", "bill to", "customer", "alici", "siparis veren", "musteri", "besteller", "kaufer", "auftraggeber", "kunde", "acheteur", "client", "donneur d ordre", "comprador", "cliente", "acquirente", "koper"},
	"supplier_name": {"supplier", "vendor", "seller", "to", "tedarikci", "satici", "lieferant", "auftragnehmer", "fournisseur", "proveedor", "fornitore", "leverancier"},
	"email":         {"email", "e mail", "e-mail", "mail", "e posta", "eposta", "courriel", "correo", "correo electronico"},
	"phone":         {"phone", "tel", "telephone", "telefon", "tel no", "gsm", "mobile", "telefono", "telefone"},
	"address":       {"address", "adres", "adresse", "direccion", "domicilio", "indirizzo", "adres"},
	// The issuer's and the buyer's address (see concepts.go); the issuer's
	// is usually printed without a label, under its name.
	"vendor_address":   {"address", "seller address", "vendor address", "supplier address", "company address", "registered office", "adres", "satici adresi", "adresse", "anschrift", "direccion", "domicilio", "indirizzo", "alamat"},
	"customer_address": {"billing address", "bill to", "invoice address", "customer address", "shipping address", "ship to", "delivery address", "fatura adresi", "teslimat adresi", "rechnungsadresse", "lieferadresse", "adresse de facturation", "adresse de livraison", "direccion de facturacion", "direccion de envio", "indirizzo di fatturazione", "factuuradres"},
	"description":      {"description", "item", "items", "product", "service", "details", "article", "aciklama", "urun", "hizmet", "mal hizmet", "urun adi", "beschreibung", "bezeichnung", "artikel", "leistung", "designation", "libelle", "produit", "descripcion", "concepto", "articulo", "producto", "descrizione", "omschrijving"},
	"quantity":         {"quantity", "qty", "units", "miktar", "adet", "menge", "anzahl", "quantite", "qte", "cantidad", "cant", "uds", "quantita", "aantal"},
	"unit_price":       {"unit price", "price", "rate", "unit cost", "birim fiyat", "fiyat", "b fiyat", "einzelpreis", "preis", "e preis", "stuckpreis", "prix unitaire", "pu", "prix", "p u", "precio unitario", "precio", "prezzo unitario", "prijs", "stukprijs"},
	"amount":           {"amount", "line total", "total", "sum", "tutar", "toplam", "tutari", "betrag", "gesamt", "summe", "gesamtpreis", "montant", "total", "montant ht", "importe", "total", "importo", "bedrag"},
	"receipt_number":   {"receipt number", "receipt no", "receipt #", "fis no", "fis numarasi", "beleg nr", "bon nr", "belegnummer", "ticket n", "ticket no", "no ticket", "n ticket", "recibo n", "n ticket", "ticket"},
	"tckn":             {"tckn", "tc kimlik no", "t c kimlik no", "tc no", "kimlik no", "tc kimlik numarasi"},
	"date":             {"date", "tarih", "datum", "fecha", "data"},
	"balance":          {"balance", "bakiye", "saldo", "solde", "kontostand"},
	"debit":            {"debit", "withdrawal", "borc", "soll", "lastschrift", "debit", "cargo", "dare"},
	"credit":           {"credit", "deposit", "alacak", "haben", "gutschrift", "credit", "abono", "avere"},
}

// conceptAliases routes other common field names to a concept.
var conceptAliases = map[string]string{
	"invoice_no": "invoice_number", "invoice_id": "invoice_number", "number": "invoice_number",
	"invoice_date": "issue_date", "date_of_issue": "issue_date", "receipt_date": "date", "transaction_date": "date",
	"payment_due_date": "due_date", "date_due": "due_date",
	"seller_name": "vendor_name", "supplier": "supplier_name", "issuer": "vendor_name", "vendor": "vendor_name", "seller": "vendor_name", "issuer_name": "vendor_name",
	"buyer": "buyer_name", "customer": "customer_name", "client_name": "customer_name", "bill_to": "customer_name",
	"vat_id": "vendor_tax_id", "tax_id": "vendor_tax_id", "seller_tax_id": "vendor_tax_id", "seller_vat_id": "vendor_tax_id", "vendor_vat_id": "vendor_tax_id", "buyer_tax_id": "customer_tax_id",
	"net_amount": "subtotal", "amount_untaxed": "subtotal", "net_total": "subtotal",
	"vat_amount": "tax_amount", "vat": "tax_amount", "tax": "tax_amount", "amount_tax": "tax_amount", "total_tax": "tax_amount",
	"total": "total_amount", "grand_total": "total_amount", "amount_due": "total_amount", "total_due": "total_amount", "gross_amount": "total_amount",
	"store_name": "merchant_name", "merchant": "merchant_name", "shop_name": "merchant_name",
	"employee": "employee_name", "employer": "employer_name", "company_name": "employer_name",
	"pay_period": "period", "statement_period": "period", "billing_period": "period",
	"gross_salary": "gross_pay", "net_salary": "net_pay", "total_deductions": "deductions",
	"holder": "account_holder", "account_holder_name": "account_holder",
	"purchase_order_number": "po_number", "order_number": "po_number", "po_date": "order_date",
	"qty": "quantity", "price": "unit_price", "unit_cost": "unit_price", "line_total": "amount", "total_price": "amount",
	"item": "description", "name": "description", "product": "description", "item_description": "description",
	"national_id": "tckn", "tc_kimlik_no": "tckn",
	"currency_code": "currency", "email_address": "email", "phone_number": "phone",
}

// conceptOf returns the concept a field name belongs to, or "".
func conceptOf(name string) string {
	key := strings.ReplaceAll(SplitName(name), " ", "_")
	key = Fold(key)
	if _, ok := concepts[key]; ok {
		return key
	}
	if c, ok := conceptAliases[key]; ok {
		return c
	}
	return ""
}

// labelPhrases returns the folded label phrases to look for for a field:
// its concept's synonyms, its split name and short descriptions. The
// quality weight of each phrase says how much a match is worth.
func labelPhrases(name, description string) []phrase {
	key := name + "\x00" + description
	if v, ok := phraseCache.Load(key); ok {
		return v.([]phrase)
	}
	out := buildPhrases(name, description)
	if phraseCacheSize.Add(1) < maxPhraseCache {
		phraseCache.Store(key, out)
	}
	return out
}

// phraseCache keeps the phrases of field names seen before: schemas repeat
// across requests. It stops growing at maxPhraseCache entries.
var (
	phraseCache     sync.Map
	phraseCacheSize atomic.Int64
)

const maxPhraseCache = 50000

func buildPhrases(name, description string) []phrase {
	seen := map[string]bool{}
	var out []phrase
	addToks := func(toks []string, w float64) {
		if len(toks) == 0 {
			return
		}
		k := strings.Join(toks, " ")
		if seen[k] {
			return
		}
		seen[k] = true
		out = append(out, phrase{toks: toks, weight: w})
	}
	add := func(s string, w float64) {
		var toks []string
		for _, raw := range strings.Fields(splitPunct.Replace(s)) {
			t := labelTok(raw)
			if t == "" || ((t == "d" || t == "l") && len(toks) > 0) {
				continue // elided articles: "date d echeance"
			}
			if t == "n" || t == "nr" {
				t = "no" // "N°", "Nº" fold to "no"
			}
			toks = append(toks, t)
		}
		addToks(toks, w)
		// Compounds written as one word: "USt-IdNr.", "Sous-total".
		if len(toks) == 2 || len(toks) == 3 {
			addToks([]string{strings.Join(toks, "")}, w)
		}
	}
	add(SplitName(name), 1)
	if c := conceptFor(name, description); c != "" {
		for _, s := range concepts[c] {
			// Single words ("Invoice", "Total") are weaker evidence than
			// full labels; they are often titles or column headings.
			w := 1.0
			if !strings.ContainsAny(strings.TrimSpace(s), " -") {
				w = 0.9
			}
			add(s, w)
		}
	}
	if description != "" {
		for _, part := range strings.FieldsFunc(description, func(r rune) bool { return r == ',' || r == ';' || r == '(' || r == ')' || r == '/' || r == '|' }) {
			if n := len(strings.Fields(part)); n > 0 && n <= 4 {
				add(part, 0.9)
			}
		}
	}
	return out
}

// phrase is a folded label.
type phrase struct {
	toks   []string
	weight float64
}
