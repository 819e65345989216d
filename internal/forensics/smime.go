package forensics

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
)

// A ".p7s" often arrives as a whole S/MIME message (multipart/signed): the
// signed part first, exactly as its bytes were hashed, then the detached
// CMS signature in base64. The signature is checked against the first
// part, headers included, with CRLF line ends as RFC 8551 prescribes.

// maxSMIMEPart bounds one part read from a signed message.
const maxSMIMEPart = 32 << 20

// smimeParts splits a multipart/signed message into the signed content
// and the signature's DER; ok is false when data is not such a message.
func smimeParts(data []byte) (content, sig []byte, ok bool) {
	msg, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, nil, false
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/signed" || params["boundary"] == "" {
		return nil, nil, false
	}
	body, err := io.ReadAll(io.LimitReader(msg.Body, maxSMIMEPart))
	if err != nil {
		return nil, nil, false
	}
	content = firstPartRaw(body, params["boundary"])
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for i := 0; i < 2; i++ {
		p, err := mr.NextRawPart()
		if err != nil {
			break
		}
		if i == 1 && strings.Contains(p.Header.Get("Content-Type"), "pkcs7-signature") {
			raw, _ := io.ReadAll(io.LimitReader(p, maxSMIMEPart))
			if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
				raw, _ = base64.StdEncoding.DecodeString(stripB64(string(raw)))
			}
			sig = raw
		}
	}
	return content, sig, true
}

// firstPartRaw returns the first part's bytes between the boundaries, its
// own headers included, with CRLF line ends.
func firstPartRaw(body []byte, boundary string) []byte {
	delim := []byte("--" + boundary)
	i := bytes.Index(body, delim)
	if i < 0 {
		return nil
	}
	rest := body[i+len(delim):]
	rest = bytes.TrimPrefix(bytes.TrimPrefix(rest, []byte("\r")), []byte("\n"))
	j := bytes.Index(rest, delim)
	if j < 0 {
		return nil
	}
	part := bytes.TrimSuffix(bytes.TrimSuffix(rest[:j], []byte("\n")), []byte("\r"))
	part = bytes.ReplaceAll(part, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(part, []byte("\n"), []byte("\r\n"))
}
