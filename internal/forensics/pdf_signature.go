package forensics

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // adbe.pkcs7.sha1 signs a SHA-1 digest; reading it needs SHA-1
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/digitorus/pkcs7"
	"github.com/digitorus/timestamp"
)

// A PDF signature (ISO 32000-1 12.8, PAdES) is a dictionary whose
// /ByteRange names the bytes the signer hashed: everything from the start
// of the file to the end of the revision being signed, except the hex
// string /Contents, which holds the CMS signature itself. Bytes after the
// range were written after signing; what they change is told by the
// revisions they belong to.

// pdfSignature is one signature dictionary read from the raw bytes.
type pdfSignature struct {
	Object    int
	Offset    int
	SubFilter string
	ByteRange []int64
	Contents  []byte // the CMS (or timestamp token) DER, padding cut
	ClaimedM  time.Time
	Sig       Signature
	// Problems are what is wrong with the byte range; empty when it is
	// well formed.
	Problems []string
	// CoveredEnd is where the signed bytes end (the range's last byte + 1).
	CoveredEnd int64
}

// findPDFSignatures reads every signature dictionary in the revisions.
func findPDFSignatures(data []byte, revs []revision) []pdfSignature {
	var out []pdfSignature
	for _, r := range revs {
		for _, o := range r.Objects {
			if o.Offset < 0 || keyAt(o.Dict, "ByteRange") < 0 || keyAt(o.Dict, "Contents") < 0 {
				continue
			}
			out = append(out, readPDFSignature(data, o))
		}
	}
	return out
}

func readPDFSignature(data []byte, o pdfObject) pdfSignature {
	s := pdfSignature{Object: o.Num, Offset: o.Offset, SubFilter: nameValue(o.Dict, "SubFilter")}
	s.Sig = Signature{Format: FormatPAdES, SubFilter: s.SubFilter}
	if m, ok := stringValue(o.Dict, "M"); ok {
		s.ClaimedM, _ = parsePDFDate(m)
	}
	s.ByteRange = byteRange(o.Dict)
	if i := keyAt(o.Dict, "Contents"); i >= 0 {
		if raw, _, ok := readString(o.Dict, skipSpace(o.Dict, i)); ok {
			s.Contents = trimDER(raw)
		}
	}
	s.Problems, s.CoveredEnd = checkByteRange(data, s.ByteRange)
	s.Sig.SigningTime = s.ClaimedM
	s.verify(data)
	return s
}

// byteRange reads the four numbers of /ByteRange, or nil.
func byteRange(dict []byte) []int64 {
	i := keyAt(dict, "ByteRange")
	if i < 0 {
		return nil
	}
	i = skipSpace(dict, i)
	if i >= len(dict) || dict[i] != '[' {
		return nil
	}
	end := bytes.IndexByte(dict[i:], ']')
	if end < 0 {
		return nil
	}
	var out []int64
	for _, f := range strings.Fields(string(dict[i+1 : i+end])) {
		var n int64
		if _, err := fmt.Sscan(f, &n); err != nil {
			return nil
		}
		out = append(out, n)
	}
	return out
}

// checkByteRange says what is wrong with a byte range: it must be two
// ranges, start at byte 0, stay inside the file, and leave out exactly the
// hex string that holds the signature.
func checkByteRange(data []byte, br []int64) (problems []string, coveredEnd int64) {
	if len(br) != 4 {
		return []string{fmt.Sprintf("/ByteRange has %d numbers, not 4", len(br))}, 0
	}
	a, b, c, d := br[0], br[1], br[2], br[3]
	n := int64(len(data))
	if a < 0 || b < 0 || c < 0 || d < 0 {
		return []string{"/ByteRange has a negative number"}, 0
	}
	if a != 0 {
		problems = append(problems, fmt.Sprintf("the signed bytes start at %d, not at the start of the file", a))
	}
	if a+b > c {
		problems = append(problems, "the two signed ranges overlap")
	}
	if c+d > n {
		problems = append(problems, fmt.Sprintf("the signed range ends at byte %d, past the file's end (%d bytes)", c+d, n))
		return problems, 0
	}
	gapStart, gapEnd := a+b, c
	if gapEnd-gapStart < 2 || data[gapStart] != '<' || data[gapEnd-1] != '>' || !isHex(data[gapStart+1:gapEnd-1]) {
		problems = append(problems, fmt.Sprintf("the unsigned gap (bytes %d-%d) is not just the signature's hex string", gapStart, gapEnd))
	}
	return problems, c + d
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ' ' || c == '\r' || c == '\n') {
			return false
		}
	}
	return true
}

// trimDER cuts the zero padding a signer leaves after the DER in the
// reserved /Contents space, using the outer element's length.
func trimDER(b []byte) []byte {
	if len(b) < 2 || b[0] != 0x30 {
		return bytes.TrimRight(b, "\x00")
	}
	l := int(b[1])
	hdr := 2
	if l == 0x80 { // indefinite length (BER): only the padding can go
		return bytes.TrimRight(b, "\x00")
	}
	if l > 0x80 {
		k := l & 0x7f
		if k > 4 || len(b) < 2+k {
			return b
		}
		l = 0
		for _, c := range b[2 : 2+k] {
			l = l<<8 | int(c)
		}
		hdr += k
	}
	if hdr+l <= len(b) && hdr+l > 0 {
		return b[:hdr+l]
	}
	return b
}

// signedBytes returns the concatenated ranges the signer hashed.
func signedBytes(data []byte, br []int64) []byte {
	out := make([]byte, 0, br[1]+br[3])
	out = append(out, data[br[0]:br[0]+br[1]]...)
	return append(out, data[br[2]:br[2]+br[3]]...)
}

// verify reads the signer and checks the signature value against the
// signed bytes with the certificate the signature carries. The result
// proves the bytes are unchanged since that key signed them; it does not
// say who holds the key (no trust chain is built).
func (s *pdfSignature) verify(data []byte) {
	if len(s.Contents) == 0 {
		s.Sig.VerifyError = "the signature's /Contents is empty"
		return
	}
	if len(s.Problems) > 0 || s.CoveredEnd == 0 {
		s.Sig.VerifyError = "the byte range is malformed"
		return
	}
	covered := signedBytes(data, s.ByteRange)
	switch s.SubFilter {
	case "ETSI.RFC3161":
		s.verifyTimestamp(covered)
		return
	case "adbe.x509.rsa_sha1":
		s.Sig.VerifyError = "adbe.x509.rsa_sha1 signatures are a bare PKCS#1 value, which is not read"
		return
	}
	p7, err := pkcs7.Parse(s.Contents)
	if err != nil {
		s.Sig.VerifyError = "the CMS signature could not be parsed: " + err.Error()
		return
	}
	s.Sig.Signer = signerName(p7)
	var st time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &st); err == nil && !st.IsZero() {
		s.Sig.SigningTime = st
	}
	if s.SubFilter == "adbe.pkcs7.sha1" {
		// The signed content is the SHA-1 of the covered bytes.
		sum := sha1.Sum(covered) //nolint:gosec // see the import
		if !bytes.Equal(p7.Content, sum[:]) {
			s.Sig.VerifyError = "the digest in the signature does not match the signed bytes"
			return
		}
	} else {
		p7.Content = covered
	}
	if err := p7.Verify(); err != nil {
		s.Sig.VerifyError = err.Error()
		return
	}
	s.Sig.Verified = true
}

// verifyTimestamp checks a document timestamp: the token's message imprint
// must be the hash of the covered bytes.
func (s *pdfSignature) verifyTimestamp(covered []byte) {
	ts, err := timestamp.Parse(s.Contents)
	if err != nil {
		s.Sig.VerifyError = "the timestamp token could not be parsed: " + err.Error()
		return
	}
	s.Sig.SigningTime = ts.Time
	if len(ts.Certificates) > 0 {
		s.Sig.Signer = certName(ts.Certificates[0])
	}
	if !ts.HashAlgorithm.Available() {
		s.Sig.VerifyError = "the timestamp's hash algorithm is not available"
		return
	}
	h := ts.HashAlgorithm.New()
	h.Write(covered)
	if !bytes.Equal(h.Sum(nil), ts.HashedMessage) {
		s.Sig.VerifyError = "the timestamp's message imprint does not match the signed bytes"
		return
	}
	s.Sig.Verified = true
}

func signerName(p7 *pkcs7.PKCS7) string {
	if c := p7.GetOnlySigner(); c != nil {
		return certName(c)
	}
	if len(p7.Certificates) > 0 {
		return certName(p7.Certificates[0])
	}
	return ""
}

func certName(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

// signatureCheck reports one PDF signature.
func signatureCheck(s pdfSignature, n, of int) Check {
	name := "pdf_signature"
	if of > 1 {
		name = fmt.Sprintf("pdf_signature_%d", n)
	}
	c := Check{Name: name, Description: "Whether the PDF signature's byte range is well formed and its value matches the bytes it covers."}
	ev := []string{fmt.Sprintf("Signature dictionary object %d at byte %d, /SubFilter %s, /ByteRange %v.", s.Object, s.Offset, orNone(s.SubFilter), s.ByteRange)}
	if s.Sig.Signer != "" {
		ev = append(ev, fmt.Sprintf("Signer %q.", s.Sig.Signer))
	}
	if !s.Sig.SigningTime.IsZero() {
		ev = append(ev, "Signing time "+s.Sig.SigningTime.UTC().Format(time.RFC3339)+".")
	}
	switch {
	case len(s.Problems) > 0:
		c.Status = Fail
		ev = append(ev, "Byte range: "+strings.Join(s.Problems, "; ")+".")
		c.Reasoning = "A signature's byte range must cover the whole revision but the signature itself; this one does not, so bytes the signer never hashed can change what is shown. " + trustNote
	case s.Sig.Verified:
		c.Status = Pass
		c.Reasoning = "The signature value matches the covered bytes under the certificate it carries: nothing inside the range changed since signing. " + trustNote
	case strings.Contains(s.Sig.VerifyError, "digest") || strings.Contains(s.Sig.VerifyError, "imprint") || strings.Contains(s.Sig.VerifyError, "verification"):
		c.Status = Fail
		ev = append(ev, "Verification: "+s.Sig.VerifyError+".")
		c.Reasoning = "The signed bytes no longer match the signature: the file was altered inside the range its signer covered. " + trustNote
	default:
		c.Status = Uncertain
		ev = append(ev, "Verification: "+s.Sig.VerifyError+".")
		c.Reasoning = "The signature is present but its value could not be checked. " + trustNote
	}
	c.Evidence = strings.Join(ev, " ")
	return c
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// afterSigningCheck tells whether anything was appended after the last
// signature's covered range, and what. Validation data (DSS) and document
// timestamps are what PAdES long-term signatures add after signing and do
// not change the pages; anything that rewrites pages does.
func afterSigningCheck(data []byte, revs []revision, sigs []pdfSignature, lim Limits) Check {
	c := Check{Name: "modified_after_signing",
		Description: "Whether the PDF was changed after it was signed, and what the changes touched."}
	var last pdfSignature
	for _, s := range sigs {
		if s.CoveredEnd > last.CoveredEnd && len(s.Problems) == 0 {
			last = s
		}
	}
	if last.CoveredEnd == 0 {
		c.Status = Uncertain
		c.Evidence = fmt.Sprintf("%d signature(s), none with a usable byte range.", len(sigs))
		c.Reasoning = "Without a well-formed byte range it cannot be told which bytes were signed. " + trustNote
		return c
	}
	end := int(last.CoveredEnd)
	var ev []string
	ev = append(ev, fmt.Sprintf("The last signature (object %d) covers bytes 0-%d of %d.", last.Object, end, len(data)))
	worst, updates := changeValidation, 0
	for i := range revs {
		if revs[i].Start < end-2 || i == 0 {
			continue // written before (or as part of) the signed revision
		}
		updates++
		changes := revs[i].Changes
		worst = max(worst, worstClass(changes, revs[i].HasDSS))
		if updates > maxRevisionsShown {
			continue
		}
		ev = append(ev, fmt.Sprintf("Revision %d (bytes %d-%d), after signing, %s.", revs[i].Index, revs[i].Start, revs[i].End, describeChanges(changes, lim.MaxObjectsShown))+
			textChanges(data, revs, i, changes, lim))
	}
	if updates == 0 {
		if tail := bytes.TrimSpace(data[min(end, len(data)):]); len(tail) > 0 {
			c.Status = Fail
			ev = append(ev, fmt.Sprintf("%d bytes follow the signed range without forming a revision.", len(data)-end))
			c.Evidence = strings.Join(ev, " ")
			c.Reasoning = "Bytes were appended after the signature; the signer did not cover them."
			return c
		}
		c.Status = Pass
		ev = append(ev, "No change after signing.")
		c.Evidence = strings.Join(ev, " ")
		c.Reasoning = "The signed range reaches the end of the file: nothing was added after the last signature. " + trustNote
		return c
	}
	c.Evidence = strings.Join(ev, " ")
	switch worst {
	case changeContent:
		c.Status = Fail
		c.Reasoning = "After signing, a save rewrote or added page content (pages, content streams, images, fonts or annotations). A reader opening the file sees the edited version, which the signer never covered."
	case changeMetadata:
		c.Status = Uncertain
		c.Reasoning = "After signing, a save changed metadata or form state but not the pages; the shown content is what was signed, the file's description is not."
	default:
		c.Status = Pass
		c.Reasoning = "After signing, only signatures, timestamps or validation data (DSS) were added, as long-term PAdES signatures do; the pages are what was signed. " + trustNote
	}
	return c
}
