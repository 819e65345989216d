package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/einvoice"
)

// der encodes one element with a definite length, as DER signers write.
func der(tag byte, content ...[]byte) []byte {
	body := bytes.Join(content, nil)
	n := len(body)
	var l []byte
	switch {
	case n < 0x80:
		l = []byte{byte(n)}
	case n < 0x100:
		l = []byte{0x81, byte(n)}
	case n < 0x10000:
		l = []byte{0x82, byte(n >> 8), byte(n)}
	default:
		l = []byte{0x83, byte(n >> 16), byte(n >> 8), byte(n)}
	}
	return append(append([]byte{tag}, l...), body...)
}

// berIndef encodes a constructed element with an indefinite length, as
// streaming signers write.
func berIndef(tag byte, content ...[]byte) []byte {
	return append(append([]byte{tag, 0x80}, bytes.Join(content, nil)...), 0, 0)
}

var (
	oidPKCS7Data   = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01}
	oidPKCS7Signed = []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02}
	// A signer info that is shaped right; nothing here checks signatures.
	unsignedSigner = der(0x31, der(0x30, der(0x02, []byte{1}), der(0x04, []byte("no real signature"))))
)

// signedDER wraps content in a CMS SignedData with one OCTET STRING.
func signedDER(content []byte) []byte {
	encap := der(0x30, oidPKCS7Data, der(0xA0, der(0x04, content)))
	sd := der(0x30, der(0x02, []byte{1}), der(0x31), encap, unsignedSigner)
	return der(0x30, oidPKCS7Signed, der(0xA0, sd))
}

// signedBER wraps content with indefinite lengths and the content cut
// into OCTET STRING chunks of size bytes.
func signedBER(content []byte, size int) []byte {
	var chunks [][]byte
	for len(content) > 0 {
		n := min(size, len(content))
		chunks = append(chunks, der(0x04, content[:n]))
		content = content[n:]
	}
	encap := berIndef(0x30, oidPKCS7Data, berIndef(0xA0, berIndef(0x24, chunks...)))
	sd := berIndef(0x30, der(0x02, []byte{1}), der(0x31), encap, unsignedSigner)
	return berIndef(0x30, oidPKCS7Signed, berIndef(0xA0, sd))
}

// A signed e-invoice (".xml.p7m") is sniffed as CMS, unwrapped and read
// like the XML it signs: the e-invoice with its envelope named, the
// words of the XML, and its attachments as files of their own.
func TestSignedEInvoiceIsRouted(t *testing.T) {
	t.Parallel()
	xml := ublWithAttachment("Delivery note for three boxes")
	cases := map[string][]byte{
		"DER":        signedDER(xml),
		"BERChunked": signedBER(xml, 1000),
		"Base64":     []byte(base64.StdEncoding.EncodeToString(signedDER(xml))),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if mt := Sniff(data, "IT01234567890_FPA01.xml.p7m", ""); mt != mediaP7M {
				t.Fatalf("Sniff = %s, want %s", mt, mediaP7M)
			}
			files, err := NewLoader(DefaultLimits(), Engines{}).Load(context.Background(), Input{Name: "inv.xml.p7m", Data: data})
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != 2 {
				t.Fatalf("got %d files, want the invoice and its attachment", len(files))
			}
			inv := files[0].EInvoice
			if inv == nil {
				t.Fatalf("no e-invoice read; text %q", files[0].Layout.Text)
			}
			if inv.Number != "INV-7" || inv.Envelope != einvoice.EnvelopeCAdES {
				t.Errorf("number %q envelope %q, want INV-7 in a CAdES envelope", inv.Number, inv.Envelope)
			}
			if got := inv.Fields()["amount_due"]; got != "12.50" && got != "12.5" {
				t.Errorf("amount_due = %q", got)
			}
			if !strings.Contains(files[0].Layout.Text, "INV-7") {
				t.Errorf("the signed XML's words are missing: %q", files[0].Layout.Text)
			}
			if att := files[1]; att.Name != "inv.xml.p7m/notes.txt" || !strings.Contains(att.Layout.Text, "Delivery note") {
				t.Errorf("attachment %s: %q", att.Name, att.Layout.Text)
			}
		})
	}
}

// Only CMS envelopes around an e-invoice are routed: signed other content,
// base64 prose and binary noise keep the generic answer.
func TestSignedNonInvoiceIsNotRouted(t *testing.T) {
	t.Parallel()
	for name, data := range map[string][]byte{
		"SignedHTML":  signedDER([]byte("<html><body>" + strings.Repeat("<p>x</p>", 30) + "</body></html>")),
		"MITLicence":  []byte("MIT License\n\nCopyright (c) 2026 someone\n"),
		"BinaryNoise": append([]byte{0x30, 0x82, 0xff, 0xff}, bytes.Repeat([]byte{0x01, 0xfe}, 200)...),
	} {
		if mt := Sniff(data, "x.p7m", ""); mt == mediaP7M {
			t.Errorf("%s: sniffed as a signed e-invoice", name)
		}
	}
}
