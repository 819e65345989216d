package einvoice

import (
	"fmt"
	"io"
)

// Parse reads one e-invoice XML (UBL, CII, ZUGFeRD 1.0 or FatturaPA, any
// encoding its prolog declares) into the model. It returns ErrTooLarge,
// ErrMalformed or ErrNotInvoice (wrapped) for input it refuses, and never
// panics. Memory stays linear in the input: attachments are decoded as
// they stream and bounded by limits.
func Parse(r io.Reader, limits Limits) (*Invoice, error) {
	lim := limits.withDefaults()
	root, err := parseTree(r, lim)
	if err != nil {
		return nil, err
	}
	return fromTree(root)
}

func fromTree(root *node) (*Invoice, error) {
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
