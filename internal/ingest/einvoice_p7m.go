package ingest

import (
	"context"

	"github.com/quarrydev/quarry/internal/einvoice"
	"github.com/quarrydev/quarry/internal/problem"
)

// mediaP7M is the media type of a CMS signed-data file (RFC 8551): Italian
// FatturaPA invoices travel as CAdES-signed ".xml.p7m".
const mediaP7M = "application/pkcs7-mime"

func init() {
	RegisterReader("reader.p7m", p7mReader{}, mediaP7M)
}

// p7mReader opens a signed e-invoice: the envelope is walked to the XML it
// signs, which is then read like any XML file, so the e-invoice reader
// gets its values and the layout its words. The signature itself is not
// checked here (that needs the certificates and is forensics' job).
type p7mReader struct{}

func (p7mReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	inner, err := einvoice.UnwrapP7M(in.Data)
	if err != nil {
		return nil, problem.New(problem.UnsupportedFile, "%q is not a readable signed document: %v", in.Name, err).
			With("filename", in.Name)
	}
	// The inner XML keeps the outer name, so attachments are named
	// "invoice.xml.p7m/annex.pdf".
	rd, err := xmlReader{}.Read(ctx, env, Input{Name: in.Name, Data: inner, LanguageHint: in.LanguageHint, Depth: in.Depth})
	if err != nil {
		return nil, err
	}
	if rd.EInvoice != nil {
		rd.EInvoice.Envelope = einvoice.EnvelopeCAdES
	}
	return rd, nil
}

// sniffP7M tells a signed e-invoice from other binary or base64 data: the
// envelope's head must open like CMS and reach an e-invoice root. Other
// signed content stays as the generic sniffers name it.
func sniffP7M(data []byte) bool {
	head := data[:min(len(data), einvoiceSniffBytes)]
	if !einvoice.IsP7M(head) {
		return false
	}
	_, ok := einvoice.Detect(head)
	return ok
}
