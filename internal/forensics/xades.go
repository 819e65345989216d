package forensics

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
)

// XML e-invoices (FatturaPA, UBL with a Peppol or UBL-TR profile) carry
// XAdES signatures as an enveloped ds:Signature: a SignatureValue, the
// signer's certificate in KeyInfo, and in its QualifyingProperties the
// SigningTime and a digest of the signing certificate. What can be checked
// without canonicalising the XML is how those parts agree: the declared
// certificate digest against the certificate carried, the signing time
// against the certificate's validity. The signature value over the
// canonicalised document is not recomputed.

const (
	nsXMLDSig = "http://www.w3.org/2000/09/xmldsig#"
	// XAdES namespaces all start with this (v1.1.1, v1.3.2, v1.4.1).
	nsXAdESPrefix = "http://uri.etsi.org/01903/"
	// maxXMLTextBytes bounds one element's text kept in memory (a
	// certificate in base64 is a few kilobytes).
	maxXMLTextBytes = 64 << 10
	// maxXMLTokens bounds the tokens read from one document.
	maxXMLTokens = 2_000_000
)

// xmlSignature is one ds:Signature as read.
type xmlSignature struct {
	HasValue    bool
	Cert        *x509.Certificate
	CertErr     string
	Qualifying  bool // xades:QualifyingProperties present
	SigningTime time.Time
	// CertDigests are the certificate digests SigningCertificate declares:
	// algorithm URI and value.
	CertDigests []certDigest
}

type certDigest struct {
	alg   string
	value []byte
}

// readXMLSignatures streams the document and collects its signatures.
func readXMLSignatures(data []byte) ([]xmlSignature, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charset.NewReaderLabel
	dec.Strict = false
	var out []xmlSignature
	var cur *xmlSignature
	depth, sigDepth := 0, 0
	var path []string // local names inside the current signature
	var text strings.Builder
	var digAlg string
	for n := 0; n < maxXMLTokens; n++ {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if cur == nil && t.Name.Space == nsXMLDSig && t.Name.Local == "Signature" {
				out = append(out, xmlSignature{})
				cur, sigDepth, path = &out[len(out)-1], depth, path[:0]
				continue
			}
			if cur == nil {
				continue
			}
			path = append(path, t.Name.Local)
			text.Reset()
			switch {
			case t.Name.Local == "QualifyingProperties" && strings.HasPrefix(t.Name.Space, nsXAdESPrefix):
				cur.Qualifying = true
			case t.Name.Local == "DigestMethod" && inPath(path, "CertDigest"):
				for _, a := range t.Attr {
					if a.Name.Local == "Algorithm" {
						digAlg = a.Value
					}
				}
			}
		case xml.CharData:
			if cur != nil && text.Len()+len(t) <= maxXMLTextBytes {
				text.Write(t)
			}
		case xml.EndElement:
			depth--
			if cur == nil {
				continue
			}
			if depth < sigDepth {
				cur = nil
				continue
			}
			v := strings.TrimSpace(text.String())
			switch t.Name.Local {
			case "SignatureValue":
				cur.HasValue = v != ""
			case "X509Certificate":
				if cur.Cert == nil {
					cur.Cert, cur.CertErr = parseB64Cert(v)
				}
			case "SigningTime":
				if st, err := time.Parse(time.RFC3339, v); err == nil {
					cur.SigningTime = st
				} else if st, err := time.Parse("2006-01-02T15:04:05", v); err == nil {
					cur.SigningTime = st
				}
			case "DigestValue":
				if inPath(path, "CertDigest") {
					if b, err := base64.StdEncoding.DecodeString(stripB64(v)); err == nil {
						cur.CertDigests = append(cur.CertDigests, certDigest{alg: digAlg, value: b})
					}
				}
			}
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
			text.Reset()
		}
	}
	return out, fmt.Errorf("more than %d XML tokens", maxXMLTokens)
}

func inPath(path []string, name string) bool {
	for _, p := range path {
		if p == name {
			return true
		}
	}
	return false
}

func stripB64(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func parseB64Cert(v string) (*x509.Certificate, string) {
	der, err := base64.StdEncoding.DecodeString(stripB64(v))
	if err != nil {
		return nil, "the certificate is not base64: " + err.Error()
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, "the certificate could not be parsed: " + err.Error()
	}
	return c, ""
}

// digestHash maps an XML-DSig digest algorithm URI to its hash.
func digestHash(uri string) crypto.Hash {
	switch {
	case strings.HasSuffix(uri, "#sha1"):
		return crypto.SHA1
	case strings.HasSuffix(uri, "#sha256"):
		return crypto.SHA256
	case strings.HasSuffix(uri, "#sha384"):
		return crypto.SHA384
	case strings.HasSuffix(uri, "#sha512"):
		return crypto.SHA512
	}
	return 0
}

// analyzeXML reports the XAdES (or plain XML-DSig) signatures of an XML
// document. A document without one gets no check: being unsigned says
// nothing about its integrity.
func analyzeXML(data []byte, r *Report) {
	sigs, err := readXMLSignatures(data)
	for i, s := range sigs {
		sig := Signature{Format: FormatXAdES, SigningTime: s.SigningTime}
		if s.Cert != nil {
			sig.Signer = certName(s.Cert)
		}
		sig.VerifyError = "the signature value over the canonicalised XML is not recomputed"
		if !s.Qualifying {
			// Plain XML-DSig is not an eIDAS format; it is still reported
			// as a check.
			sig.Format = ""
		} else {
			r.Signatures = append(r.Signatures, sig)
		}
		r.Checks = append(r.Checks, xadesCheck(s, sig, i+1, len(sigs)))
	}
	if err != nil && len(sigs) > 0 {
		r.Checks = append(r.Checks, Check{Name: "xml_readable", Status: Uncertain,
			Description: "Whether the whole XML document could be read.",
			Evidence:    "Reading stopped: " + err.Error() + ".",
			Reasoning:   "Signatures after the point where reading stopped were not seen."})
	}
}

func xadesCheck(s xmlSignature, sig Signature, n, of int) Check {
	name := "xades_signature"
	if of > 1 {
		name = fmt.Sprintf("xades_signature_%d", n)
	}
	c := Check{Name: name, Description: "Whether the XML signature's parts agree: a signature value, a readable signing certificate, the certificate digest its signed properties declare, and a signing time inside the certificate's validity."}
	var ev, fails, doubts []string
	kind := "XAdES"
	if !s.Qualifying {
		kind = "XML-DSig without XAdES qualifying properties"
	}
	ev = append(ev, kind+".")
	if sig.Signer != "" {
		ev = append(ev, fmt.Sprintf("Signer %q.", sig.Signer))
	}
	if !s.SigningTime.IsZero() {
		ev = append(ev, "SigningTime "+s.SigningTime.UTC().Format(time.RFC3339)+".")
	}
	if !s.HasValue {
		fails = append(fails, "the signature has no SignatureValue")
	}
	switch {
	case s.Cert == nil && s.CertErr != "":
		doubts = append(doubts, s.CertErr)
	case s.Cert == nil:
		doubts = append(doubts, "no signing certificate is embedded")
	default:
		ev = append(ev, fmt.Sprintf("Certificate valid %s to %s, issued by %q.", s.Cert.NotBefore.UTC().Format("2006-01-02"), s.Cert.NotAfter.UTC().Format("2006-01-02"), s.Cert.Issuer.CommonName))
		if !s.SigningTime.IsZero() && (s.SigningTime.Before(s.Cert.NotBefore) || s.SigningTime.After(s.Cert.NotAfter)) {
			fails = append(fails, "the signing time lies outside the certificate's validity")
		}
		for _, d := range s.CertDigests {
			h := digestHash(d.alg)
			if h == 0 || !h.Available() {
				continue
			}
			hh := h.New()
			hh.Write(s.Cert.Raw)
			if bytes.Equal(hh.Sum(nil), d.value) {
				ev = append(ev, "The declared certificate digest matches the embedded certificate.")
			} else {
				fails = append(fails, "the certificate digest in the signed properties does not match the embedded certificate")
			}
		}
	}
	c.Evidence = strings.Join(ev, " ")
	const notDone = " The signature value over the canonicalised document was not recomputed. " + trustNote
	switch {
	case len(fails) > 0:
		c.Status = Fail
		c.Reasoning = "The signature contradicts itself: " + strings.Join(fails, "; ") + "." + notDone
	case len(doubts) > 0:
		c.Status = Uncertain
		c.Reasoning = "The signature is incomplete: " + strings.Join(doubts, "; ") + "." + notDone
	default:
		c.Status = Pass
		c.Reasoning = "The signature's parts are present and agree with each other." + notDone
	}
	return c
}
