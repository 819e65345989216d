package einvoice

import (
	"bytes"
	"compress/zlib"
	"io"
)

// The fallback reader below is used when pdfcpu cannot read a PDF (a
// broken cross-reference table, a truncated trailer) or finds no invoice
// in it. Hybrid invoices are often produced by small tools and mended by
// none, and the attached XML is one self-contained stream that needs no
// object graph to read: so every stream is looked at directly, in file
// order, and the first whose content is an e-invoice wins.

// scanHead is how much of each stream is inflated to sniff it; it must
// reach the root element past any licence comment in the prolog.
const scanHead = 64 << 10

// scanPDFStreams returns the content of the first stream in pdf that holds
// an e-invoice XML. Work is bounded: each stream is inflated only up to
// scanHead until it proves to be an invoice, the total inflated while
// sniffing is capped at budget, and the invoice itself at max.
func scanPDFStreams(pdf []byte, limit, budget int64) []byte {
	pos := 0
	for budget > 0 {
		i := bytes.Index(pdf[pos:], []byte("stream"))
		if i < 0 {
			return nil
		}
		i += pos
		pos = i + len("stream")
		// The dictionary is read from the whole file, not from where the
		// last match ended: "stream" also occurs inside names such as
		// /application#2Foctet-stream.
		dict := pdf[max(i-1024, 0):i]
		if bytes.HasSuffix(dict, []byte("end")) {
			continue // the "stream" of an "endstream"
		}
		// The keyword is followed by CRLF or LF (PDF 32000-1, 7.3.8.1).
		switch {
		case bytes.HasPrefix(pdf[pos:], []byte("\r\n")):
			pos += 2
		case bytes.HasPrefix(pdf[pos:], []byte("\n")):
			pos++
		default:
			continue
		}
		end := bytes.Index(pdf[pos:], []byte("endstream"))
		if end < 0 {
			end = len(pdf) - pos
		}
		body := pdf[pos : pos+end]
		pos += end
		// Only the dictionary of this stream counts, not earlier objects.
		if o := bytes.LastIndex(dict, []byte("obj")); o >= 0 {
			dict = dict[o:]
		}
		flate := bytes.Contains(dict, []byte("/FlateDecode"))
		if !flate && bytes.Contains(dict, []byte("/Filter")) {
			continue // other filters never carry the invoice in practice
		}
		// Fonts, images and page content are told apart from XML by their
		// first bytes, so only XML-looking streams cost a full head.
		head, n := streamContent(body, flate, 512)
		budget -= n
		if !looksLikeXML(head) {
			continue
		}
		head, n = streamContent(body, flate, scanHead)
		budget -= n
		if _, ok := Detect(head); !ok {
			continue
		}
		// One byte past the limit tells a complete invoice from a cut one.
		if data, n := streamContent(body, flate, limit+1); data != nil && n <= limit {
			return data
		}
	}
	return nil
}

// streamContent returns up to limit bytes of a stream's content (nil when
// it is longer than limit or does not inflate) and how many were read.
func streamContent(body []byte, flate bool, limit int64) ([]byte, int64) {
	if !flate {
		body = bytes.TrimRight(body, "\r\n")
		if int64(len(body)) > limit {
			return body[:limit], limit
		}
		return body, int64(len(body))
	}
	zr, err := zlib.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, 0
	}
	defer zr.Close()
	out, err := io.ReadAll(io.LimitReader(zr, limit))
	// A truncated or unterminated stream still gives what inflated.
	if err != nil && len(out) == 0 {
		return nil, 0
	}
	return out, int64(len(out))
}

// looksLikeXML: the content opens with '<' after an optional BOM and space.
func looksLikeXML(b []byte) bool {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}
