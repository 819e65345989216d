package einvoice

import (
	"mime"
	"strings"
)

// parseFatturaPA maps FatturaElettronica 1.2.x by the EN 16931 / FatturaPA
// correspondence the Agenzia delle Entrate publishes. The format has no
// single element for BT-109, BT-110 or BT-115, so those are the exact sums
// of the summary rows (DatiRiepilogo) and of the payment instalments.
//
// A file may batch several bodies (a "lotto") under one header, each its
// own invoice between the same parties; each becomes one Invoice.
func fatturaPABodies(root *node) []*Invoice {
	var out []*Invoice
	for _, b := range root.all("FatturaElettronicaBody") {
		out = append(out, fatturaPABody(root, b))
	}
	if len(out) == 0 {
		out = append(out, fatturaPABody(root, nil))
	}
	return out
}

func fatturaPABody(root, body *node) *Invoice {
	hdr := root.kid("FatturaElettronicaHeader")
	gen := body.at("DatiGenerali", "DatiGeneraliDocumento")
	inv := &Invoice{
		Syntax:          SyntaxFatturaPA,
		Format:          FormatFatturaPA,
		CustomizationID: root.attr("versione"),
		TypeCode:        gen.str("TipoDocumento"),
		Number:          gen.str("Numero"),
		IssueDate:       normDate(gen.str("Data")),
		Currency:        gen.str("Divisa"),
		OrderReference:  body.str("DatiGenerali", "DatiOrdineAcquisto", "IdDocumento"),
		BuyerReference:  hdr.str("DatiTrasmissione", "CodiceDestinatario"),
	}
	inv.Kind = kindOf(inv.TypeCode)
	for _, c := range gen.all("Causale") {
		if c.text != "" {
			inv.Notes = append(inv.Notes, c.text)
		}
	}
	inv.Seller = fpaParty(hdr.kid("CedentePrestatore"))
	inv.Buyer = fpaParty(hdr.kid("CessionarioCommittente"))

	goods := body.kid("DatiBeniServizi")
	var bases, taxes []Amount
	for _, r := range goods.all("DatiRiepilogo") {
		st := TaxSubtotal{
			Category:        r.str("Natura"),
			Scheme:          "VAT",
			Rate:            r.amount("AliquotaIVA"),
			Base:            r.amount("ImponibileImporto"),
			Amount:          r.amount("Imposta"),
			ExemptionReason: r.str("RiferimentoNormativo"),
		}
		inv.TaxBreakdown = append(inv.TaxBreakdown, st)
		bases = append(bases, st.Base)
		taxes = append(taxes, st.Amount)
	}
	inv.Totals.WithoutVAT = sumAmounts(bases)
	inv.Totals.VAT = sumAmounts(taxes)
	inv.Totals.WithVAT = gen.amount("ImportoTotaleDocumento")
	inv.Totals.Rounding = gen.amount("Arrotondamento")

	var paid []Amount
	var terms []string
	for _, dp := range body.all("DatiPagamento") {
		if s := dp.str("CondizioniPagamento"); s != "" {
			terms = append(terms, s)
		}
		for _, d := range dp.all("DettaglioPagamento") {
			pm := PaymentMeans{
				Code:        d.str("ModalitaPagamento"),
				IBAN:        d.str("IBAN"),
				BIC:         d.str("BIC"),
				AccountName: d.str("Beneficiario"),
				Reference:   d.str("CodicePagamento"),
				DueDate:     normDate(d.str("DataScadenzaPagamento")),
				Amount:      d.amount("ImportoPagamento"),
			}
			inv.PaymentMeans = append(inv.PaymentMeans, pm)
			if !pm.Amount.IsZero() {
				paid = append(paid, pm.Amount)
			}
			if inv.DueDate == "" {
				inv.DueDate = pm.DueDate
			}
		}
	}
	inv.PaymentTerms = strings.Join(terms, "; ")
	inv.Totals.Due = sumAmounts(paid)

	for _, d := range goods.all("DettaglioLinee") {
		inv.Lines = append(inv.Lines, Line{
			ID:          d.str("NumeroLinea"),
			Name:        d.str("Descrizione"),
			Quantity:    d.amount("Quantita"),
			Unit:        d.str("UnitaMisura"),
			UnitPrice:   d.amount("PrezzoUnitario"),
			LineAmount:  d.amount("PrezzoTotale"),
			VATCategory: d.str("Natura"),
			VATRate:     d.amount("AliquotaIVA"),
		})
	}
	for _, a := range body.all("Allegati") {
		bin := a.kid("Attachment")
		if bin == nil {
			continue
		}
		att := newAttachment(bin, a.str("NomeAttachment"), fpaMIME(a), a.str("DescrizioneAttachment"))
		inv.Attachments = append(inv.Attachments, att)
	}
	return inv
}

// fpaMIME derives a MIME type from FormatoAttachment ("PDF", "XML", ...);
// a compressed attachment is the archive, whatever its inner format.
func fpaMIME(a *node) string {
	switch strings.ToUpper(a.str("AlgoritmoCompressione")) {
	case "ZIP":
		return "application/zip"
	case "RAR":
		return "application/vnd.rar"
	}
	if f := strings.ToLower(a.str("FormatoAttachment")); f != "" {
		if t := mime.TypeByExtension("." + f); t != "" {
			t, _, _ = strings.Cut(t, ";")
			return t
		}
	}
	return ""
}

// fpaParty maps CedentePrestatore / CessionarioCommittente. BT-31/BT-48 is
// IdFiscaleIVA (country + code); the Codice Fiscale is a tax id.
func fpaParty(p *node) Party {
	if p == nil {
		return Party{}
	}
	da := p.kid("DatiAnagrafici")
	out := Party{}
	if iva := da.kid("IdFiscaleIVA"); iva != nil && iva.str("IdCodice") != "" {
		out.VATID = iva.str("IdPaese") + iva.str("IdCodice")
	}
	if cf := da.str("CodiceFiscale"); cf != "" {
		out.TaxIDs = append(out.TaxIDs, ID{Scheme: "CF", Value: cf})
	}
	an := da.kid("Anagrafica")
	out.Name = an.str("Denominazione")
	if out.Name == "" {
		out.Name = strings.TrimSpace(an.str("Nome") + " " + an.str("Cognome"))
	}
	if s := p.kid("Sede"); s != nil {
		street := s.str("Indirizzo")
		if n := s.str("NumeroCivico"); n != "" {
			street += " " + n
		}
		out.Address = Address{City: s.str("Comune"), PostalCode: s.str("CAP"), Subdivision: s.str("Provincia"), Country: s.str("Nazione")}
		if street != "" {
			out.Address.Lines = []string{street}
		}
	}
	if c := p.kid("Contatti"); c != nil {
		out.Contact = Contact{Phone: c.str("Telefono"), Email: c.str("Email")}
	}
	return out
}
