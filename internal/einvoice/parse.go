package einvoice

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// Parse reads one e-invoice XML (UBL, CII, ZUGFeRD 1.0 or FatturaPA, any
// encoding its prolog declares) into the model. It returns ErrTooLarge,
// ErrMalformed or ErrNotInvoice (wrapped) for input it refuses, and never
// panics. Memory stays linear in the input: attachments are decoded as
// they stream and bounded by limits.
//
// Envelopes are opened and named in Invoice.Envelope: a CAdES signature
// (an Italian ".xml.p7m", raw or base64; the signature is not checked
// here) and a Peppol Standard Business Document.
func Parse(r io.Reader, limits Limits) (*Invoice, error) {
	all, err := ParseAll(r, limits)
	if err != nil {
		return nil, err
	}
	return all[0], nil
}

// ParseAll is Parse for files that may hold several invoices: a FatturaPA
// "lotto" gives one Invoice per FatturaElettronicaBody, in order; every
// other document gives one. Parse returns the first of these. On success
// the slice is never empty.
func ParseAll(r io.Reader, limits Limits) ([]*Invoice, error) {
	lim := limits.withDefaults()
	root, envelope, err := readRoot(bufio.NewReader(r), lim)
	if err != nil {
		return nil, err
	}
	if isSBDH(root.space, root.local) {
		var payload *node
		for _, k := range root.kids {
			if syntaxOf(k.space, k.local) != "" {
				payload = k
				break
			}
		}
		if payload == nil {
			return nil, fmt.Errorf("%w: business document without an invoice payload", ErrNotInvoice)
		}
		root, envelope = payload, EnvelopeSBDH
	}
	var all []*Invoice
	switch syntaxOf(root.space, root.local) {
	case SyntaxUBL:
		all = []*Invoice{parseUBL(root)}
	case SyntaxCII:
		all = []*Invoice{parseCII(root)}
	case SyntaxZUGFeRD1:
		all = []*Invoice{parseZUGFeRD1(root)}
	case SyntaxFatturaPA:
		all = fatturaPABodies(root)
	default:
		return nil, fmt.Errorf("%w: root element {%s}%s", ErrNotInvoice, root.space, root.local)
	}
	for _, inv := range all {
		inv.Envelope = envelope
	}
	return all, nil
}

// readRoot parses the document, opening a CAdES envelope first.
func readRoot(br *bufio.Reader, lim Limits) (*node, string, error) {
	head, _ := br.Peek(16)
	if !looksLikeP7M(head) {
		root, err := parseTree(br, lim)
		return root, "", err
	}
	data, err := io.ReadAll(io.LimitReader(br, lim.MaxBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, "", ErrTooLarge
	}
	content, err := unwrapP7M(data)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	root, err := parseTree(bytes.NewReader(content), lim)
	return root, EnvelopeCAdES, err
}
