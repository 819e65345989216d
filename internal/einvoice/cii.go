package einvoice

import "strings"

// ciiNames are the element names that differ between UN/CEFACT CII D16B
// (CrossIndustryInvoice: EN 16931, XRechnung, Factur-X / ZUGFeRD 2.x) and
// the older CrossIndustryDocument of ZUGFeRD 1.0. The leaves (ID, Name,
// LineTotalAmount, ...) are the same in both, so one mapper reads both.
type ciiNames struct {
	context, doc, txn                       string
	agreement, delivery, settlement, totals string
	lineAgreement, lineDelivery             string
	lineSettlement, lineTotals, rate        string
}

var ciiD16B = ciiNames{
	context: "ExchangedDocumentContext", doc: "ExchangedDocument", txn: "SupplyChainTradeTransaction",
	agreement: "ApplicableHeaderTradeAgreement", delivery: "ApplicableHeaderTradeDelivery",
	settlement: "ApplicableHeaderTradeSettlement", totals: "SpecifiedTradeSettlementHeaderMonetarySummation",
	lineAgreement: "SpecifiedLineTradeAgreement", lineDelivery: "SpecifiedLineTradeDelivery",
	lineSettlement: "SpecifiedLineTradeSettlement", lineTotals: "SpecifiedTradeSettlementLineMonetarySummation",
	rate: "RateApplicablePercent",
}

var zugferd1 = ciiNames{
	context: "SpecifiedExchangedDocumentContext", doc: "HeaderExchangedDocument", txn: "SpecifiedSupplyChainTradeTransaction",
	agreement: "ApplicableSupplyChainTradeAgreement", delivery: "ApplicableSupplyChainTradeDelivery",
	settlement: "ApplicableSupplyChainTradeSettlement", totals: "SpecifiedTradeSettlementMonetarySummation",
	lineAgreement: "SpecifiedSupplyChainTradeAgreement", lineDelivery: "SpecifiedSupplyChainTradeDelivery",
	lineSettlement: "SpecifiedSupplyChainTradeSettlement", lineTotals: "SpecifiedTradeSettlementMonetarySummation",
	rate: "ApplicablePercent",
}

func parseCII(root *node) *Invoice { return parseCIIWith(root, ciiD16B, SyntaxCII) }

func parseZUGFeRD1(root *node) *Invoice { return parseCIIWith(root, zugferd1, SyntaxZUGFeRD1) }

func parseCIIWith(root *node, nm ciiNames, syntax Syntax) *Invoice {
	doc := root.kid(nm.doc)
	txn := root.kid(nm.txn)
	agr := txn.kid(nm.agreement)
	set := txn.kid(nm.settlement)
	inv := &Invoice{
		Syntax:          syntax,
		CustomizationID: root.str(nm.context, "GuidelineSpecifiedDocumentContextParameter", "ID"),
		ProfileID:       root.str(nm.context, "BusinessProcessSpecifiedDocumentContextParameter", "ID"),
		Number:          doc.str("ID"),
		TypeCode:        doc.str("TypeCode"),
		IssueDate:       normDate(doc.str("IssueDateTime", "DateTimeString")),
		Currency:        set.str("InvoiceCurrencyCode"),
		TaxCurrency:     set.str("TaxCurrencyCode"),
		BuyerReference:  agr.str("BuyerReference"),
		OrderReference:  agr.str("BuyerOrderReferencedDocument", "IssuerAssignedID"),
	}
	inv.Kind = kindOf(inv.TypeCode)
	inv.Format = ciiFormat(inv.CustomizationID, syntax)
	for _, n := range doc.all("IncludedNote") {
		if s := n.str("Content"); s != "" {
			inv.Notes = append(inv.Notes, s)
		}
	}
	inv.Seller = ciiParty(agr.kid("SellerTradeParty"))
	inv.Buyer = ciiParty(agr.kid("BuyerTradeParty"))

	var terms []string
	for _, pt := range set.all("SpecifiedTradePaymentTerms") {
		if s := pt.str("Description"); s != "" {
			terms = append(terms, s)
		}
		if inv.DueDate == "" {
			inv.DueDate = normDate(pt.str("DueDateDateTime", "DateTimeString"))
		}
	}
	inv.PaymentTerms = strings.Join(terms, "; ")
	for _, pm := range set.all("SpecifiedTradeSettlementPaymentMeans") {
		acct := pm.kid("PayeePartyCreditorFinancialAccount")
		inv.PaymentMeans = append(inv.PaymentMeans, PaymentMeans{
			Code:        pm.str("TypeCode"),
			IBAN:        firstStr(acct.str("IBANID"), acct.str("ProprietaryID")),
			AccountName: acct.str("AccountName"),
			BIC:         pm.str("PayeeSpecifiedCreditorFinancialInstitution", "BICID"),
			Reference:   set.str("PaymentReference"),
		})
	}
	for _, tax := range set.all("ApplicableTradeTax") {
		inv.TaxBreakdown = append(inv.TaxBreakdown, TaxSubtotal{
			Category:        tax.str("CategoryCode"),
			Scheme:          tax.str("TypeCode"),
			Rate:            tax.amount(nm.rate),
			Base:            tax.amount("BasisAmount"),
			Amount:          tax.amount("CalculatedAmount"),
			ExemptionReason: firstStr(tax.str("ExemptionReason"), tax.str("ExemptionReasonCode")),
		})
	}

	sum := set.kid(nm.totals)
	inv.Totals = Totals{
		LineTotal:  sum.amount("LineTotalAmount"),
		Allowances: sum.amount("AllowanceTotalAmount"),
		Charges:    sum.amount("ChargeTotalAmount"),
		WithoutVAT: sum.amount("TaxBasisTotalAmount"),
		VAT:        ciiTaxTotal(sum, inv.Currency),
		WithVAT:    sum.amount("GrandTotalAmount"),
		Prepaid:    sum.amount("TotalPrepaidAmount"),
		Rounding:   sum.amount("RoundingAmount"),
		Due:        sum.amount("DuePayableAmount"),
	}

	for _, li := range txn.all("IncludedSupplyChainTradeLineItem") {
		if ln, ok := ciiLine(li, nm); ok {
			inv.Lines = append(inv.Lines, ln)
		}
	}
	for _, ref := range agr.all("AdditionalReferencedDocument") {
		bin := ref.kid("AttachmentBinaryObject")
		if bin == nil {
			continue
		}
		inv.Attachments = append(inv.Attachments, newAttachment(bin, bin.attr("filename"), bin.attr("mimeCode"), firstStr(ref.str("Name"), ref.str("IssuerAssignedID"))))
	}
	return inv
}

// ciiTaxTotal picks BT-110: CII may state TaxTotalAmount twice, once in
// the invoice currency and once in the tax currency (BT-111).
func ciiTaxTotal(sum *node, currency string) Amount {
	all := sum.all("TaxTotalAmount")
	for _, t := range all {
		if currency != "" && t.attr("currencyID") == currency {
			return newAmount(t.text)
		}
	}
	for _, t := range all {
		if t.attr("currencyID") == "" {
			return newAmount(t.text)
		}
	}
	if len(all) > 0 {
		return newAmount(all[0].text)
	}
	return Amount{}
}

func ciiFormat(guideline string, syntax Syntax) string {
	g := strings.ToLower(guideline)
	switch {
	case syntax == SyntaxZUGFeRD1:
		return FormatZUGFeRD1
	case strings.Contains(g, "xrechnung"):
		return FormatXRechnungCII
	case strings.Contains(g, "factur-x"), strings.Contains(g, "zugferd"):
		return FormatFacturX
	}
	return FormatCII
}

func ciiParty(p *node) Party {
	if p == nil {
		return Party{}
	}
	out := Party{
		Name:        p.str("Name"),
		TradingName: p.str("SpecifiedLegalOrganization", "TradingBusinessName"),
	}
	for _, k := range []string{"ID", "GlobalID"} {
		for _, id := range p.all(k) {
			if id.text != "" {
				out.IDs = append(out.IDs, ID{Scheme: id.attr("schemeID"), Value: id.text})
			}
		}
	}
	if le := p.at("SpecifiedLegalOrganization", "ID"); le != nil && le.text != "" {
		out.LegalID = ID{Scheme: le.attr("schemeID"), Value: le.text}
	}
	if ep := p.at("URIUniversalCommunication", "URIID"); ep != nil && ep.text != "" {
		out.Endpoint = ID{Scheme: ep.attr("schemeID"), Value: ep.text}
	}
	for _, tr := range p.all("SpecifiedTaxRegistration") {
		id := tr.kid("ID")
		if id == nil || id.text == "" {
			continue
		}
		scheme := id.attr("schemeID")
		if strings.EqualFold(scheme, "VA") && out.VATID == "" {
			out.VATID = id.text
			continue
		}
		out.TaxIDs = append(out.TaxIDs, ID{Scheme: scheme, Value: id.text})
	}
	if a := p.kid("PostalTradeAddress"); a != nil {
		out.Address = Address{
			City:        a.str("CityName"),
			PostalCode:  a.str("PostcodeCode"),
			Subdivision: a.str("CountrySubDivisionName"),
			Country:     a.str("CountryID"),
		}
		for _, k := range []string{"LineOne", "LineTwo", "LineThree"} {
			if s := a.str(k); s != "" {
				out.Address.Lines = append(out.Address.Lines, s)
			}
		}
	}
	if c := p.kid("DefinedTradeContact"); c != nil {
		out.Contact = Contact{
			Name:  firstStr(c.str("PersonName"), c.str("DepartmentName")),
			Phone: c.str("TelephoneUniversalCommunication", "CompleteNumber"),
			Email: c.str("EmailURIUniversalCommunication", "URIID"),
		}
	}
	return out
}

// ciiLine maps one line item. EXTENDED profiles allow free-text items with
// no product, quantity or amount; those are notes, not lines (ok=false).
func ciiLine(li *node, nm ciiNames) (Line, bool) {
	prod := li.kid("SpecifiedTradeProduct")
	q := li.at(nm.lineDelivery, "BilledQuantity")
	amt := li.at(nm.lineSettlement, nm.lineTotals, "LineTotalAmount")
	if prod == nil && q == nil && amt == nil {
		return Line{}, false
	}
	price := li.at(nm.lineAgreement, "NetPriceProductTradePrice")
	tax := li.at(nm.lineSettlement, "ApplicableTradeTax")
	return Line{
		ID:                li.str("AssociatedDocumentLineDocument", "LineID"),
		Name:              prod.str("Name"),
		Description:       prod.str("Description"),
		Quantity:          newAmount(q.str()),
		Unit:              q.attr("unitCode"),
		UnitPrice:         price.amount("ChargeAmount"),
		PriceBaseQuantity: price.amount("BasisQuantity"),
		LineAmount:        newAmount(amt.str()),
		VATCategory:       tax.str("CategoryCode"),
		VATRate:           tax.amount(nm.rate),
	}, true
}
