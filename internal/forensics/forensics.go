// Package forensics inspects a file's own structure for signs of editing
// and for electronic signatures, without a language model: a PDF's
// revisions, signatures, metadata and content streams; XAdES signatures
// inside XML e-invoices; CAdES envelopes (.p7m, .p7s). It is a pure
// engine: file bytes and the layout the readers built go in, checks come
// out. Nothing here validates a certificate's trust chain; the checks say
// so in their reasoning (docs/forensics.md).
package forensics

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/einvoice"
)

// Check statuses, as the contract spells them.
const (
	Pass      = "pass"
	Fail      = "fail"
	Uncertain = "uncertain"
)

// Overall integrity verdicts, as the contract spells them.
const (
	Valid   = "valid"
	Invalid = "invalid"
)

// eIDAS signature formats, named as the platform reports them.
const (
	FormatPAdES = "PAdES"
	FormatXAdES = "XAdES"
	FormatCAdES = "CAdES"
)

// trustNote is said wherever a signature is reported: what was and was not
// proven about it.
const trustNote = "The certificate's trust chain, revocation and qualified status were not validated (out of scope)."

// Check is one content-integrity finding.
type Check struct {
	Name        string
	Description string
	Status      string // Pass, Fail or Uncertain
	Evidence    string // byte offsets, object numbers, dates compared
	Reasoning   string // what the evidence means, in plain words
}

// Signature is one electronic signature found in the file.
type Signature struct {
	Format      string // FormatPAdES, FormatXAdES, FormatCAdES
	SubFilter   string // PDF signatures: adbe.pkcs7.detached, ETSI.CAdES.detached, ...
	Signer      string // the signing certificate's common name, "" when unreadable
	SigningTime time.Time
	// Verified says the signature value matches the signed bytes under the
	// certificate it carries; VerifyError says why not.
	Verified    bool
	VerifyError string
}

// Report is what Analyze found in one file.
type Report struct {
	Checks     []Check
	Signatures []Signature
	// Metadata is the PDF's declared dates and producer, for the checks
	// that compare them with dates read from the content (IssueDateCheck).
	Metadata *PDFMetadata
	// Pages are the PDF's pages as the content streams draw them, for the
	// visual presence check; nil when they could not be read.
	Pages []PageContent
}

// EIDASFormats lists the signature formats found, each once, in a fixed
// order; empty (not nil) when none.
func (r *Report) EIDASFormats() []string {
	out := []string{}
	for _, f := range []string{FormatPAdES, FormatXAdES, FormatCAdES} {
		for _, s := range r.Signatures {
			if s.Format == f {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Overall folds the checks into the contract's integrity verdict: any
// failed check makes the document invalid, any uncertain one uncertain;
// a document with no check at all is uncertain, never valid by default.
func Overall(checks []Check) string {
	if len(checks) == 0 {
		return Uncertain
	}
	out := Valid
	for _, c := range checks {
		switch c.Status {
		case Fail:
			return Invalid
		case Uncertain:
			out = Uncertain
		}
	}
	return out
}

// Limits bound what one analysis may cost. Every bound is a setting, so a
// hostile file costs at most this much whatever it declares.
type Limits struct {
	MaxFileBytes    int64 // larger files are not inspected
	MaxPages        int   // content streams read, from the first page
	MaxStreamBytes  int64 // one decoded stream (content, object stream)
	MaxOperators    int   // content-stream operators interpreted per page
	MaxObjectsShown int   // object numbers listed in one piece of evidence
}

// DefaultLimits suits interactive requests on business documents.
func DefaultLimits() Limits {
	return Limits{MaxFileBytes: 64 << 20, MaxPages: 50, MaxStreamBytes: 16 << 20, MaxOperators: 200_000, MaxObjectsShown: 12}
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = d.MaxFileBytes
	}
	if l.MaxPages <= 0 {
		l.MaxPages = d.MaxPages
	}
	if l.MaxStreamBytes <= 0 {
		l.MaxStreamBytes = d.MaxStreamBytes
	}
	if l.MaxOperators <= 0 {
		l.MaxOperators = d.MaxOperators
	}
	if l.MaxObjectsShown <= 0 {
		l.MaxObjectsShown = d.MaxObjectsShown
	}
	return l
}

// Input is one file to inspect.
type Input struct {
	Name      string
	MediaType string
	Data      []byte
	Layout    *doc.Layout // may be nil
	// Now is the clock future dates are judged against; zero means
	// time.Now.
	Now    time.Time
	Limits Limits
}

// Kind is the file structure Analyze recognised.
type Kind int

// Kinds of file Analyze inspects.
const (
	KindOther Kind = iota
	KindPDF
	KindXML
	KindCMS
)

// KindOf tells which structure a file has, from its bytes first and its
// media type and name second.
func KindOf(data []byte, mediaType, name string) Kind {
	head := data[:min(len(data), 1024)]
	trimmed := bytes.TrimSpace(head)
	switch {
	// A CMS envelope may hold a PDF whose header shows in its first bytes,
	// so the envelope is recognised first.
	case mediaType == "application/pkcs7-mime" || mediaType == "application/pkcs7-signature" ||
		hasSuffixFold(name, ".p7m") || hasSuffixFold(name, ".p7s"):
		return KindCMS
	case len(trimmed) > 0 && trimmed[0] == 0x30 && einvoice.IsP7M(head):
		return KindCMS
	case bytes.Contains(head, []byte("%PDF-")):
		return KindPDF
	case bytes.HasPrefix(bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n"), []byte("<")) || strings.Contains(mediaType, "xml"):
		return KindXML
	}
	return KindOther
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// Analyze inspects one file. A file whose structure it does not know, or
// that is past the size limit, gives an empty report: no check ran, which
// Overall turns into "uncertain". Malformed input never panics; what could
// not be read is said in the checks.
func Analyze(ctx context.Context, in Input) (r *Report) {
	defer func() {
		// The parsers here read hostile bytes; a bug in one must cost this
		// file its verdict, never the process.
		if p := recover(); p != nil {
			r = &Report{Checks: []Check{{Name: "analysis", Status: Uncertain,
				Description: "Whether the file's structure could be inspected.",
				Evidence:    fmt.Sprintf("The inspection stopped on malformed input: %v.", p),
				Reasoning:   "No verdict could be reached on this file's structure."}}}
		}
	}()
	in.Limits = in.Limits.orDefault()
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	r = &Report{}
	if int64(len(in.Data)) > in.Limits.MaxFileBytes {
		return r
	}
	switch KindOf(in.Data, in.MediaType, in.Name) {
	case KindPDF:
		analyzePDF(ctx, in, r)
	case KindXML:
		analyzeXML(in.Data, r)
	case KindCMS:
		analyzeCMS(ctx, in, r)
	}
	return r
}
