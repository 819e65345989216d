package ingest

import (
	"bytes"
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/einvoice"
	"github.com/quarrydev/quarry/internal/fixture"
)

// A signed e-invoice (".xml.p7m") is sniffed as CMS, unwrapped and read
// like the XML it signs: the e-invoice with its envelope named, the
// words of the XML, and its attachments as files of their own.
func TestSignedEInvoiceIsRouted(t *testing.T) {
	t.Parallel()
	xml := ublWithAttachment("Delivery note for three boxes")
	cases := map[string][]byte{
		"DER":        fixture.P7MDER(xml),
		"BERChunked": fixture.P7MBER(xml, 1000),
		"Base64":     []byte(base64.StdEncoding.EncodeToString(fixture.P7MDER(xml))),
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
		"SignedHTML":  fixture.P7MDER([]byte("<html><body>" + strings.Repeat("<p>x</p>", 30) + "</body></html>")),
		"MITLicence":  []byte("MIT License\n\nCopyright (c) 2026 someone\n"),
		"BinaryNoise": append([]byte{0x30, 0x82, 0xff, 0xff}, bytes.Repeat([]byte{0x01, 0xfe}, 200)...),
	} {
		if mt := Sniff(data, "x.p7m", ""); mt == mediaP7M {
			t.Errorf("%s: sniffed as a signed e-invoice", name)
		}
	}
}
