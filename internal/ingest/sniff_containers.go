package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
)

// zipKind looks inside a ZIP for the parts that make it an Office or
// OpenDocument file. Magic-byte sniffers only see the first entry, and
// many writers put something else first.
func zipKind(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		case "xl/workbook.xml":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		case "ppt/presentation.xml":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation"
		case "mimetype":
			if f.UncompressedSize64 > 100 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 100))
			rc.Close()
			if mt := strings.TrimSpace(string(b)); strings.HasPrefix(mt, "application/") {
				return mt
			}
		}
	}
	return ""
}

// oleKind names a Compound File Binary by the streams it holds: legacy
// Word, Excel and PowerPoint files and Outlook messages all share the
// container magic.
func oleKind(data []byte) string {
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return ""
	}
	for n := 0; n < 10000; n++ {
		f, err := r.Next()
		if err != nil {
			break
		}
		if len(f.Path) > 0 {
			continue // only root-level streams decide
		}
		switch {
		case f.Name == "WordDocument":
			return "application/msword"
		case f.Name == "Workbook" || f.Name == "Book":
			return "application/vnd.ms-excel"
		case f.Name == "PowerPoint Document":
			return "application/vnd.ms-powerpoint"
		case f.Name == "__properties_version1.0" || strings.HasPrefix(f.Name, "__substg1.0_"):
			return "application/vnd.ms-outlook"
		}
	}
	return ""
}

// looksLikeText reports data that decodes (BOM, UTF-16 or UTF-8) to text
// with almost no control characters.
func looksLikeText(data []byte) bool {
	if len(data) == 0 {
		return true
	}
	sample := data
	if len(sample) > 64*1024 {
		sample = sample[:64*1024]
	}
	s := DecodeText(sample)
	var bad, n int
	for _, r := range s {
		n++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f') {
			bad++
		}
	}
	return n > 0 && bad*100 <= n
}

func isEmail(mt string) bool {
	return mt == "message/rfc822" || mt == "application/vnd.ms-outlook"
}
