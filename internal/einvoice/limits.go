package einvoice

import "errors"

// Limits bound what one document may cost. A zero field takes its default.
type Limits struct {
	// MaxBytes refuses inputs (XML, or the PDF for FromPDF) larger than this.
	MaxBytes int64
	// MaxAttachmentBytes is the largest decoded attachment kept; a larger one
	// is listed with Omitted set and no Data, so memory stays bounded.
	MaxAttachmentBytes int64
	// MaxAttachments is how many attachments keep their Data.
	MaxAttachments int
	// MaxDepth refuses XML nested deeper than this.
	MaxDepth int
}

// Defaults sized for real documents: the largest public samples carry a
// few MB of base64 PDF; a 64 MiB XML is far past any mandate's limit.
const (
	DefaultMaxBytes           = 64 << 20
	DefaultMaxAttachmentBytes = 32 << 20
	DefaultMaxAttachments     = 64
	DefaultMaxDepth           = 128
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxAttachmentBytes <= 0 {
		l.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if l.MaxAttachments <= 0 {
		l.MaxAttachments = DefaultMaxAttachments
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Errors Parse and FromPDF return; callers map them to problem codes.
var (
	// ErrTooLarge: the input is past Limits.MaxBytes or Limits.MaxDepth.
	ErrTooLarge = errors.New("einvoice: input exceeds limits")
	// ErrNotInvoice: well-formed input that is not an e-invoice syntax this
	// package reads (or a PDF with no invoice XML attached).
	ErrNotInvoice = errors.New("einvoice: not a supported e-invoice")
	// ErrMalformed: the input is not well-formed XML (or PDF).
	ErrMalformed = errors.New("einvoice: malformed input")
)
