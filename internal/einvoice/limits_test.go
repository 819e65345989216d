package einvoice

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

func TestParseRefuses(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("<a>", 500) + strings.Repeat("</a>", 500)
	cases := []struct {
		name   string
		doc    string
		limits Limits
		want   error
	}{
		{"Empty", "", Limits{}, ErrMalformed},
		{"NotXML", "%PDF-1.7 garbage", Limits{}, ErrMalformed},
		{"Truncated", ublInvoice[:len(ublInvoice)/2], Limits{}, ErrMalformed},
		{"MismatchedTags", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><a></b></Invoice>`, Limits{}, ErrMalformed},
		{"UnknownEntity", `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&bogus;</Invoice>`, Limits{}, ErrMalformed},
		// encoding/xml neither fetches external entities nor expands
		// declared ones, so the reference is refused, not resolved.
		{"ExternalEntity", `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&xxe;</Invoice>`, Limits{}, ErrMalformed},
		{"UnknownCharset", `<?xml version="1.0" encoding="x-klingon"?><Invoice/>`, Limits{}, ErrMalformed},
		{"OtherRoot", `<html><body/></html>`, Limits{}, ErrNotInvoice},
		{"UBLRootWrongNamespace", `<Invoice xmlns="urn:example"/>`, Limits{}, ErrNotInvoice},
		{"TooLarge", ublInvoice, Limits{MaxBytes: 100}, ErrTooLarge},
		{"TooDeep", deep, Limits{}, ErrTooLarge},
		{"TwoRoots", `<a/><b/>`, Limits{}, ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			inv, err := Parse(strings.NewReader(tc.doc), tc.limits)
			if !errors.Is(err, tc.want) || inv != nil {
				t.Errorf("Parse = %v, %v; want %v", inv, err, tc.want)
			}
		})
	}
}

func TestParseExactlyAtLimit(t *testing.T) {
	t.Parallel()
	if _, err := Parse(strings.NewReader(ublCreditNote), Limits{MaxBytes: int64(len(ublCreditNote))}); err != nil {
		t.Errorf("a document of exactly MaxBytes must parse: %v", err)
	}
}

func TestAttachmentLimits(t *testing.T) {
	t.Parallel()
	doc := func(n int) string {
		var b strings.Builder
		b.WriteString(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">`)
		for i := 0; i < n; i++ {
			b.WriteString(`<cac:AdditionalDocumentReference><cbc:ID>x</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="text/plain" filename="a.txt">` + base64.StdEncoding.EncodeToString([]byte("0123456789")) + `</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`)
		}
		b.WriteString(`<cac:AdditionalDocumentReference><cbc:ID>bad</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject filename="b.bin">@@@@</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>`)
		b.WriteString(`</Invoice>`)
		return b.String()
	}
	t.Run("TooLargeAndTooMany", func(t *testing.T) {
		t.Parallel()
		inv, err := Parse(strings.NewReader(doc(3)), Limits{MaxAttachmentBytes: 10, MaxAttachments: 2})
		if err != nil {
			t.Fatal(err)
		}
		var omitted []string
		for _, a := range inv.Attachments {
			omitted = append(omitted, a.Omitted)
		}
		want := []string{"", "", OmittedTooMany, OmittedTooMany}
		if strings.Join(omitted, ",") != strings.Join(want, ",") {
			t.Errorf("omitted = %q, want %q", omitted, want)
		}
		inv, err = Parse(strings.NewReader(doc(1)), Limits{MaxAttachmentBytes: 9})
		if err != nil {
			t.Fatal(err)
		}
		if a := inv.Attachments[0]; a.Omitted != OmittedTooLarge || a.Data != nil {
			t.Errorf("over-limit attachment = %+v", a)
		}
		if a := inv.Attachments[1]; a.Omitted != OmittedBadBase64 || a.Data != nil || a.Filename != "b.bin" {
			t.Errorf("broken base64 attachment = %+v", a)
		}
	})
}

// hugeUBL streams a UBL invoice carrying one attachment of n base64
// characters in a single unbroken run, without building it in memory.
func hugeUBL(n int) io.Reader {
	head := `<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>H-1</cbc:ID><cac:AdditionalDocumentReference><cbc:ID>xslt</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/xml" filename="big.xslt">`
	tail := `</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference></Invoice>`
	return io.MultiReader(strings.NewReader(head), io.LimitReader(repeatReader('A'), int64(n)), strings.NewReader(tail))
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(r)
	}
	return len(p), nil
}

// TestHugeAttachmentLinearMemory is not parallel on purpose: it reads the
// process's allocation counter, which parallel tests would disturb.
func TestHugeAttachmentLinearMemory(t *testing.T) {
	alloc := func(n int, lim Limits) (uint64, *Invoice) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		inv, err := Parse(hugeUBL(n), lim)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("Parse(%d): %v", n, err)
		}
		return after.TotalAlloc - before.TotalAlloc, inv
	}
	const small, big = 1 << 20, 8 << 20
	a1, inv := alloc(small, Limits{})
	a8, _ := alloc(big, Limits{})
	if got := len(inv.Attachments[0].Data); got != small/4*3 {
		t.Fatalf("decoded %d bytes, want %d", got, small/4*3)
	}
	t.Logf("allocated %d bytes for a %d-character attachment, %d for %d", a1, small, a8, big)
	// Linear: 8x the input costs about 8x, and a small constant times the
	// input in absolute terms: encoding/xml's text buffer (about 2x, it
	// doubles), our base64 copy (1x) and the decoded bytes (0.75x).
	if a8 > 10*a1 || a8 > 5*big {
		t.Errorf("allocated %d bytes for %d input and %d for %d: not linear", a1, small, a8, big)
	}
	// Over the attachment limit, the base64 is dropped as it streams.
	aCapped, inv := alloc(big, Limits{MaxAttachmentBytes: 1 << 10})
	t.Logf("allocated %d bytes with the attachment over its limit", aCapped)
	// What is left is encoding/xml's own buffer for the text run.
	if inv.Attachments[0].Omitted != OmittedTooLarge || aCapped > 3*big {
		t.Errorf("capped attachment: %+v, allocated %d (uncapped %d)", inv.Attachments[0], aCapped, a8)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	bom := "\xef\xbb\xbf"
	cases := []struct {
		name string
		head string
		want Syntax
		ok   bool
	}{
		{"UBLInvoice", ublInvoice, SyntaxUBL, true},
		{"UBLCreditNoteTruncated", ublCreditNote[:300], SyntaxUBL, true},
		{"CII", ciiInvoice, SyntaxCII, true},
		{"ZUGFeRD1", zugferd1Invoice, SyntaxZUGFeRD1, true},
		{"FatturaPA", fatturaPA1252, SyntaxFatturaPA, true},
		{"BOMAndComment", bom + `<?xml version="1.0"?><!-- licence --><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">`, SyntaxUBL, true},
		{"DefaultNamespaceOnPrefixedRoot", `<x:CrossIndustryInvoice xmlns="urn:other" xmlns:x="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100">`, SyntaxCII, true},
		{"FatturaPA11", `<ns:FatturaElettronica xmlns:ns="http://www.fatturapa.gov.it/sdi/fatturapa/v1.1" versione="1.1">`, SyntaxFatturaPA, true},
		{"WrongNamespace", `<Invoice xmlns="urn:example:invoice">`, "", false},
		{"HTML", `<!DOCTYPE html><html>`, "", false},
		{"PDF", "%PDF-1.7\n", "", false},
		{"Empty", "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Detect([]byte(tc.head))
			if got != tc.want || ok != tc.ok {
				t.Errorf("Detect = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"100.00", "100"}, {"0.50", "0.5"}, {"-0.00", "0"}, {"+5", "5"}, {".5", "0.5"},
		{"5.", "5"}, {"007.10", "7.1"}, {"-12.340", "-12.34"}, {"1,5", "1.5"},
		{"1,000.00", ""}, {"1.2.3", ""}, {"abc", ""}, {"1e3", ""}, {"-", ""}, {".", ""},
	} {
		if got := canonDecimal(tc.in); got != tc.want {
			t.Errorf("canonDecimal(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"20240305", "2024-03-05"}, {"2024-03-05", "2024-03-05"}, {"2024-03-05T10:00:00Z", "2024-03-05"},
		{"2024-03-05+01:00", "2024-03-05"}, {" 2024-03-05 ", "2024-03-05"}, {"05.03.2024", "05.03.2024"},
	} {
		if got := normDate(tc.in); got != tc.want {
			t.Errorf("normDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if s := sumAmounts([]Amount{newAmount("0.1"), newAmount("0.2"), newAmount("-0.30")}); s.Raw != "0.00" || s.Value != "0" {
		t.Errorf("exact decimal sum = %+v", s)
	}
	if s := sumAmounts([]Amount{newAmount("1"), newAmount("x")}); !s.IsZero() {
		t.Errorf("a sum with a non-decimal term must be absent, got %+v", s)
	}
}

func TestAttachmentNames(t *testing.T) {
	t.Parallel()
	bin := &node{data: []byte("x")}
	for _, tc := range []struct{ name, mime, wantName, wantMIME string }{
		{`C:\temp\scan.pdf`, "", "scan.pdf", "application/pdf"},
		{"../../etc/passwd", "", "passwd", "application/octet-stream"},
		{"", "image/png", "", "image/png"},
		{"/", "", "", "application/octet-stream"},
	} {
		a := newAttachment(bin, tc.name, tc.mime, "")
		if a.Filename != tc.wantName || a.MIME != tc.wantMIME || !bytes.Equal(a.Data, []byte("x")) {
			t.Errorf("newAttachment(%q, %q) = %q, %q", tc.name, tc.mime, a.Filename, a.MIME)
		}
	}
}
