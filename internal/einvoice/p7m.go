package einvoice

import (
	"bytes"
	"encoding/base64"
	"errors"
)

// Italian invoices travel signed as CAdES ".xml.p7m": a CMS SignedData
// (RFC 5652) that carries the XML itself as its encapsulated content,
// sometimes base64-armoured. Reading the invoice needs no cryptography:
// only the BER envelope is walked, to ContentInfo -> SignedData ->
// EncapsulatedContentInfo -> eContent, whose OCTET STRING may be split
// into chunks (constructed, indefinite length). Checking the signature
// is left to the caller's forensics, which has the certificates.

var errNotP7M = errors.New("not a CMS envelope")

// looksLikeP7M reports whether b opens like a DER/BER SEQUENCE with a
// long or indefinite length, or the base64 of one ("MI...").
func looksLikeP7M(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) >= 2 && b[0] == 0x30 && b[1] >= 0x80 && b[1] <= 0x84 {
		return true
	}
	return len(b) >= 2 && b[0] == 'M' && b[1] == 'I'
}

// IsP7M reports whether head opens like a CMS envelope (DER, BER or
// base64-armoured), for sniffers that route ".p7m" files.
func IsP7M(head []byte) bool { return looksLikeP7M(head) }

// UnwrapP7M returns the content a CMS SignedData encapsulates (the
// signed XML of an ".xml.p7m"), without checking the signature.
func UnwrapP7M(b []byte) ([]byte, error) { return unwrapP7M(b) }

// unwrapP7M returns the content a CMS SignedData encapsulates.
func unwrapP7M(b []byte) ([]byte, error) {
	// Only the base64 armour may be trimmed: a binary envelope's last
	// bytes are signature or content bytes, and 0x0a or 0x20 there is data.
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == 'M' {
		dec, err := base64.StdEncoding.DecodeString(string(stripSpace(t)))
		if err != nil {
			return nil, errNotP7M
		}
		b = dec
	}
	ci, _, err := berRead(b, 0)
	if err != nil || ci.tag != 0x30 || len(ci.kids) < 2 {
		return nil, errNotP7M
	}
	// ContentInfo ::= SEQUENCE { contentType OID, [0] EXPLICIT content }
	sd := ci.kids[1].kid(0)
	if ci.kids[1].tag != 0xA0 || sd == nil || sd.tag != 0x30 {
		return nil, errNotP7M
	}
	// SignedData ::= SEQUENCE { version, digestAlgorithms SET,
	//   encapContentInfo SEQUENCE { eContentType OID, [0] EXPLICIT eContent OCTET STRING } ... }
	for _, k := range sd.kids {
		if k.tag != 0x30 || len(k.kids) < 2 || k.kids[0].tag != 0x06 || k.kids[1].tag != 0xA0 {
			continue
		}
		oct := k.kids[1].kid(0)
		if oct == nil {
			return nil, errNotP7M
		}
		return oct.octets(), nil
	}
	return nil, errNotP7M
}

func stripSpace(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		out = append(out, c)
	}
	return out
}

// ber is one BER element: content for a primitive, kids for a
// constructed one.
type ber struct {
	tag     byte // the first identifier octet (class, constructed bit, tag number < 31)
	content []byte
	kids    []*ber
}

func (e *ber) kid(i int) *ber {
	if e == nil || i >= len(e.kids) {
		return nil
	}
	return e.kids[i]
}

// octets joins an OCTET STRING's chunks (a constructed OCTET STRING is
// a run of primitive ones).
func (e *ber) octets() []byte {
	if e.tag&0x20 == 0 {
		return e.content
	}
	var out []byte
	for _, k := range e.kids {
		out = append(out, k.octets()...)
	}
	return out
}

var errBER = errors.New("malformed BER")

// berRead parses the element at the start of b and returns it with the
// rest of b. depth bounds nesting, so hostile input cannot exhaust the
// stack; every length is checked against what is left.
func berRead(b []byte, depth int) (*ber, []byte, error) {
	if depth > 48 || len(b) < 2 {
		return nil, nil, errBER
	}
	e := &ber{tag: b[0]}
	i := 1
	if b[0]&0x1f == 0x1f { // multi-byte tag number: skip it, keep the first octet
		for i < len(b) && b[i]&0x80 != 0 {
			i++
		}
		i++
	}
	if i >= len(b) {
		return nil, nil, errBER
	}
	l := int(b[i])
	i++
	constructed := e.tag&0x20 != 0
	switch {
	case l == 0x80: // indefinite: children until an end-of-contents 00 00
		if !constructed {
			return nil, nil, errBER
		}
		rest := b[i:]
		for {
			if len(rest) >= 2 && rest[0] == 0 && rest[1] == 0 {
				return e, rest[2:], nil
			}
			k, r, err := berRead(rest, depth+1)
			if err != nil {
				return nil, nil, err
			}
			e.kids = append(e.kids, k)
			rest = r
		}
	case l > 0x80:
		n := l - 0x80
		if n > 4 || i+n > len(b) {
			return nil, nil, errBER
		}
		l = 0
		for _, c := range b[i : i+n] {
			l = l<<8 | int(c)
		}
		i += n
	}
	if l < 0 || l > len(b)-i {
		return nil, nil, errBER
	}
	body, rest := b[i:i+l], b[i+l:]
	if !constructed {
		e.content = body
		return e, rest, nil
	}
	for len(body) > 0 {
		k, r, err := berRead(body, depth+1)
		if err != nil {
			return nil, nil, err
		}
		e.kids = append(e.kids, k)
		body = r
	}
	return e, rest, nil
}
