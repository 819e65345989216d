package einvoice

import (
	"bytes"
	"encoding/base64"
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
	// The envelope Peppol access points deliver documents in.
	nsSBDH = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
)

func isSBDH(space, local string) bool {
	return local == "StandardBusinessDocument" && space == nsSBDH
}

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
// 64 KiB, as some writers open with kilobytes of licence comments. PDFs
// are not sniffed here: hand any PDF to FromPDF, which reports
// ErrNotInvoice when it holds no invoice XML.
//
// A Peppol Standard Business Document is looked through: its payload is
// the invoice, after a header of a few hundred bytes.
//
// A CAdES envelope (.p7m) is looked into: the XML it signs usually opens
// within its first kilobyte, so the head reaches the root there too.
func Detect(head []byte) (Syntax, bool) {
	if looksLikeP7M(head) {
		return detectP7M(head)
	}
	in, charsetReader := xmlInput(bytes.NewReader(head))
	dec := xml.NewDecoder(in)
	dec.CharsetReader = charsetReader
	depth := 0
	sbdh := false
	for { // the prolog, comments and PIs come first; head bounds the loop
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && isSBDH(t.Name.Space, t.Name.Local):
				sbdh = true // the invoice is one of the root's children
			case depth == 1:
				s := syntaxOf(t.Name.Space, t.Name.Local)
				return s, s != ""
			case sbdh && depth == 2:
				if s := syntaxOf(t.Name.Space, t.Name.Local); s != "" {
					return s, true
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// detectP7M finds the signed XML's prolog or root inside the head of a
// .p7m without parsing the (truncated) envelope.
func detectP7M(head []byte) (Syntax, bool) {
	head = bytes.TrimSpace(head)
	if len(head) > 0 && head[0] == 'M' {
		b64 := stripSpace(head)
		b64 = b64[:len(b64)/4*4] // a head cuts the base64 anywhere
		dec := make([]byte, base64.StdEncoding.DecodedLen(len(b64)))
		n, err := base64.StdEncoding.Decode(dec, b64)
		if err != nil {
			return "", false
		}
		head = dec[:n]
	}
	i := bytes.Index(head, []byte("<?xml"))
	if i < 0 {
		if i = bytes.IndexByte(head, '<'); i < 0 {
			return "", false
		}
	}
	return Detect(head[i:])
}
