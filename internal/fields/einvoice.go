package fields

import (
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/einvoice"
)

// einvoiceAliases maps a caller's field name (folded: lower case, words
// joined by "_") to the e-invoice concept (einvoice.Invoice.Fields keys)
// it asks for. Built-in schema names and the names people commonly give
// the EN 16931 business terms are listed; a field that names none of
// them keeps whatever the text extraction found.
var einvoiceAliases = func() map[string]string {
	m := map[string]string{}
	add := func(concept string, names ...string) {
		m[concept] = concept
		for _, n := range names {
			m[n] = concept
		}
	}
	add("invoice_number", "invoice_no", "invoice_id", "number", "document_number", "invoice_num", "bill_number", "credit_note_number")
	add("issue_date", "invoice_date", "date", "document_date", "date_of_issue", "bill_date")
	add("due_date", "payment_due_date", "date_due", "payment_due")
	add("currency", "currency_code", "invoice_currency")
	add("seller_name", "vendor_name", "vendor", "seller", "supplier", "supplier_name", "issuer", "issuer_name", "company", "company_name", "merchant", "merchant_name", "biller", "partner_name")
	add("seller_vat_id", "vendor_tax_id", "vendor_vat_id", "vendor_vat_number", "seller_vat_number", "supplier_vat_id", "supplier_tax_id", "seller_tax_id", "vat_id", "vat_number", "tax_id")
	add("seller_address", "vendor_address", "supplier_address", "issuer_address", "company_address", "address")
	add("buyer_name", "customer_name", "customer", "buyer", "client", "client_name", "bill_to", "recipient_name")
	add("buyer_vat_id", "customer_tax_id", "customer_vat_id", "customer_vat_number", "buyer_vat_number", "buyer_tax_id", "client_vat_id")
	add("buyer_address", "customer_address", "client_address", "billing_address")
	add("total_without_vat", "subtotal", "sub_total", "net_amount", "net_total", "total_net", "amount_untaxed", "total_excl_vat", "total_excluding_vat", "taxable_amount")
	add("total_vat", "tax_amount", "vat_amount", "total_tax", "tax_total", "vat_total", "amount_tax")
	add("total_with_vat", "total_amount", "total", "grand_total", "invoice_total", "total_incl_vat", "total_including_vat", "gross_amount", "amount")
	add("amount_due", "payable_amount", "amount_payable", "balance_due", "total_due", "amount_to_pay")
	add("iban", "bank_account", "account_number", "seller_iban", "vendor_iban")
	add("bic", "swift", "swift_code", "bic_code")
	add("payment_terms", "terms")
	add("order_reference", "po_number", "purchase_order", "purchase_order_number", "order_number")
	add("buyer_reference", "customer_reference", "leitweg_id")
	add("payment_reference", "remittance_information")
	return m
}()

// einvoiceByConcept maps the extraction concepts (concepts.go) to the
// e-invoice terms they stand for.
var einvoiceByConcept = map[string]string{
	"vendor_name": "seller_name", "merchant_name": "seller_name", "supplier_name": "seller_name",
	"customer_name": "buyer_name", "vendor_address": "seller_address", "customer_address": "buyer_address",
	"vendor_tax_id": "seller_vat_id", "customer_tax_id": "buyer_vat_id", "invoice_number": "invoice_number",
	"issue_date": "issue_date", "date": "issue_date", "due_date": "due_date", "currency": "currency", "iban": "iban",
	"total_amount": "total_with_vat", "subtotal": "total_without_vat", "tax_amount": "total_vat",
}

// einvoiceLineAliases maps a line member's folded name to a line value.
var einvoiceLineAliases = map[string]string{
	"description": "name", "name": "name", "item": "name", "item_name": "name", "product": "name", "service": "name",
	"quantity": "quantity", "qty": "quantity",
	"unit_price": "unit_price", "price": "unit_price", "price_unit": "unit_price", "net_price": "unit_price",
	"amount": "line_amount", "line_amount": "line_amount", "line_total": "line_amount", "total": "line_amount", "net_amount": "line_amount",
	"vat_rate": "vat_rate", "tax_rate": "vat_rate", "vat": "vat_rate",
	"unit": "unit", "unit_code": "unit", "uom": "unit",
	"id": "id", "line_id": "id", "position": "id",
}

// einvoiceLinesNames are the array fields that take the invoice lines.
var einvoiceLinesNames = map[string]bool{"line_items": true, "items": true, "lines": true, "invoice_lines": true, "positions": true, "products": true}

func foldName(s string) string {
	var b strings.Builder
	prevSep := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			prevSep = false
		} else if !prevSep {
			b.WriteByte('_')
			prevSep = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// FillFromEInvoice puts an e-invoice's values into the extracted groups
// of spec: the XML states them, so they replace what the text reading
// found, with confidence 1. A value the text reading also found keeps its
// box (a hybrid PDF grounds it on the visible page); any other has no
// box, since XML has no geometry.
//
// A field that names an e-invoice term the XML does not state keeps the
// text's answer only when the document has a printed side (a hybrid
// PDF's page is a second source). When the XML is the whole document
// (xmlOnly), the text reading is the same XML read less well: a total
// found there for an "amount_due" the invoice leaves out is a guess, so
// the field is left empty.
func FillFromEInvoice(groups []api.ExtractedGroup, spec api.DocumentTypeSpec, inv *einvoice.Invoice, xmlOnly bool) {
	if inv == nil {
		return
	}
	values := inv.Fields()
	for gi := range groups {
		g := &groups[gi]
		sg := specGroup(spec, g.Name)
		if sg == nil {
			continue
		}
		for fi := range g.Fields {
			out := &g.Fields[fi]
			decl := specField(sg, out.Name)
			if decl == nil {
				continue
			}
			if decl.EffectiveType() == api.TypeArray {
				if decl.Items != nil && decl.Items.EffectiveType() == api.TypeObject && einvoiceLinesNames[foldName(decl.Name)] && len(inv.Lines) > 0 {
					*out = linesField(decl, inv.Lines)
				}
				continue
			}
			concept, ok := einvoiceAliases[foldName(decl.Name)]
			if !ok {
				// Names in the caller's language ("fatura_no",
				// "rechnungsnummer") reach the same terms through the
				// concept table of docs/extraction.md.
				// A string named by the tax alone ("vat") is the seller's
				// number here as on a page (taxWordField).
				d := taxWordField(decl)
				if concept, ok = einvoiceByConcept[conceptFor(d.Name, d.Description)]; !ok {
					continue
				}
			}
			raw, ok := values[concept]
			if !ok {
				if xmlOnly {
					*out = missing(decl.Name)
				}
				continue
			}
			v, ok := typedValue(decl, raw)
			if !ok {
				continue
			}
			setStated(out, v)
		}
	}
}

// setStated records a value the document states in structured form.
func setStated(out *api.ExtractedField, v any) {
	if out.Value != nil && sameValue(out.Value, v) && out.BBox != nil {
		out.Confidence = 1
		return
	}
	out.Value = v
	out.Confidence = 1
	out.BBox = nil
	out.Pages = []int{}
}

func sameValue(a, b any) bool {
	fa, aok := a.(float64)
	fb, bok := b.(float64)
	if aok && bok {
		d := fa - fb
		return d < 0.005 && d > -0.005
	}
	return a == b
}

// typedValue converts an e-invoice string to the declared field's type.
func typedValue(f *api.Field, raw string) (any, bool) {
	switch f.EffectiveType() {
	case api.TypeNumber:
		v, err := strconv.ParseFloat(raw, 64)
		return v, err == nil
	case api.TypeInteger:
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil || v != float64(int64(v)) {
			return nil, false
		}
		return int64(v), true
	case api.TypeString:
		return raw, true
	}
	return nil, false
}

func linesField(decl *api.Field, lines []einvoice.Line) api.ExtractedField {
	rows := make([]api.ExtractedField, 0, len(lines))
	for _, ln := range lines {
		vals := map[string]string{
			"id": ln.ID, "name": firstNonEmpty(ln.Name, ln.Description), "quantity": ln.Quantity.Value,
			"unit_price": ln.UnitPrice.Value, "line_amount": ln.LineAmount.Value, "vat_rate": ln.VATRate.Value, "unit": ln.Unit,
		}
		members := make([]api.ExtractedField, len(decl.Items.Fields))
		for i := range decl.Items.Fields {
			m := &decl.Items.Fields[i]
			members[i] = missing(m.Name)
			raw := vals[einvoiceLineAliases[foldName(m.Name)]]
			if raw == "" {
				continue
			}
			if v, ok := typedValue(m, raw); ok {
				members[i] = api.ExtractedField{Name: m.Name, Value: v, Confidence: 1, Pages: []int{}}
			}
		}
		rows = append(rows, api.ExtractedField{Name: decl.Items.Name, Value: members, Confidence: 1, Pages: []int{}})
	}
	return api.ExtractedField{Name: decl.Name, Value: rows, Confidence: 1, Pages: []int{}}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func specGroup(spec api.DocumentTypeSpec, name string) *api.FieldGroup {
	for i := range spec.FieldGroups {
		if spec.FieldGroups[i].Name == name {
			return &spec.FieldGroups[i]
		}
	}
	return nil
}

func specField(g *api.FieldGroup, name string) *api.Field {
	for i := range g.Fields {
		if g.Fields[i].Name == name {
			return &g.Fields[i]
		}
	}
	return nil
}
