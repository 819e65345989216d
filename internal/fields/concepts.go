package fields

import (
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// Callers name their fields in their own words: a receipt schema says
// "company" and "total", an invoice2data migration says "issuer" and
// "amount", an ERP export says "supplier_name" and "payable_amount". They
// all mean one of Quarry's concepts (vendor_name, total_amount, ...), and
// reaching the concept is what unlocks its labels in every language and its
// label-free fallbacks (the header block, the ranked total). conceptFor
// decides the concept from the field's name first and, when the name is
// unknown or generic ("amount", "date", "address"), from its description.
// The table is documented in docs/extraction.md.

// callerNames routes field names (split and folded, words joined by "_")
// that conceptAliases does not already know. Grouped by concept.
var callerNames = func() map[string]string {
	groups := map[string][]string{
		"vendor_name": {"company", "issuer", "issuer_name", "seller", "seller_name", "vendor", "vendor_name", "supplier_company",
			"biller", "biller_name", "provider", "provider_name", "sold_by", "from", "business", "business_name", "trading_name",
			"retailer", "retailer_name", "restaurant", "restaurant_name", "organization", "organisation", "legal_name",
			"firma", "firma_adi", "satici", "satici_adi", "unvan", "lieferant_name", "verkaufer", "fournisseur", "vendeur",
			"emetteur", "proveedor", "vendedor", "emisor", "razon_social", "raison_sociale", "fornitore", "leverancier"},
		"merchant_name": {"store", "store_name", "shop", "shop_name", "merchant", "merchant_name", "outlet", "outlet_name", "magaza", "tienda"},
		"supplier_name": {"supplier", "supplier_name"},
		"customer_name": {"buyer_name", "client", "customer", "customer_name", "bill_to_name", "billed_to", "recipient", "recipient_name",
			"alici", "musteri", "kunde", "acheteur", "cliente"},
		"vendor_address": {"address", "seller_address", "vendor_address", "supplier_address", "issuer_address", "company_address",
			"store_address", "shop_address", "merchant_address", "business_address", "from_address", "sender_address",
			"adres", "adresse", "direccion", "indirizzo"},
		"customer_address": {"buyer_address", "customer_address", "client_address", "billing_address", "bill_to_address",
			"invoice_address", "shipping_address", "ship_to_address", "delivery_address", "recipient_address"},
		"total_amount": {"total", "total_amount", "amount_total", "grand_total", "amount_due", "total_due", "payable_amount",
			"amount_payable", "total_payable", "payable", "total_paid", "amount_paid", "paid_amount", "balance_due", "invoice_total",
			"invoice_amount", "receipt_total", "total_incl_vat", "total_incl_tax", "total_inc_vat", "total_gross", "gross_total",
			"gross_amount", "total_price_incl_vat", "sum_total", "nett_total", "final_amount", "toplam", "genel_toplam", "odenecek_tutar",
			"gesamtbetrag", "rechnungsbetrag", "endbetrag", "montant_total", "total_ttc", "montant_ttc", "importe_total",
			"total_a_pagar", "totale", "totaal", "jumlah"},
		"subtotal": {"subtotal", "sub_total", "net_amount", "amount_untaxed", "net_total", "total_excl_vat", "total_excl_tax",
			"total_net", "untaxed_amount", "ara_toplam", "nettobetrag", "total_ht", "montant_ht", "base_imponible"},
		"tax_amount": {"tax", "tax_amount", "vat", "vat_amount", "gst", "gst_amount", "sst", "sst_amount", "amount_tax",
			"total_tax", "total_vat", "sales_tax", "kdv", "kdv_tutari", "mwst", "mwst_betrag", "tva", "montant_tva", "iva", "cuota_iva", "btw"},
		"vendor_tax_id": {"tax_id", "vat_id", "vat_number", "vat_no", "vat_reg_no", "gst_no", "gst_id", "gst_reg_no", "gst_number",
			"sst_no", "tin", "ein", "tax_number", "tax_no", "vkn", "vergi_no", "nip", "nif", "cif", "siren", "siret",
			"ust_id", "ust_idnr", "steuernummer", "partita_iva", "btw_nummer", "seller_tax_id", "vendor_vat_id", "supplier_vat"},
		"customer_tax_id": {"buyer_tax_id", "customer_tax_id", "customer_vat_id", "buyer_vat_id", "client_vat"},
		"invoice_number": {"invoice_number", "invoice_no", "invoice_id", "invoice_nr", "inv_no", "bill_no", "bill_number",
			"document_number", "document_no", "doc_no", "doc_number", "fatura_no", "rechnungsnummer", "numero_facture",
			"numero_factura", "factuurnummer"},
		"receipt_number": {"receipt_number", "receipt_no", "receipt_id", "ticket_number", "fis_no", "bon_nr"},
		"issue_date": {"invoice_date", "issue_date", "date_of_issue", "issued_on", "document_date", "billing_date",
			"fatura_tarihi", "rechnungsdatum", "date_facture", "fecha_factura"},
		"date":     {"date", "receipt_date", "transaction_date", "purchase_date", "sale_date", "tarih", "datum", "fecha"},
		"due_date": {"due_date", "date_due", "payment_due_date", "pay_by", "vade_tarihi", "falligkeitsdatum", "date_echeance", "fecha_vencimiento"},
		"currency": {"currency", "currency_code", "para_birimi", "wahrung", "devise", "moneda"},
		"iban":     {"iban", "iban_number", "bank_iban", "account_iban"},
	}
	m := map[string]string{}
	for c, names := range groups {
		for _, n := range names {
			m[n] = c
		}
	}
	return m
}()

// genericConcepts are concepts a bare name reaches although the
// description may say something more specific: "amount" is a line amount
// inside a table but "the total amount of the invoice" at the top level.
var genericConcepts = map[string]bool{"": true, "amount": true, "date": true, "description": true, "vendor_address": true}

// taxWordNames are field names that say only the tax's name ("vat",
// "btw", "gst"): callers use them for the tax's amount and for the
// seller's number under that tax alike (invoice2data's "vat" is the VAT
// number). The description decides when it can; otherwise the declared
// type does (taxWordField): a number is the amount, a string the number.
var taxWordNames = setOf("vat", "tva", "btw", "iva", "gst", "sst", "mwst", "ust", "kdv", "tax")

// taxWordField returns the field to extract for f: f itself, or, for a
// string field named by a tax word alone whose description names no
// concept, a copy described as the seller's tax number, so that every
// stage (labels, value kind, fallbacks) reads it as one. The caller's
// name is kept.
func taxWordField(f *api.Field) *api.Field {
	if f.EffectiveType() != api.TypeString || !taxWordNames[Fold(SplitName(f.Name))] || descriptionConcept(f.Description) != "" {
		return f
	}
	for _, t := range Tokens(f.Description) {
		if amountWords[t] {
			return f // "VAT amount" declared as a string
		}
	}
	c := *f
	c.Description = strings.TrimSpace(f.Description + " seller tax id")
	return &c
}

// amountWords in a description say a tax word names an amount.
var amountWords = setOf("amount", "sum", "total", "rate", "percent", "betrag", "summe", "montant", "importe", "tutar", "tutari", "bedrag")

// descriptionCues map words of a field description to a concept. They are
// tried in order and the first whose every word occurs wins, so the more
// specific cues come first ("due date" before "date", "customer address"
// before "address", "address of the company" before "company").
var descriptionCues = []struct {
	words   []string
	concept string
}{
	{[]string{"due"}, "due_date"},
	{[]string{"address", "customer"}, "customer_address"},
	{[]string{"address", "buyer"}, "customer_address"},
	{[]string{"address", "billing"}, "customer_address"},
	{[]string{"address", "shipping"}, "customer_address"},
	{[]string{"address"}, "vendor_address"},
	{[]string{"tax", "id"}, "vendor_tax_id"},
	{[]string{"vat", "number"}, "vendor_tax_id"},
	{[]string{"subtotal"}, "subtotal"},
	{[]string{"before", "tax"}, "subtotal"},
	{[]string{"excluding"}, "subtotal"},
	{[]string{"total"}, "total_amount"},
	{[]string{"payable"}, "total_amount"},
	{[]string{"paid"}, "total_amount"},
	{[]string{"amount", "due"}, "total_amount"},
	{[]string{"invoice", "number"}, "invoice_number"},
	{[]string{"receipt", "number"}, "receipt_number"},
	{[]string{"issued"}, "vendor_name"},
	{[]string{"seller"}, "vendor_name"},
	{[]string{"vendor"}, "vendor_name"},
	{[]string{"supplier"}, "vendor_name"},
	{[]string{"merchant"}, "merchant_name"},
	{[]string{"store"}, "merchant_name"},
	{[]string{"shop"}, "merchant_name"},
	{[]string{"customer"}, "customer_name"},
	{[]string{"buyer"}, "customer_name"},
	{[]string{"invoice", "date"}, "issue_date"},
	{[]string{"currency"}, "currency"},
}

// lineWords in a description mean a line item's own value, never a
// document total: "line total", "amount of the item".
var lineWords = map[string]bool{"line": true, "item": true, "items": true, "unit": true, "row": true, "position": true, "article": true}

// conceptFor returns the concept of a declared field: from its name
// (Quarry's own vocabulary, then the caller-name table) and, when that is
// unknown or generic, from the words of its description.
func conceptFor(name, description string) string {
	c := conceptOf(name)
	if c == "address" {
		// A business document's unqualified address is its issuer's: the
		// block printed under the name.
		c = "vendor_address"
	}
	if c == "" {
		key := Fold(strings.ReplaceAll(SplitName(name), " ", "_"))
		c = callerNames[key]
	}
	taxWord := c == "tax_amount" && taxWordNames[Fold(SplitName(name))]
	if !genericConcepts[c] && !taxWord || description == "" {
		return c
	}
	if d := descriptionConcept(description); d != "" {
		// A description only narrows a name: "address" may become the
		// buyer's address, "amount" the total, but "date" stays a date.
		if c == "" || compatible(c, d) {
			return d
		}
	}
	return c
}

// compatible reports whether a description's concept may refine a generic
// name's concept (same kind of value).
func compatible(name, desc string) bool {
	switch name {
	case "tax_amount": // a tax word alone (taxWordNames)
		return desc == "vendor_tax_id" || desc == "customer_tax_id"
	case "amount":
		return desc == "total_amount" || desc == "subtotal" || desc == "tax_amount"
	case "date":
		return dateConcepts[desc]
	case "vendor_address":
		return desc == "customer_address" || desc == "vendor_address"
	case "description":
		return false
	}
	return false
}

// descriptionConcept reads a concept from a description's words.
func descriptionConcept(description string) string {
	toks := map[string]bool{}
	for _, t := range Tokens(strings.NewReplacer("-", " ", "/", " ", "_", " ").Replace(description)) {
		toks[t] = true
	}
	for t := range toks {
		if lineWords[t] {
			return ""
		}
	}
	for _, cue := range descriptionCues {
		all := true
		for _, w := range cue.words {
			if !toks[w] {
				all = false
				break
			}
		}
		if all {
			return cue.concept
		}
	}
	return ""
}

// ConceptFor is conceptFor for other engines (the judge) that need to know
// what a declared field means without a second vocabulary: "" when the
// name and description reach no concept.
func ConceptFor(name, description string) string {
	return conceptFor(name, description)
}
