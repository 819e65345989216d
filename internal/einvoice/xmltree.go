package einvoice

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
)

// node is one element of a parsed document. The tree holds every element's
// text once, so memory stays linear in the input; base64 attachments are
// decoded into data as they stream past instead of being kept as text.
type node struct {
	space, local string
	attrs        []xml.Attr
	text         string
	kids         []*node
	binary       bool // an attachment element: data/omitted instead of text
	data         []byte
	omitted      string
}

// binaryElement says which elements carry base64 file content. FatturaPA's
// element is plainly "Attachment", which UBL also uses for the wrapper of
// its binary object, so the parent decides.
func binaryElement(local, parent string) bool {
	switch local {
	case "EmbeddedDocumentBinaryObject", "AttachmentBinaryObject":
		return true
	case "Attachment":
		return parent == "Allegati"
	}
	return false
}

// limitedReader fails once more than max bytes were read, so a huge input
// is refused without reading it whole.
type limitedReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One probe byte tells "exactly max" from "more than max".
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			l.over = true
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

type frame struct {
	n   *node
	buf []byte
}

// parseTree reads one XML document into a tree. encoding/xml never fetches
// external entities or expands DTD-declared ones, and Strict mode refuses
// unknown entity references, so no input reaches outside itself.
func parseTree(r io.Reader, lim Limits) (*node, error) {
	lr := &limitedReader{r: r, left: lim.MaxBytes}
	in, charsetReader := xmlInput(lr)
	dec := xml.NewDecoder(in)
	dec.CharsetReader = charsetReader
	var root *node
	var stack []frame
	attCount := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			if lr.over || errors.Is(err, ErrTooLarge) {
				return nil, ErrTooLarge
			}
			if err == io.EOF && root != nil && len(stack) == 0 {
				return root, nil
			}
			if err == io.EOF {
				return nil, fmt.Errorf("%w: unexpected end of document", ErrMalformed)
			}
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= lim.MaxDepth {
				return nil, fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, lim.MaxDepth)
			}
			n := &node{space: t.Name.Space, local: t.Name.Local}
			if len(t.Attr) > 0 {
				n.attrs = append([]xml.Attr(nil), t.Attr...)
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, fmt.Errorf("%w: more than one root element", ErrMalformed)
				}
				root = n
			} else {
				p := stack[len(stack)-1].n
				p.kids = append(p.kids, n)
				n.binary = binaryElement(n.local, p.local)
			}
			stack = append(stack, frame{n: n})
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			f := &stack[len(stack)-1]
			if f.n.binary {
				f.buf = appendBase64(f.buf, t, &f.n.omitted, lim.MaxAttachmentBytes)
				continue
			}
			f.buf = append(f.buf, t...)
		case xml.EndElement:
			f := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if f.n.binary {
				attCount++
				finishBinary(f.n, f.buf, attCount > lim.MaxAttachments, lim.MaxAttachmentBytes)
				continue
			}
			f.n.text = collapseSpace(f.buf)
		}
	}
}

// appendBase64 keeps the base64 alphabet of t, dropping line breaks and
// spaces, and stops keeping once the decoded size would pass max: the rest
// of a too-large attachment streams past without being stored.
func appendBase64(buf []byte, t []byte, omitted *string, max int64) []byte {
	if *omitted != "" {
		return buf
	}
	// The most base64 that can decode to max bytes (4 characters carry 3
	// bytes), plus one quad of slack for padding.
	limit := (max+2)/3*4 + 4
	// One allocation per text token: the token is usually the whole run,
	// and growing byte by byte would allocate several times its size.
	buf = slices.Grow(buf, int(min(int64(len(t)), limit+1-int64(len(buf)))))
	for _, c := range t {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		if int64(len(buf)) >= limit {
			*omitted = OmittedTooLarge
			return nil
		}
		buf = append(buf, c)
	}
	return buf
}

func finishBinary(n *node, b64 []byte, tooMany bool, max int64) {
	if n.omitted != "" {
		return
	}
	if tooMany {
		n.omitted = OmittedTooMany
		return
	}
	enc := base64.StdEncoding
	if len(b64)%4 != 0 {
		// Some writers drop the padding.
		b64 = bytes.TrimRight(b64, "=")
		enc = base64.RawStdEncoding
	}
	out := make([]byte, enc.DecodedLen(len(b64)))
	k, err := enc.Decode(out, b64)
	if err != nil {
		n.omitted = OmittedBadBase64
		return
	}
	if int64(k) > max {
		n.omitted = OmittedTooLarge
		return
	}
	n.data = out[:k]
}

// collapseSpace makes runs of whitespace one space and trims the ends, the
// way EN 16931 readers compare text. Unicode spaces count too: no-break
// spaces are common in names and addresses typed in office software.
func collapseSpace(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.Grow(len(b))
	space := false
	for _, r := range string(b) {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// kid returns the first direct child named local, nil when there is none.
// All accessors accept a nil receiver so mappers can chain paths freely.
func (n *node) kid(local string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.local == local {
			return k
		}
	}
	return nil
}

// at follows a path of local names, taking the first match at each step.
func (n *node) at(path ...string) *node {
	for _, p := range path {
		n = n.kid(p)
		if n == nil {
			return nil
		}
	}
	return n
}

// all returns the direct children named local.
func (n *node) all(local string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.local == local {
			out = append(out, k)
		}
	}
	return out
}

// str is the collapsed text at path.
func (n *node) str(path ...string) string {
	if n = n.at(path...); n == nil {
		return ""
	}
	return n.text
}

// attr returns the attribute named local, whatever its namespace.
func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// amount reads the decimal at path.
func (n *node) amount(path ...string) Amount {
	return newAmount(n.str(path...))
}

// firstStr returns the first non-empty text among the paths.
func firstStr(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
