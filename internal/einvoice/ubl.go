package einvoice

import (
	"strings"
)

// parseUBL maps a UBL 2.1 Invoice or CreditNote by the EN 16931 UBL
// binding (CEN/TS 16931-3-2), which Peppol BIS 3, XRechnung and UBL-TR
// share.
func parseUBL(root *node) *Invoice {
	credit := root.local == "CreditNote"
	inv := &Invoice{
		Syntax:          SyntaxUBL,
		CustomizationID: root.str("CustomizationID"),
		ProfileID:       root.str("ProfileID"),
		Number:          root.str("ID"),
		IssueDate:       normDate(root.str("IssueDate")),
		DueDate:         normDate(root.str("DueDate")),
		Currency:        root.str("DocumentCurrencyCode"),
		TaxCurrency:     root.str("TaxCurrencyCode"),
		BuyerReference:  root.str("BuyerReference"),
		OrderReference:  root.str("OrderReference", "ID"),
	}
	if credit {
		inv.TypeCode = root.str("CreditNoteTypeCode")
		inv.Kind = KindCreditNote
	} else {
		inv.TypeCode = root.str("InvoiceTypeCode")
		inv.Kind = kindOf(inv.TypeCode)
	}
	for _, n := range root.all("Note") {
		if n.text != "" {
			inv.Notes = append(inv.Notes, n.text)
		}
	}
	inv.Format = ublFormat(root, inv)
	tr := inv.Format == FormatUBLTR
	inv.Seller = ublParty(root.at("AccountingSupplierParty", "Party"), tr)
	inv.Buyer = ublParty(root.at("AccountingCustomerParty", "Party"), tr)

	var terms []string
	for _, pt := range root.all("PaymentTerms") {
		if s := pt.str("Note"); s != "" {
			terms = append(terms, s)
		}
	}
	inv.PaymentTerms = strings.Join(terms, "; ")
	for _, pt := range root.all("PaymentTerms") {
		if inv.DueDate == "" {
			inv.DueDate = normDate(pt.str("PaymentDueDate"))
		}
	}
	for _, pm := range root.all("PaymentMeans") {
		inv.PaymentMeans = append(inv.PaymentMeans, ublPaymentMeans(pm))
		// A credit note has no DueDate element; BT-9 sits on the means.
		if inv.DueDate == "" {
			inv.DueDate = normDate(pm.str("PaymentDueDate"))
		}
	}

	// BT-110 is the first TaxTotal in the document currency; another may
	// give the VAT in the tax currency (BT-111), without subtotals. UBL-TR
	// may give one TaxTotal per tax type, so the breakdown takes the
	// subtotals of every TaxTotal not in a foreign currency.
	totals := root.all("TaxTotal")
	inDocCurrency := func(tt *node) bool {
		c := tt.kid("TaxAmount").attr("currencyID")
		return c == "" || inv.Currency == "" || c == inv.Currency
	}
	var vatTotal *node
	for _, tt := range totals {
		if inDocCurrency(tt) {
			vatTotal = tt
			break
		}
	}
	if vatTotal == nil && len(totals) > 0 {
		vatTotal = totals[0]
	}
	inv.Totals.VAT = vatTotal.amount("TaxAmount")
	for _, tt := range totals {
		if tt != vatTotal && !inDocCurrency(tt) {
			continue
		}
		for _, st := range tt.all("TaxSubtotal") {
			inv.TaxBreakdown = append(inv.TaxBreakdown, ublTaxSubtotal(st))
		}
	}

	mt := root.kid("LegalMonetaryTotal")
	if mt == nil {
		mt = root.kid("RequestedMonetaryTotal") // UBL 2.0-era credit notes
	}
	inv.Totals.LineTotal = mt.amount("LineExtensionAmount")
	inv.Totals.Allowances = mt.amount("AllowanceTotalAmount")
	inv.Totals.Charges = mt.amount("ChargeTotalAmount")
	inv.Totals.WithoutVAT = mt.amount("TaxExclusiveAmount")
	inv.Totals.WithVAT = mt.amount("TaxInclusiveAmount")
	inv.Totals.Prepaid = mt.amount("PrepaidAmount")
	inv.Totals.Rounding = mt.amount("PayableRoundingAmount")
	inv.Totals.Due = mt.amount("PayableAmount")

	lineName, qtyName := "InvoiceLine", "InvoicedQuantity"
	if credit {
		lineName, qtyName = "CreditNoteLine", "CreditedQuantity"
	}
	for _, ln := range root.all(lineName) {
		inv.Lines = append(inv.Lines, ublLine(ln, qtyName))
	}
	inv.Attachments = ublAttachments(root)
	return inv
}

func ublParty(p *node, tr bool) Party {
	if p == nil {
		return Party{}
	}
	out := Party{
		Name:        firstStr(p.str("PartyLegalEntity", "RegistrationName"), p.str("PartyName", "Name"), personName(p.kid("Person"))),
		TradingName: p.str("PartyName", "Name"),
	}
	if out.TradingName == out.Name {
		out.TradingName = ""
	}
	if ep := p.kid("EndpointID"); ep != nil && ep.text != "" {
		out.Endpoint = ID{Scheme: ep.attr("schemeID"), Value: ep.text}
	}
	for _, pi := range p.all("PartyIdentification") {
		id := pi.kid("ID")
		if id == nil || id.text == "" {
			continue
		}
		out.IDs = append(out.IDs, ID{Scheme: id.attr("schemeID"), Value: id.text})
	}
	for _, pts := range p.all("PartyTaxScheme") {
		cid := pts.str("CompanyID")
		if cid == "" {
			continue
		}
		scheme := pts.str("TaxScheme", "ID")
		if strings.EqualFold(scheme, "VAT") && out.VATID == "" {
			out.VATID = cid
			continue
		}
		out.TaxIDs = append(out.TaxIDs, ID{Scheme: scheme, Value: cid})
	}
	if le := p.at("PartyLegalEntity", "CompanyID"); le != nil && le.text != "" {
		out.LegalID = ID{Scheme: le.attr("schemeID"), Value: le.text}
	}
	if tr {
		trTaxIDs(&out)
	}
	out.Address = ublAddress(p.kid("PostalAddress"))
	if c := p.kid("Contact"); c != nil {
		out.Contact = Contact{Name: c.str("Name"), Phone: c.str("Telephone"), Email: c.str("ElectronicMail")}
	}
	return out
}

// personName joins a cac:Person's names, the name of a party that is a
// natural person (common in UBL-TR e-Arşiv).
func personName(p *node) string {
	var parts []string
	for _, k := range []string{"FirstName", "MiddleName", "FamilyName"} {
		if s := p.str(k); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

func ublAddress(a *node) Address {
	if a == nil {
		return Address{}
	}
	out := Address{
		City:        a.str("CityName"),
		PostalCode:  a.str("PostalZone"),
		Subdivision: firstStr(a.str("CountrySubentity"), a.str("CitySubdivisionName")),
		Country:     firstStr(a.str("Country", "IdentificationCode"), a.str("Country", "Name")),
	}
	street := a.str("StreetName")
	if b := a.str("BuildingNumber"); b != "" && street != "" {
		street += " " + b
	}
	for _, s := range []string{street, a.str("AdditionalStreetName")} {
		if s != "" {
			out.Lines = append(out.Lines, s)
		}
	}
	for _, l := range a.all("AddressLine") {
		if s := l.str("Line"); s != "" {
			out.Lines = append(out.Lines, s)
		}
	}
	return out
}

func ublPaymentMeans(pm *node) PaymentMeans {
	acct := pm.kid("PayeeFinancialAccount")
	return PaymentMeans{
		Code:        pm.str("PaymentMeansCode"),
		IBAN:        acct.str("ID"),
		AccountName: acct.str("Name"),
		// UBL 2.1 (Peppol, XRechnung) puts the BIC on the branch; older
		// documents on the institution under it.
		BIC:       firstStr(acct.str("FinancialInstitutionBranch", "ID"), acct.str("FinancialInstitutionBranch", "FinancialInstitution", "ID")),
		Reference: pm.str("PaymentID"),
		DueDate:   normDate(pm.str("PaymentDueDate")),
	}
}

func ublTaxSubtotal(st *node) TaxSubtotal {
	cat := st.kid("TaxCategory")
	return TaxSubtotal{
		Category:        cat.str("ID"),
		Scheme:          firstStr(cat.str("TaxScheme", "ID"), cat.str("TaxScheme", "TaxTypeCode"), cat.str("TaxScheme", "Name")),
		Rate:            newAmount(firstStr(cat.str("Percent"), st.str("Percent"))),
		Base:            st.amount("TaxableAmount"),
		Amount:          st.amount("TaxAmount"),
		ExemptionReason: firstStr(cat.str("TaxExemptionReason"), cat.str("TaxExemptionReasonCode")),
	}
}

func ublLine(ln *node, qtyName string) Line {
	q := ln.kid(qtyName)
	item := ln.kid("Item")
	out := Line{
		ID:                ln.str("ID"),
		Name:              item.str("Name"),
		Description:       item.str("Description"),
		Quantity:          newAmount(q.str()),
		Unit:              q.attr("unitCode"),
		UnitPrice:         ln.amount("Price", "PriceAmount"),
		PriceBaseQuantity: ln.amount("Price", "BaseQuantity"),
		LineAmount:        ln.amount("LineExtensionAmount"),
	}
	if ct := item.kid("ClassifiedTaxCategory"); ct != nil {
		out.VATCategory = ct.str("ID")
		out.VATRate = ct.amount("Percent")
	} else if st := ln.at("TaxTotal", "TaxSubtotal"); st != nil {
		// UBL-TR states the line's tax as a subtotal instead.
		out.VATRate = newAmount(firstStr(st.str("TaxCategory", "Percent"), st.str("Percent")))
	}
	return out
}

// ublAttachments returns the files embedded in AdditionalDocumentReference
// (BG-24); references to external URIs carry no bytes and are skipped.
func ublAttachments(root *node) []Attachment {
	var out []Attachment
	for _, ref := range root.all("AdditionalDocumentReference") {
		bin := ref.at("Attachment", "EmbeddedDocumentBinaryObject")
		if bin == nil {
			continue
		}
		out = append(out, newAttachment(bin, bin.attr("filename"), bin.attr("mimeCode"), firstStr(ref.str("DocumentDescription"), ref.str("DocumentType"), ref.str("ID"))))
	}
	return out
}
