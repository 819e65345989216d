package forensics

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/digitorus/pkcs7"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// A CAdES envelope (.p7m) is a CMS SignedData that carries the signed
// file inside it; a .p7s carries only the signature, the file travelling
// beside it. The envelope is opened by the same BER walker the e-invoice
// reader uses (einvoice.UnwrapP7M), the signature is checked against the
// content with the certificate it carries, and the content itself is then
// inspected like any file (a signed PDF inside keeps its own checks).

// cmsDER returns the DER (or BER) of a CMS file that may be
// base64-armoured.
func cmsDER(data []byte) []byte {
	// Binary DER is returned untouched: its last bytes may well look like
	// white space, and trimming them would cut the signature.
	if len(data) > 0 && data[0] == 0x30 {
		return data
	}
	t := bytes.TrimSpace(data)
	if len(t) > 0 && t[0] == 'M' {
		if dec, err := base64.StdEncoding.DecodeString(stripB64(string(t))); err == nil {
			return dec
		}
	}
	if s := string(t); strings.HasPrefix(s, "-----BEGIN") {
		var body []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(l, "-----") {
				body = append(body, l)
			}
		}
		if dec, err := base64.StdEncoding.DecodeString(stripB64(strings.Join(body, ""))); err == nil {
			return dec
		}
	}
	return data
}

// analyzeCMS checks a .p7m or .p7s and inspects what it encloses.
func analyzeCMS(ctx context.Context, in Input, r *Report) {
	der := cmsDER(in.Data)
	c := Check{Name: "cades_signature",
		Description: "Whether the CMS (CAdES) signature matches the content it signs, under the certificate it carries."}
	var detachedContent []byte
	what := "The envelope"
	if content, sig, ok := smimeParts(in.Data); ok {
		der, detachedContent, what = sig, content, "The S/MIME message's signature part"
	}
	p7, err := parseCMS(der)
	if err != nil {
		c.Status = Uncertain
		c.Evidence = what + " is not a readable CMS SignedData: " + err.Error() + "."
		c.Reasoning = "Without a readable signature nothing can be said about it. " + trustNote
		r.Checks = append(r.Checks, c)
		return
	}
	sig := Signature{Format: FormatCAdES, Signer: signerName(p7)}
	var st time.Time
	if err := p7.UnmarshalSignedAttribute(pkcs7.OIDAttributeSigningTime, &st); err == nil {
		sig.SigningTime = st
	}
	content, unwrapErr := einvoice.UnwrapP7M(der)
	if unwrapErr != nil || len(content) == 0 {
		content = p7.Content
	}
	if len(content) == 0 && len(detachedContent) > 0 {
		content = detachedContent // S/MIME: the signed part travels beside the signature
	}
	ev := []string{fmt.Sprintf("%d signer(s), %d certificate(s).", len(p7.Signers), len(p7.Certificates))}
	if sig.Signer != "" {
		ev = append(ev, fmt.Sprintf("Signer %q.", sig.Signer))
	}
	if !sig.SigningTime.IsZero() {
		ev = append(ev, "Signing time "+sig.SigningTime.UTC().Format(time.RFC3339)+".")
	}
	switch {
	case len(content) == 0:
		c.Status = Uncertain
		ev = append(ev, "Detached signature: the signed content is not in this file.")
		c.Reasoning = "A detached signature (.p7s) can only be checked against the file it was made for, which did not come with it. " + trustNote
		sig.VerifyError = "detached signature without its content"
	default:
		p7.Content = content
		ev = append(ev, fmt.Sprintf("Encapsulated content: %d bytes.", len(content)))
		if err := p7.Verify(); err != nil {
			sig.VerifyError = err.Error()
			var mismatch *pkcs7.MessageDigestMismatchError
			if errors.As(err, &mismatch) || strings.Contains(err.Error(), "verification") {
				c.Status = Fail
				c.Reasoning = "The content no longer matches what was signed: it was changed after signing. " + trustNote
			} else {
				c.Status = Uncertain
				c.Reasoning = "The signature could not be checked: " + err.Error() + ". " + trustNote
			}
			ev = append(ev, "Verification: "+err.Error()+".")
		} else {
			sig.Verified = true
			c.Status = Pass
			c.Reasoning = "The signature value matches the enclosed content under the certificate it carries: the content is unchanged since that key signed it. " + trustNote
		}
	}
	c.Evidence = strings.Join(ev, " ")
	r.Signatures = append(r.Signatures, sig)
	r.Checks = append(r.Checks, c)
	// The enclosed file keeps its own checks (a signed PDF, an XAdES
	// invoice); a nested envelope is not opened again.
	if len(content) > 0 {
		switch KindOf(content, "", "") {
		case KindXML:
			analyzeXML(content, r)
		case KindPDF:
			inner := in
			inner.Data = content
			analyzePDF(ctx, inner, r)
		}
	}
}

// parseCMS parses a SignedData, recovering from a panic in the parser:
// the envelope is hostile input.
func parseCMS(der []byte) (p7 *pkcs7.PKCS7, err error) {
	defer func() {
		if p := recover(); p != nil {
			p7, err = nil, fmt.Errorf("malformed envelope: %v", p)
		}
	}()
	return pkcs7.Parse(der)
}
