package ingest

import (
	"context"
	"encoding/xml"
	"io"
	"strings"
	"unicode"
)

func init() {
	RegisterReader("reader.xml", xmlReader{}, "application/xml")
}

type xmlReader struct{}

// Read keeps an XML document's text content, one line per text node, so
// that markup does not pollute the words. XHTML goes to the HTML reader.
// The bytes are decoded first (UTF-16 files are common), so the declared
// encoding is ignored.
func (xmlReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	inv, isInvoice := readEInvoiceXML(env, in)
	text := DecodeText(in.Data)
	w := newNativeWriter(env.Limits.MaxPages)
	root, err := WalkXMLText(text, w)
	if root == "html" {
		return htmlReader{}.Read(ctx, env, Input{Name: in.Name, Data: []byte(text), LanguageHint: in.LanguageHint})
	}
	if err != nil && w.words == 0 {
		// Not well-formed: the raw text is better than nothing.
		return textReader{}.Read(ctx, env, Input{Name: in.Name, Data: []byte(text)})
	}
	rd := &Read{Layout: w.layout()}
	if isInvoice {
		rd.EInvoice = inv
		rd.Attachments = attachmentInputs(ctx, in, inv)
	}
	return rd, nil
}

// WalkXMLText writes each text node of an XML document as a line and
// returns the root element's local name. A leaf element's text is
// labelled with the element's name ("PayableAmount" becomes "Payable
// Amount: 1180.00"), so that structured data keeps the names that say
// what each value is; a currency attribute stays with its amount.
func WalkXMLText(text string, w *nativeWriter) (string, error) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		root, leaf, currency string
		buf                  strings.Builder
	)
	flush := func() {
		w.line(buf.String())
		buf.Reset()
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			flush()
			return root, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = strings.ToLower(t.Name.Local)
				if root == "html" {
					return root, nil
				}
			}
			flush()
			leaf, currency = t.Name.Local, ""
			for _, a := range t.Attr {
				if strings.Contains(strings.ToLower(a.Name.Local), "currency") && len(a.Value) <= 8 {
					currency = a.Value
				}
			}
		case xml.EndElement:
			if v := strings.TrimSpace(buf.String()); v != "" && t.Name.Local == leaf {
				buf.Reset()
				buf.WriteString(labelOf(leaf) + ": " + v)
				if currency != "" {
					buf.WriteString(" " + currency)
				}
			}
			flush()
			leaf = ""
		case xml.CharData:
			if isBlob(t) {
				// An embedded file (base64) is data, not words: reading it
				// as one giant token would only cost memory.
				continue
			}
			buf.Write(t)
		}
	}
	flush()
	return root, nil
}

// labelOf turns an element name into the words a label would use:
// "PayableAmount" and "payable_amount" both become "Payable Amount".
func labelOf(name string) string {
	var b strings.Builder
	prevLower := false
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.':
			b.WriteByte(' ')
			prevLower = false
			continue
		case unicode.IsUpper(r) && prevLower:
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prevLower = unicode.IsLower(r) || unicode.IsDigit(r)
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if out == "" {
		return name
	}
	r := []rune(out)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// blobMinBytes is the length from which a text node made only of base64
// characters (line breaks allowed, as MIME wraps them, but hardly a
// space) is taken for an embedded file rather than words.
const blobMinBytes = 1024

func isBlob(t []byte) bool {
	if len(t) < blobMinBytes {
		return false
	}
	spaces := 0
	for _, c := range t {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/', c == '=', c == '\r', c == '\n', c == '\t':
		case c == ' ':
			spaces++
		default:
			return false
		}
	}
	return spaces*100 < len(t)
}
