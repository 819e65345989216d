package einvoice

import "strings"

// Fields returns the invoice's values under stable concept names, the
// vocabulary the extraction layer maps into schemas. Amounts are in
// canonical decimal form, dates YYYY-MM-DD; empty values are left out.
//
// Names: document_kind, type_code, format, invoice_number, issue_date,
// due_date, currency, buyer_reference, order_reference, payment_terms,
// seller_*/buyer_* (name, vat_id, tax_id, legal_id, address, city,
// postal_code, country, email, phone), line_total, allowance_total,
// charge_total, total_without_vat, total_vat, total_with_vat,
// prepaid_amount, rounding_amount, amount_due, iban, bic,
// payment_reference, line_count.
func (inv *Invoice) Fields() map[string]string {
	if inv == nil {
		return nil
	}
	m := map[string]string{}
	put := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			m[k] = v
		}
	}
	put("document_kind", string(inv.Kind))
	put("type_code", inv.TypeCode)
	put("format", inv.Format)
	put("invoice_number", inv.Number)
	put("issue_date", inv.IssueDate)
	put("due_date", inv.DueDate)
	put("currency", inv.Currency)
	put("buyer_reference", inv.BuyerReference)
	put("order_reference", inv.OrderReference)
	put("payment_terms", inv.PaymentTerms)
	for prefix, p := range map[string]Party{"seller_": inv.Seller, "buyer_": inv.Buyer} {
		put(prefix+"name", p.Name)
		put(prefix+"vat_id", p.VATID)
		if len(p.TaxIDs) > 0 {
			put(prefix+"tax_id", p.TaxIDs[0].Value)
		}
		put(prefix+"legal_id", p.LegalID.Value)
		put(prefix+"address", strings.Join(p.Address.Lines, ", "))
		put(prefix+"city", p.Address.City)
		put(prefix+"postal_code", p.Address.PostalCode)
		put(prefix+"country", p.Address.Country)
		put(prefix+"email", p.Contact.Email)
		put(prefix+"phone", p.Contact.Phone)
	}
	t := inv.Totals
	for k, a := range map[string]Amount{
		"line_total": t.LineTotal, "allowance_total": t.Allowances, "charge_total": t.Charges,
		"total_without_vat": t.WithoutVAT, "total_vat": t.VAT, "total_with_vat": t.WithVAT,
		"prepaid_amount": t.Prepaid, "rounding_amount": t.Rounding, "amount_due": t.Due,
	} {
		put(k, firstStr(a.Value, a.Raw))
	}
	// The first means with an account is the one a payer would use.
	for _, pm := range inv.PaymentMeans {
		if pm.IBAN != "" {
			put("iban", strings.ReplaceAll(pm.IBAN, " ", ""))
			put("bic", pm.BIC)
			break
		}
	}
	for _, pm := range inv.PaymentMeans {
		if pm.Reference != "" {
			put("payment_reference", pm.Reference)
			break
		}
	}
	if len(inv.Lines) > 0 {
		put("line_count", itoa(len(inv.Lines)))
	}
	return m
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
