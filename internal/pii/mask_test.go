package pii

import (
	"regexp"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

const maskText = "Kunde: Anna Berger, E-Mail anna.berger@example.de, IBAN DE89 3704 0044 0532 0130 00, " +
	"again anna.berger@example.de, TCKN 10000000146."

func TestMaskStrategies(t *testing.T) {
	t.Parallel()
	fs := Detect(maskText, Options{})
	if len(fs) < 4 {
		t.Fatalf("setup: findings %+v", fs)
	}
	tests := []struct {
		name     string
		strategy string
		want     *regexp.Regexp
	}{
		{"Redact", "redact", regexp.MustCompile(`\[MASKED_EMAIL\].*\[MASKED_IBAN_INTL\].*\[MASKED_EMAIL\].*\[MASKED_NATIONAL_ID_TR\]`)},
		{"TokenSameValueSameToken", "token", regexp.MustCompile(`<EMAIL_1>.*<IBAN_INTL_1>.*<EMAIL_1>.*<NATIONAL_ID_TR_1>`)},
		{"Hash", "hash", regexp.MustCompile(`<EMAIL:[0-9a-f]{12}>.*<IBAN_INTL:[0-9a-f]{12}>`)},
		{"PartialKeepsSeparators", "partial", regexp.MustCompile(`\*\*\*\* \*\*\*\* \*\*\*\* \*\*\*\* \*\*30 00`)},
		{"SyntheticChecksumValid", "synthetic", regexp.MustCompile(`IBAN [A-Z]{2}\d{2}`)},
		{"ReplaceIsSynthetic", "replace", regexp.MustCompile(`IBAN [A-Z]{2}\d{2}`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := Mask(maskText, fs, tc.strategy, []byte("workspace-key"))
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want.MatchString(out) {
				t.Fatalf("masked %q does not match %s", out, tc.want)
			}
			for _, f := range fs {
				if strings.Contains(out, f.Value) {
					t.Fatalf("masked text %q leaks %q", out, f.Value)
				}
			}
		})
	}
}

func TestHashIsKeyedAndStable(t *testing.T) {
	t.Parallel()
	fs := Detect(maskText, Options{Types: []string{"email"}})
	a, _ := Mask(maskText, fs, "hash", []byte("k1"))
	b, _ := Mask(maskText, fs, "hash", []byte("k1"))
	c, _ := Mask(maskText, fs, "hash", []byte("k2"))
	if a != b {
		t.Fatal("same key gave different hashes")
	}
	if a == c {
		t.Fatal("different keys gave the same hash")
	}
	if _, err := Mask(maskText, fs, "hash", nil); err == nil {
		t.Fatal("hash without a key accepted")
	}
}

func TestSyntheticValuesPassTheirChecks(t *testing.T) {
	t.Parallel()
	fs := Detect(maskText, Options{})
	m, _ := NewMasker("synthetic", []byte("k"), 42)
	out := m.Mask(maskText, fs)
	again, _ := NewMasker("synthetic", []byte("k"), 42)
	if again.Mask(maskText, fs) != out {
		t.Fatal("synthetic masking is not deterministic")
	}
	// The fakes are found again as the same types.
	got := map[string]bool{}
	for _, f := range Detect(out, Options{}) {
		got[f.Type] = true
	}
	for _, typ := range []string{"email", "iban_intl", "national_id_tr"} {
		if !got[typ] {
			t.Errorf("synthetic output %q lost a valid %s", out, typ)
		}
	}
}

func TestMaskOverlapsLongestWins(t *testing.T) {
	t.Parallel()
	text := "value 4111111111111111 end"
	fs := []Finding{
		{Type: "credit_card", Start: 6, End: 22, Score: 0.9},
		{Type: "tax_id_tr", Start: 6, End: 16, Score: 0.95},
	}
	out, _ := Mask(text, fs, "redact", nil)
	if out != "value [MASKED_CREDIT_CARD] end" {
		t.Fatalf("got %q", out)
	}
}

func TestUnknownStrategy(t *testing.T) {
	t.Parallel()
	if _, err := Mask("x", nil, "shred", nil); err == nil || !strings.Contains(err.Error(), "redact") {
		t.Fatalf("err = %v", err)
	}
}

func TestHandle(t *testing.T) {
	t.Parallel()
	resp, err := Handle(DetectRequest{Text: "Çağrı — TCKN 10000000146", Mask: "redact"}, []byte("k"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Count != 1 || resp.ByType["national_id_tr"] != 1 || resp.MaskedText == nil {
		t.Fatalf("resp %+v", resp)
	}
	f := resp.Findings[0]
	// "Çağrı — TCKN " is 13 code points (more bytes).
	if f.Start != 13 || f.End != 24 || f.Page != 1 || f.BBox != nil {
		t.Fatalf("finding %+v", f)
	}
	if *resp.MaskedText != "Çağrı — TCKN [MASKED_NATIONAL_ID_TR]" {
		t.Fatalf("masked %q", *resp.MaskedText)
	}
	for _, bad := range []DetectRequest{
		{Text: "x", Types: []string{"dna"}},
		{Text: "x", Jurisdictions: []string{"mars"}},
		{Text: "x", Mask: "shred"},
	} {
		if _, err := Handle(bad, nil); err == nil {
			t.Errorf("request %+v accepted", bad)
		}
	}
	plain, _ := Handle(DetectRequest{Text: "TCKN 10000000146"}, nil)
	if plain.MaskedText != nil {
		t.Fatal("masked_text set without mask")
	}
}

func TestDetectLayoutPagesAndBoxes(t *testing.T) {
	t.Parallel()
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 100, Height: 100})
	b.AddLine([]doc.Word{{Text: "Straße", Box: doc.Box{X0: 0.1, Y0: 0.1, X1: 0.2, Y1: 0.12}}})
	b.StartPage(doc.Page{Width: 100, Height: 100})
	b.AddLine([]doc.Word{
		{Text: "IBAN:", Box: doc.Box{X0: 0.1, Y0: 0.5, X1: 0.2, Y1: 0.52}},
		{Text: "DE89", Box: doc.Box{X0: 0.21, Y0: 0.5, X1: 0.3, Y1: 0.52}},
		{Text: "3704", Box: doc.Box{X0: 0.31, Y0: 0.5, X1: 0.4, Y1: 0.52}},
		{Text: "0044", Box: doc.Box{X0: 0.41, Y0: 0.5, X1: 0.5, Y1: 0.52}},
		{Text: "0532", Box: doc.Box{X0: 0.51, Y0: 0.5, X1: 0.6, Y1: 0.52}},
		{Text: "0130", Box: doc.Box{X0: 0.61, Y0: 0.5, X1: 0.7, Y1: 0.52}},
		{Text: "00", Box: doc.Box{X0: 0.71, Y0: 0.5, X1: 0.75, Y1: 0.53}},
	})
	l := b.Layout()
	s := DetectLayout(l, Options{})
	if s.Count != 1 || len(s.Findings) != 1 {
		t.Fatalf("summary %+v", s)
	}
	f := s.Findings[0]
	wantStart := doc.RuneOffset(l.Text, strings.Index(l.Text, "DE89"))
	if f.Page != 2 || f.Start != wantStart || f.End != doc.RuneOffset(l.Text, len(l.Text)) {
		t.Fatalf("finding %+v (want start %d)", f, wantStart)
	}
	if f.BBox == nil || f.BBox.XMin != 0.21 || f.BBox.XMax != 0.75 || f.BBox.YMax != 0.53 {
		t.Fatalf("bbox %+v", f.BBox)
	}
}
