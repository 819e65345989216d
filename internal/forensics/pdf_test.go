package forensics

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

const plainText = "BT /F1 12 Tf 100 700 Td (Invoice total 1234.56) Tj ET"

func TestCleanPDFIsValid(t *testing.T) {
	t.Parallel()
	r := analyzeBytes(t, handPDF(plainText, "/Producer (Quarry) /CreationDate (D:20260101120000Z) /ModDate (D:20260102120000Z)"))
	for _, c := range r.Checks {
		if c.Status != Pass {
			t.Errorf("%s: %s (%s)", c.Name, c.Status, c.Evidence)
		}
	}
	if got := Overall(r.Checks); got != Valid {
		t.Errorf("overall %s, want valid", got)
	}
	if len(r.Signatures) != 0 || len(r.EIDASFormats()) != 0 {
		t.Errorf("signatures found in an unsigned PDF: %+v", r.Signatures)
	}
}

func TestHiddenTextIsFlagged(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, check, content, want string
		status                     string
	}{
		{"white on white", "white_text", plainText + " 1 1 1 rg BT /F1 12 Tf 100 600 Td (PAYTO DE89370400440532013000) Tj ET", "PAYTO", Fail},
		{"white on a dark band", "white_text", plainText + " 0 0 0.5 rg 90 590 300 30 re f 1 1 1 rg BT /F1 12 Tf 100 600 Td (Heading) Tj ET", "", Pass},
		{"invisible without image", "invisible_text", plainText + " BT 3 Tr /F1 12 Tf 100 600 Td (SECRET 999) Tj ET", "SECRET", Fail},
		{"invisible over a scan", "invisible_text", "q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr /F1 12 Tf 100 600 Td (Scanned words) Tj ET", "", Pass},
		{"far outside the page", "text_outside_page", plainText + " BT /F1 12 Tf 100 -400 Td (Planted 5000.00) Tj ET", "-400", Fail},
		{"just past the edge", "text_outside_page", plainText + " BT /F1 6 Tf 100 -20 Td (slug.indd) Tj ET", "-20", Uncertain},
		{"white patch over a value", "text_covered_by_paint", plainText + " 1 1 1 rg 95 695 200 20 re f", "1234.56", Fail},
		{"image pasted over a value", "text_covered_by_paint", plainText + " q 200 20 0 0 95 695 cm /Im1 Do Q", "Invoice", Fail},
		{"background drawn first", "text_covered_by_paint", "0.9 g 95 695 200 20 re f 0 g " + plainText, "", Pass},
		{"digit in another font", "font_change_in_value", "BT /F1 12 Tf 100 700 Td (Total 12) Tj 40.02 0 Td /F2 12 Tf (3) Tj 7.2 0 Td /F1 12 Tf (4.56) Tj ET", "Courier", Fail},
		{"digit in another size", "font_change_in_value", "BT /F1 12 Tf 100 700 Td (Total 12) Tj 40.02 0 Td /F1 14 Tf (3) Tj 7.8 0 Td /F1 12 Tf (4.56) Tj ET", "14.0 pt", Fail},
		{"kerned number in one font", "font_change_in_value", "BT /F1 12 Tf 100 700 Td (Total 12) Tj 40.02 0 Td (34.56) Tj ET", "", Pass},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := analyzeBytes(t, handPDF(tc.content, ""))
			c := checkNamed(t, r, tc.check)
			if c.Status != tc.status {
				t.Fatalf("%s = %s, want %s; evidence: %s", tc.check, c.Status, tc.status, c.Evidence)
			}
			if tc.want != "" && !strings.Contains(c.Evidence, tc.want) {
				t.Errorf("evidence %q does not mention %q", c.Evidence, tc.want)
			}
			if tc.status == Fail && Overall(r.Checks) != Invalid {
				t.Errorf("overall %s with a failed check", Overall(r.Checks))
			}
		})
	}
}

func TestIncrementalUpdateOfUnsignedPDF(t *testing.T) {
	t.Parallel()
	base := handPDF(plainText, "/Producer (Word)")
	edited := appendUpdate(base, map[int]string{
		4: streamObj("", "BT /F1 12 Tf 100 700 Td (Invoice total 9234.56) Tj ET"),
		7: "<< /Producer (PDFEditorPro) >>",
	})
	r := analyzeBytes(t, edited)
	c := checkNamed(t, r, "incremental_updates")
	if c.Status != Uncertain {
		t.Fatalf("status %s, want uncertain: %s", c.Status, c.Evidence)
	}
	for _, want := range []string{"2 revisions", "replaced object 4 (stream), 7 (document info)", "PDFEditorPro", `lost ["Invoice total 1234.56"] and gained ["Invoice total 9234.56"]`} {
		if !strings.Contains(c.Evidence, want) {
			t.Errorf("evidence %q lacks %q", c.Evidence, want)
		}
	}
	// Only the document info changed: a pass.
	r = analyzeBytes(t, appendUpdate(base, map[int]string{7: "<< /Producer (Word) /Title (x) >>"}))
	if c := checkNamed(t, r, "incremental_updates"); c.Status != Pass {
		t.Errorf("info-only update: %s (%s)", c.Status, c.Evidence)
	}
}

func TestSignedPDF(t *testing.T) {
	t.Parallel()
	signed := signPDF(t, fpdfInvoice(t))
	r := analyzeBytes(t, signed)
	if got := r.EIDASFormats(); len(got) != 1 || got[0] != FormatPAdES {
		t.Fatalf("formats %v, want [PAdES]", got)
	}
	s := r.Signatures[0]
	if s.Signer != "Quarry Test Signer" || !s.Verified || s.SigningTime.IsZero() {
		t.Errorf("signature %+v: want signer, verified, a time", s)
	}
	sig := checkNamed(t, r, "pdf_signature")
	if sig.Status != Pass || !strings.Contains(sig.Reasoning, "trust chain") {
		t.Errorf("pdf_signature %s: %s / %s", sig.Status, sig.Evidence, sig.Reasoning)
	}
	after := checkNamed(t, r, "modified_after_signing")
	if after.Status != Pass || !strings.Contains(after.Evidence, "No change after signing") {
		t.Errorf("modified_after_signing %s: %s", after.Status, after.Evidence)
	}

	t.Run("edited after signing", func(t *testing.T) {
		t.Parallel()
		// Find the page's content stream and replace it in an update, as an
		// editor changing the total would.
		m := regexp.MustCompile(`/Contents (\d+) 0 R`).FindSubmatch(signed)
		if m == nil {
			t.Fatal("no /Contents in the fpdf page")
		}
		num := atoi(string(m[1]))
		edited := appendUpdate(signed, map[int]string{num: streamObj("", "BT /F1 12 Tf 56 760 Td (Total due: 9234.56 EUR) Tj ET")})
		r := analyzeBytes(t, edited)
		after := checkNamed(t, r, "modified_after_signing")
		if after.Status != Fail {
			t.Fatalf("status %s, want fail: %s", after.Status, after.Evidence)
		}
		for _, want := range []string{"after signing", "replaced object " + string(m[1]) + " (stream)", "covers bytes 0-", `gained ["Total due: 9234.56 EUR"]`} {
			if !strings.Contains(after.Evidence, want) {
				t.Errorf("evidence %q lacks %q", after.Evidence, want)
			}
		}
		if Overall(r.Checks) != Invalid {
			t.Errorf("overall %s", Overall(r.Checks))
		}
		// The signature itself still holds over what it covered.
		if c := checkNamed(t, r, "pdf_signature"); c.Status != Pass {
			t.Errorf("pdf_signature %s after an appended edit: %s", c.Status, c.Evidence)
		}
	})

	t.Run("bytes changed inside the signed range", func(t *testing.T) {
		t.Parallel()
		tampered := bytes.Replace(signed, []byte("1234.56"), []byte("9234.56"), 1)
		if bytes.Equal(tampered, signed) {
			t.Fatal("the amount is not in the signed file")
		}
		c := checkNamed(t, analyzeBytes(t, tampered), "pdf_signature")
		if c.Status != Fail || !strings.Contains(c.Evidence, "digest") {
			t.Errorf("pdf_signature %s: %s", c.Status, c.Evidence)
		}
	})
}

func TestMetadataContradictions(t *testing.T) {
	t.Parallel()
	cases := []struct{ info, status string }{
		{"/CreationDate (D:20260301000000Z) /ModDate (D:20250101000000Z)", Fail}, // modified before created
		{"/CreationDate (D:20300101000000Z)", Fail},                              // in the future (clock: 2026-06-01)
		{"/CreationDate (D:20260101000000+01'00') /ModDate (D:20260101003000+01'00')", Pass},
		{"", Pass},
	}
	for _, tc := range cases {
		r := analyzeBytes(t, handPDF(plainText, tc.info))
		if c := checkNamed(t, r, "metadata_consistency"); c.Status != tc.status {
			t.Errorf("%q: %s, want %s (%s)", tc.info, c.Status, tc.status, c.Reasoning)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
