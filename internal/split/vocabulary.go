package split

import (
	"strings"

	"github.com/quarrydev/quarry/internal/fields"
)

// titles are the names documents give themselves in their header, folded
// and tokenised as fields.Tokens does. A title in a page's top zone is how
// a new document usually announces itself; a continuation page repeats it
// now and then, which the numbering and number signals then overrule.
var titles = phraseSet(
	// invoices and their relatives
	"invoice", "tax invoice", "simplified tax invoice", "commercial invoice", "proforma invoice", "credit note", "debit note",
	"rechnung", "gutschrift", "fatura", "e fatura", "e arsiv fatura", "facture", "avoir", "factura", "fattura", "factuur",
	"nota de credito", "nota di credito", "creditnota",
	// receipts
	"receipt", "sales receipt", "cash receipt", "official receipt", "cash bill", "quittung", "kassenbon", "kassenbeleg",
	"makbuz", "satis fisi", "ticket de caisse", "recu", "recibo", "ticket", "scontrino", "kassabon",
	// orders, quotes, deliveries
	"purchase order", "order confirmation", "bestellung", "auftragsbestatigung", "siparis formu", "bon de commande",
	"orden de compra", "quotation", "quote", "estimate", "angebot", "teklif", "devis", "presupuesto", "offerte", "preventivo",
	"delivery note", "packing slip", "lieferschein", "irsaliye", "sevk irsaliyesi", "bon de livraison", "albaran",
	// statements, bills, pay
	"statement", "bank statement", "account statement", "kontoauszug", "hesap ekstresi", "releve de compte", "extracto",
	"payslip", "pay slip", "lohnabrechnung", "gehaltsabrechnung", "bordro", "bulletin de paie", "nomina",
	"utility bill", "electricity bill", "stromrechnung",
	// identity and agreements
	"passport", "identity card", "driving licence", "personalausweis", "reisepass", "kimlik karti", "carte nationale d identite",
	"documento nacional de identidad", "contract", "agreement", "vertrag", "sozlesme", "contrat", "contrato", "memorandum",
)

// continuations are phrases that say a page carries on from the one
// before ("continued", a carried-forward subtotal) or goes on after it.
var continuations = phraseSet(
	"continued", "continuation", "continued from previous page", "continued on next page", "carried forward", "brought forward",
	"fortsetzung", "ubertrag", "fortsetzung auf der nachsten seite", "devam", "devami", "nakli yekun",
	"a reporter", "suma y sigue", "continua", "continuacion", "segue", "vervolg",
)

// totalLabels mark the closing block of a financial document. A page that
// holds one (with an amount) ends its document more often than not.
var totalLabels = phraseSet(
	"total", "grand total", "total amount", "amount due", "total due", "balance due", "total payable", "total to pay",
	"net amount", "total incl vat", "total inc gst", "total ttc", "net a payer", "gesamtbetrag", "rechnungsbetrag", "endbetrag",
	"zu zahlen", "summe", "gesamtsumme", "genel toplam", "toplam", "odenecek tutar", "total a pagar", "importe total",
	"totale", "totaal", "te betalen", "jumlah", "amount payable", "total sales", "rounded total", "nett total",
)

// phrases is a set of token sequences indexed by first token.
type phrases map[string][][]string

func phraseSet(list ...string) phrases {
	ps := phrases{}
	for _, s := range list {
		toks := fields.Tokens(strings.ReplaceAll(s, "-", " "))
		if len(toks) > 0 {
			ps[toks[0]] = append(ps[toks[0]], toks)
		}
	}
	return ps
}

// longestAt returns the longest phrase starting at toks[i], or nil.
func (ps phrases) longestAt(toks []string, i int) []string {
	var best []string
	for _, ph := range ps[toks[i]] {
		if len(ph) <= len(best) || i+len(ph) > len(toks) {
			continue
		}
		ok := true
		for k := 1; k < len(ph); k++ {
			if toks[i+k] != ph[k] {
				ok = false
				break
			}
		}
		if ok {
			best = ph
		}
	}
	return best
}

// find returns the first (longest) phrase occurring in toks, joined by
// spaces, or "".
func (ps phrases) find(toks []string) string {
	for i := range toks {
		if ph := ps.longestAt(toks, i); ph != nil {
			return strings.Join(ph, " ")
		}
	}
	return ""
}

// letterheadCues are the words of a sender's letterhead: contact lines,
// registration numbers and company forms. Two of them in the header band
// make the page open with a letterhead, as first pages and single-page
// documents (receipts, letters, invoices) do.
var letterheadCues = phraseSet(
	"tel", "telephone", "phone", "fax", "mobile", "hp", "email", "e mail", "www", "web", "website",
	"gst", "gst id", "gst reg", "vat", "vat no", "vat reg", "reg no", "co no", "co reg", "company no", "abn", "tin", "ein",
	"ust", "ust idnr", "steuernummer", "hrb", "handelsregister", "vkn", "vergi", "mersis", "siret", "siren", "tva", "nif", "cif",
	"iban", "sdn", "bhd", "gmbh", "ltd", "limited", "inc", "llc", "plc", "sarl", "sas", "bv", "srl", "spa", "pty", "ag",
)
