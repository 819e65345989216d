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
// A CAdES envelope (an Italian ".xml.p7m", raw or base64) is opened and the
// XML it carries is read; Invoice.Envelope then says so. The signature is
// not checked here.
func Parse(r io.Reader, limits Limits) (*Invoice, error) {
	lim := limits.withDefaults()
	br := bufio.NewReader(r)
	if head, _ := br.Peek(16); looksLikeP7M(head) {
		return parseP7M(br, lim)
	}
	root, err := parseTree(br, lim)
	if err != nil {
		return nil, err
	}
	return fromTree(root)
}

func parseP7M(r io.Reader, lim Limits) (*Invoice, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, ErrTooLarge
	}
	content, err := unwrapP7M(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	root, err := parseTree(bytes.NewReader(content), lim)
	if err != nil {
		return nil, err
	}
	inv, err := fromTree(root)
	if err != nil {
		return nil, err
	}
	inv.Envelope = EnvelopeCAdES
	return inv, nil
}

func fromTree(root *node) (*Invoice, error) {
	if isSBDH(root.space, root.local) {
		for _, k := range root.kids {
			if syntaxOf(k.space, k.local) != "" {
				inv, err := fromTree(k)
				if err == nil {
					inv.Envelope = EnvelopeSBDH
				}
				return inv, err
			}
		}
		return nil, fmt.Errorf("%w: business document without an invoice payload", ErrNotInvoice)
	}
	switch syntaxOf(root.space, root.local) {
	case SyntaxUBL:
		return parseUBL(root), nil
	case SyntaxCII:
		return parseCII(root), nil
	case SyntaxZUGFeRD1:
		return parseZUGFeRD1(root), nil
	case SyntaxFatturaPA:
		return parseFatturaPA(root), nil
	}
	return nil, fmt.Errorf("%w: root element {%s}%s", ErrNotInvoice, root.space, root.local)
}
