package ingest

import (
	"bytes"
	"context"
	"path"
	"strconv"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// einvoiceSniffBytes is how much of an XML file Detect sees: some writers
// put long licence comments before the root element.
const einvoiceSniffBytes = 64 << 10

// einvoiceLimits bounds the e-invoice reader by the loader's own limits.
func einvoiceLimits(lim Limits) einvoice.Limits {
	return einvoice.Limits{MaxBytes: lim.MaxBytes, MaxAttachmentBytes: lim.MaxBytes}
}

// readEInvoiceXML parses data as a structured e-invoice when its root
// says it is one. ok is false for any other XML, or when the e-invoice
// does not parse (the caller then reads it as plain XML).
func readEInvoiceXML(env *Env, in Input) (inv *einvoice.Invoice, ok bool) {
	if _, is := einvoice.Detect(in.Data[:min(len(in.Data), einvoiceSniffBytes)]); !is {
		return nil, false
	}
	inv, err := einvoice.Parse(bytes.NewReader(in.Data), einvoiceLimits(env.Limits))
	if err != nil {
		return nil, false
	}
	return inv, true
}

// pdfMayCarryInvoice is a cheap test before the PDF attachment reader
// runs: a hybrid e-invoice PDF names its embedded file stream
// ("/EmbeddedFile") or lists it in the catalog ("/EmbeddedFiles"). Some
// writers (fpdf among them) put an empty list in every PDF they make;
// that alone does not count, or every such PDF would be parsed a second
// time, with pdfcpu, for nothing.
func pdfMayCarryInvoice(data []byte) bool {
	marker := []byte("/EmbeddedFile")
	for {
		i := bytes.Index(data, marker)
		if i < 0 {
			return false
		}
		data = data[i+len(marker):]
		if !emptyNameTree(data) {
			return true
		}
	}
}

// emptyNameTree reports whether rest, what follows "/EmbeddedFile",
// is "s << /Names [ ] >>": a catalog entry listing no files.
func emptyNameTree(rest []byte) bool {
	for _, tok := range []string{"s", "<<", "/Names", "[", "]", ">>"} {
		rest = bytes.TrimLeft(rest, pdfSpace)
		if !bytes.HasPrefix(rest, []byte(tok)) {
			return false
		}
		rest = rest[len(tok):]
	}
	return true
}

// pdfSpace holds PDF's white-space characters.
const pdfSpace = "\x00\t\n\f\r "

// readEInvoicePDF returns the e-invoice attached to a hybrid PDF
// (ZUGFeRD, Factur-X, XRechnung-in-PDF), or nil.
func readEInvoicePDF(env *Env, in Input) *einvoice.Invoice {
	if !pdfMayCarryInvoice(in.Data) {
		return nil
	}
	inv, _, err := einvoice.FromPDF(bytes.NewReader(in.Data), int64(len(in.Data)), einvoiceLimits(env.Limits))
	if err != nil {
		return nil
	}
	return inv
}

// attachmentInputs turns an e-invoice's embedded files into inputs the
// loader reads like bundle members ("invoice.xml/delivery-note.pdf").
func attachmentInputs(ctx context.Context, in Input, inv *einvoice.Invoice) []Input {
	var out []Input
	for i, a := range inv.Attachments {
		if ctx.Err() != nil || len(a.Data) == 0 {
			continue
		}
		name := path.Base(a.Filename)
		if name == "." || name == "/" || name == "" {
			name = "attachment-" + strconv.Itoa(i+1)
		}
		out = append(out, Input{Name: in.Name + "/" + name, Data: a.Data, DeclaredType: a.MIME})
	}
	return out
}
