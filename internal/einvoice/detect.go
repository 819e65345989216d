package einvoice

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// Root namespaces by syntax. UBL's Invoice and CreditNote are told apart
// by the root's local name.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsZUGFeRD1      = "urn:ferd:CrossIndustryDocument:invoice:1p0"
	// FatturaPA 1.2, 1.2.1 and 1.2.2 all keep the v1.2 namespace.
	nsFatturaPAPrefix = "http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1."
	// FatturaPA 1.1 (before 2017) had the same structure under SdI's name.
	nsFatturaPA11 = "http://www.fatturapa.gov.it/sdi/fatturapa/v1.1"
)

// syntaxOf names the syntax of a root element, or "" for anything else.
func syntaxOf(space, local string) Syntax {
	switch {
	case local == "Invoice" && space == nsUBLInvoice, local == "CreditNote" && space == nsUBLCreditNote:
		return SyntaxUBL
	case local == "CrossIndustryInvoice" && space == nsCII:
		return SyntaxCII
	case local == "CrossIndustryDocument" && space == nsZUGFeRD1:
		return SyntaxZUGFeRD1
	case local == "FatturaElettronica" && (strings.HasPrefix(space, nsFatturaPAPrefix) || space == nsFatturaPA11 || space == ""):
		// Some FatturaPA writers leave the root unqualified; the element
		// name is specific enough.
		return SyntaxFatturaPA
	}
	return ""
}

// Detect sniffs the head of a file and reports the e-invoice syntax its
// root element declares. It reads no further than the root's start tag, so
// a truncated head is fine, but the head must reach that tag: give it
// 64 KiB, as some writers open with kilobytes of licence comments. PDFs are not sniffed
// here: hand any PDF to FromPDF, which reports ErrNotInvoice when it holds
// no invoice XML.
func Detect(head []byte) (Syntax, bool) {
	in, charsetReader := xmlInput(bytes.NewReader(head))
	dec := xml.NewDecoder(in)
	dec.CharsetReader = charsetReader
	for { // the prolog, comments and PIs come first; head bounds the loop
		tok, err := dec.RawToken()
		if err != nil {
			return "", false
		}
		if se, ok := tok.(xml.StartElement); ok {
			// RawToken leaves prefixes unresolved, so resolve the root's
			// own namespace from its attributes.
			space := se.Name.Space
			want := "xmlns"
			if space != "" {
				want = "xmlns:" + space
			}
			space = ""
			for _, a := range se.Attr {
				name := a.Name.Local
				if a.Name.Space != "" {
					name = a.Name.Space + ":" + a.Name.Local
				}
				if name == want {
					space = a.Value
				}
			}
			s := syntaxOf(space, se.Name.Local)
			return s, s != ""
		}
	}
}
