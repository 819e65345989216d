package ingest

import (
	"context"
	"encoding/xml"
	"io"
	"strings"
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
	return &Read{Layout: w.layout()}, nil
}

// WalkXMLText writes each text node of an XML document as a line and
// returns the root element's local name.
func WalkXMLText(text string, w *nativeWriter) (string, error) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		root string
		buf  strings.Builder
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
		case xml.EndElement:
			flush()
		case xml.CharData:
			buf.Write(t)
		}
	}
	flush()
	return root, nil
}
