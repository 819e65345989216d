package forensics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/digitorus/pkcs7"

	"github.com/quarrydev/quarry/internal/fixture"
)

// signedUBL is a UBL invoice with an enveloped XAdES-BES signature made
// of the test certificate; certDigest and signingTime are the values the
// signed properties declare.
func signedUBL(t *testing.T, certDigest []byte, signingTime string) []byte {
	t.Helper()
	cert, _ := testSigner()
	if certDigest == nil {
		sum := sha256.Sum256(cert.Raw)
		certDigest = sum[:]
	}
	return []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">
 <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent>
  <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="Sig1">
   <ds:SignedInfo>
    <ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>
    <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
    <ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference>
   </ds:SignedInfo>
   <ds:SignatureValue>c2lnbmF0dXJl</ds:SignatureValue>
   <ds:KeyInfo><ds:X509Data><ds:X509Certificate>%s</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
   <ds:Object>
    <xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Sig1">
     <xades:SignedProperties><xades:SignedSignatureProperties>
      <xades:SigningTime>%s</xades:SigningTime>
      <xades:SigningCertificate><xades:Cert><xades:CertDigest>
       <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
       <ds:DigestValue>%s</ds:DigestValue>
      </xades:CertDigest></xades:Cert></xades:SigningCertificate>
     </xades:SignedSignatureProperties></xades:SignedProperties>
    </xades:QualifyingProperties>
   </ds:Object>
  </ds:Signature>
 </ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
 <cbc:ID>INV-7</cbc:ID>
 <cbc:IssueDate>2026-03-01</cbc:IssueDate>
</Invoice>`, base64.StdEncoding.EncodeToString(cert.Raw), signingTime, base64.StdEncoding.EncodeToString(certDigest)))
}

func TestXAdESInUBL(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		xml    []byte
		status string
		want   string
	}{
		{"consistent", signedUBL(t, nil, "2026-03-01T10:00:00Z"), Pass, "matches the embedded certificate"},
		{"certificate digest swapped", signedUBL(t, bytes.Repeat([]byte{7}, 32), "2026-03-01T10:00:00Z"), Fail, "does not match"},
		{"signed after the certificate expired", signedUBL(t, nil, "2045-01-01T00:00:00Z"), Fail, "outside the certificate's validity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Analyze(context.Background(), Input{Name: "inv.xml", Data: tc.xml})
			if got := r.EIDASFormats(); len(got) != 1 || got[0] != FormatXAdES {
				t.Fatalf("formats %v, want [XAdES]", got)
			}
			if r.Signatures[0].Signer != "Quarry Test Signer" {
				t.Errorf("signer %q", r.Signatures[0].Signer)
			}
			c := checkNamed(t, r, "xades_signature")
			if c.Status != tc.status || !strings.Contains(c.Evidence+c.Reasoning, tc.want) {
				t.Errorf("%s: %s / %s", c.Status, c.Evidence, c.Reasoning)
			}
			if !strings.Contains(c.Reasoning, "not recomputed") || !strings.Contains(c.Reasoning, "trust chain") {
				t.Errorf("reasoning does not say what was not checked: %s", c.Reasoning)
			}
		})
	}
}

func TestUnsignedXMLHasNoCheck(t *testing.T) {
	t.Parallel()
	r := Analyze(context.Background(), Input{Name: "inv.xml", Data: []byte(`<Invoice><ID>1</ID></Invoice>`)})
	if len(r.Checks) != 0 || len(r.EIDASFormats()) != 0 || Overall(r.Checks) != Uncertain {
		t.Errorf("unsigned XML: %+v", r)
	}
}

// signedCMS makes a CAdES envelope of content with the test certificate.
func signedCMS(t *testing.T, content []byte, detached bool) []byte {
	t.Helper()
	cert, key := testSigner()
	sd, err := pkcs7.NewSignedData(content)
	if err != nil {
		t.Fatal(err)
	}
	if err := sd.AddSigner(cert, key, pkcs7.SignerInfoConfig{}); err != nil {
		t.Fatal(err)
	}
	if detached {
		sd.Detach()
	}
	der, err := sd.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestCAdESEnvelope(t *testing.T) {
	t.Parallel()
	invoice := signedUBL(t, nil, "2026-03-01T10:00:00Z")
	der := signedCMS(t, invoice, false)
	cases := []struct {
		name, file string
		data       []byte
		status     string
	}{
		{"p7m", "inv.xml.p7m", der, Pass},
		{"base64 p7m", "inv.xml.p7m", []byte(base64.StdEncoding.EncodeToString(der)), Pass},
		{"content changed", "inv.xml.p7m", bytes.Replace(der, []byte("INV-7"), []byte("INV-8"), 1), Fail},
		{"detached p7s", "inv.p7s", signedCMS(t, invoice, true), Uncertain},
		{"envelope without a real signature", "inv.xml.p7m", fixture.P7MDER(invoice), Uncertain},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Analyze(context.Background(), Input{Name: tc.file, Data: tc.data})
			c := checkNamed(t, r, "cades_signature")
			if c.Status != tc.status {
				t.Fatalf("cades_signature %s, want %s: %s", c.Status, tc.status, c.Evidence)
			}
			if tc.status == Uncertain && tc.name != "detached p7s" {
				return
			}
			formats := strings.Join(r.EIDASFormats(), ",")
			if !strings.Contains(formats, FormatCAdES) {
				t.Errorf("formats %q lack CAdES", formats)
			}
			if tc.status == Pass && formats != "XAdES,CAdES" {
				// The enclosed invoice's own XAdES signature is read too.
				t.Errorf("formats %q, want XAdES,CAdES", formats)
			}
		})
	}
}

func TestSignedPDFInsideCAdES(t *testing.T) {
	t.Parallel()
	signed := signPDF(t, fpdfInvoice(t))
	r := Analyze(context.Background(), Input{Name: "doc.pdf.p7m", Data: signedCMS(t, signed, false)})
	if got := strings.Join(r.EIDASFormats(), ","); got != "PAdES,CAdES" {
		t.Errorf("formats %q, want PAdES,CAdES", got)
	}
	if c := checkNamed(t, r, "modified_after_signing"); c.Status != Pass {
		t.Errorf("inner PDF: %s %s", c.Status, c.Evidence)
	}
}

func TestSMIMESignedMessage(t *testing.T) {
	t.Parallel()
	// The signed part ends before the CRLF that opens the next boundary.
	part := "Content-Type: text/plain\r\n\r\nPay 100 EUR to the usual account."
	sig := base64.StdEncoding.EncodeToString(signedCMS(t, []byte(part), true))
	msg := func(body string) []byte {
		return []byte("MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"B\"\r\n\r\n" +
			"--B\r\n" + body + "\r\n--B\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\nContent-Transfer-Encoding: base64\r\n\r\n" + sig + "\r\n--B--\r\n")
	}
	for _, tc := range []struct {
		body, status string
	}{{part, Pass}, {strings.Replace(part, "100", "900", 1), Fail}} {
		r := Analyze(context.Background(), Input{Name: "mail.p7s", Data: msg(tc.body)})
		if c := checkNamed(t, r, "cades_signature"); c.Status != tc.status {
			t.Errorf("%q: %s, want %s (%s)", tc.body, c.Status, tc.status, c.Evidence)
		}
	}
}
