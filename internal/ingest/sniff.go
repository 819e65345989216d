package ingest

import (
	"github.com/quarrydev/quarry/internal/einvoice"

	"mime"
	"path"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// byExtension refines generic sniffs ("text/plain") for text formats that
// carry no magic bytes.
var byExtension = map[string]string{
	".md":       "text/markdown",
	".markdown": "text/markdown",
	".csv":      "text/csv",
	".tsv":      "text/tab-separated-values",
	".json":     "application/json",
	".ndjson":   "application/x-ndjson",
	".xml":      "application/xml",
	".html":     "text/html",
	".htm":      "text/html",
	".txt":      "text/plain",
	".rst":      "text/plain",
	".org":      "text/plain",
	".yaml":     "text/plain",
	".yml":      "text/plain",
	".eml":      "message/rfc822",
}

// aliases folds the names different sniffers give one format.
var aliases = map[string]string{
	"text/xml":                   "application/xml",
	"application/x-pdf":          "application/pdf",
	"image/jpg":                  "image/jpeg",
	"image/x-ms-bmp":             "image/bmp",
	"image/x-bmp":                "image/bmp",
	"application/gzip":           "application/gzip",
	"application/x-gzip":         "application/gzip",
	"text/x-markdown":            "text/markdown",
	"application/x-tar":          "application/x-tar",
	"image/heif":                 "image/heic",
	"message/rfc822":             "message/rfc822",
	"application/vnd.ms-outlook": "application/vnd.ms-outlook",
}

// Sniff returns the media type of data. The bytes decide; the file name and
// the declared type only refine a generic answer such as text/plain.
func Sniff(data []byte, name, declared string) string {
	mt := mimetype.Detect(data)
	got := baseType(mt.String())
	ext := strings.ToLower(path.Ext(name))
	switch got {
	case "application/zip":
		if k := zipKind(data); k != "" {
			got = k
		}
	case "application/x-ole-storage", "application/msword", "application/vnd.ms-excel",
		"application/vnd.ms-powerpoint", "application/vnd.ms-outlook":
		if k := oleKind(data); k != "" {
			got = k
		}
	case "text/html":
		// A comment before the root element makes the detector guess
		// HTML; an e-invoice's root says what it really is.
		if _, ok := einvoice.Detect(data[:min(len(data), einvoiceSniffBytes)]); ok {
			got = "application/xml"
		}
	case "application/octet-stream", "text/plain", "application/pkcs7-signature", "application/pkcs7-mime":
		// A signed e-invoice (".xml.p7m") is a DER/BER envelope or its
		// base64: no magic the detector knows, but its head reaches the
		// invoice's root.
		if sniffP7M(data) {
			return mediaP7M
		}
		// UTF-16 text without a BOM and text with a few stray bytes carry
		// no magic; the extension, then "text", decide.
		if looksLikeText(data) {
			got = "text/plain"
		}
	}
	if got == "text/plain" || got == "application/octet-stream" {
		if byExt, ok := byExtension[ext]; ok && (got == "text/plain" || len(data) == 0) {
			return byExt
		}
		if d := baseType(declared); d != "" && d != "application/octet-stream" && got == "text/plain" && strings.HasPrefix(d, "text/") {
			return canonical(d)
		}
	}
	return canonical(got)
}

func canonical(mt string) string {
	if a, ok := aliases[mt]; ok {
		return a
	}
	return mt
}

func baseType(s string) string {
	if s == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(s)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.SplitN(s, ";", 2)[0]))
	}
	return mt
}
