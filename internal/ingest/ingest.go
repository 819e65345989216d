// Package ingest turns the bytes of one input file into one or more read
// files, each with a doc.Layout: it sniffs the real type, enforces limits,
// unpacks bundles (archives, e-mails) and hands each leaf to the reader
// registered for its media type.
package ingest

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/einvoice"
	"github.com/quarrydev/quarry/internal/problem"
)

// Input is one file as it arrived (or as a bundle produced it).
type Input struct {
	Name         string // display name; bundle members are "pack.zip/invoice.pdf"
	Data         []byte
	DeclaredType string // the caller's content_type: a hint only
	LanguageHint string // ISO 639-1 hint from the request, may be empty
	Depth        int    // bundle nesting depth (0 for a submitted file)
	// MediaType is set by an unpacker that made the member itself (an
	// e-mail's message.txt) and knows its type; sniffing is skipped.
	MediaType string
	// Dropped is set, with no Name or Data, by an unpacker that refused
	// the member unread; the loader records it instead of reading it.
	Dropped *DroppedMember
	// Path, when set, names a file on disk holding exactly Data (the
	// CLI reads a file it was given). Readers that run an external
	// program hand it this file instead of writing Data to a temp file.
	// Bundle members never have one.
	Path string
}

// Text sources reported per file.
const (
	TextPDF    = "pdf_text"
	TextOCR    = "ocr"
	TextNative = "native"
	TextMixed  = "mixed"
)

// File is one read leaf file.
type File struct {
	Name       string
	MediaType  string
	Bytes      int64
	Layout     *doc.Layout
	PageCount  int
	Language   string // ISO 639-1, "" when unknown
	TextSource string // pdf_text | ocr | native | mixed
	OCR        *OCRStats
	// Source is the submitted file this one came from (equal to Name for
	// files that were not unpacked from a bundle).
	Source string
	// Skipped lists the members of the same bundle that could not be read
	// and were left out (set on the bundle's first file only).
	Skipped []*problem.Problem
	// EInvoice is the structured e-invoice the file carries (its own XML,
	// or the XML attached to a hybrid PDF such as ZUGFeRD/Factur-X); nil
	// for every other file. Extraction prefers its values to the text's.
	EInvoice *einvoice.Invoice
	// Readings are further OCR readings of Layout's one page, made with
	// other segmentation modes and model builds, for extraction to vote
	// with (fields.Vote). Set only for a one-image file read as a till
	// roll; a handful of small layouts.
	Readings []*doc.Layout
	// Dropped lists the members of the same bundle refused unread (links,
	// absolute names, path traversal), set on the bundle's first file like
	// Skipped. The pipeline emits it in files[].skipped_members with the
	// reason.
	Dropped []DroppedMember
	// Data is the file's own bytes as read (a bundle member's after
	// unpacking), for the stages that inspect the file's structure rather
	// than its text (content authenticity). It is bounded by the limits
	// that bounded the read.
	Data []byte
}

// OCRStats summarises the OCR'd pages of a file.
type OCRStats struct {
	Pages          int
	MeanConfidence float64
}

// Limits bound what one request may make the loader do. Every limit is a
// setting; crossing one is a clear problem, never an out-of-memory crash.
type Limits struct {
	MaxBytes       int64         // per submitted file (413 file_too_large)
	MaxPages       int           // per file; 0 means no limit
	MaxDepth       int           // bundle nesting depth
	MaxFiles       int           // expanded files per submitted file
	MaxTotalBytes  int64         // decompressed bytes per submitted file
	MaxEntryBytes  int64         // one decompressed bundle member
	MaxRatio       float64       // decompressed/compressed ratio of a member
	MaxImagePixels int64         // width x height of an image
	MaxWords       int           // words of one plain-text or CSV file; 0 means no limit
	ToolTimeout    time.Duration // one external program run
	OCRDPI         int           // resolution PDF pages are rasterised at for OCR
	OCRVote        bool          // keep further readings of a till roll for extraction to vote with (File.Readings)
	OCRLineRec     bool          // with OCRVote, add the line recogniser's rereadings (internal/linerec) where installed
}

// DefaultLimits returns the defaults of the reference (32 MiB files, depth
// 3, 50 expanded files) and safe bounds for the rest.
func DefaultLimits() Limits {
	return Limits{
		MaxBytes:       32 << 20,
		MaxPages:       2000,
		MaxDepth:       3,
		MaxFiles:       50,
		MaxTotalBytes:  512 << 20,
		MaxEntryBytes:  64 << 20,
		MaxRatio:       200,
		MaxImagePixels: 100_000_000,
		MaxWords:       1_000_000,
		ToolTimeout:    120 * time.Second,
		OCRDPI:         200,
		OCRVote:        true,
		OCRLineRec:     true,
	}
}

// Reader reads one leaf media type into a layout.
type Reader interface {
	Read(ctx context.Context, env *Env, in Input) (*Read, error)
}

// Read is what a reader returns.
type Read struct {
	Layout *doc.Layout
	// MediaType overrides the sniffed type when the reader knows better.
	MediaType string
	OCR       *OCRStats
	// EInvoice is set by readers that found a structured e-invoice.
	EInvoice *einvoice.Invoice
	// Readings are further OCR readings of the same page (File.Readings).
	Readings []*doc.Layout
	// Attachments are files embedded in the document (an e-invoice's
	// attached PDF); the loader reads them as files of their own, like
	// bundle members.
	Attachments []Input
}

// Unpacker expands a bundle (archive, e-mail) into member inputs. Members
// are loaded recursively; an e-mail's own headers and body come back as a
// member too.
type Unpacker interface {
	Unpack(ctx context.Context, env *Env, in Input) ([]Input, error)
}

// Env is what readers may use: limits and the external engines found.
type Env struct {
	Limits  Limits
	Engines Engines
}

// Engines are the external programs found on this machine (path, or "").
type Engines struct {
	PDFToText string
	PDFInfo   string
	PDFToPPM  string
	Tesseract string
	QPDF      string
	Soffice   string
	// Stdbuf is coreutils' stdbuf, optional: pdftotext runs under it
	// with 64 KiB output buffers (see pdfReader.Read).
	Stdbuf string
}
