package quality

import (
	"encoding/json"
	"strings"
	"testing"
)

func conf(v float64) *float64 { return &v }

const cleanInvoice = `ACME Supplies GmbH, Hauptstraße 12, 10115 Berlin
Invoice number: INV-2024-0042
Invoice date: 2024-03-14
Due date: 2024-04-13
Bill to: Quarry Labs Ltd, 1 King Street, London EC2V 8AU
Description                         Qty   Unit price   Amount
Industrial shelving unit, steel       4       120.00   480.00
Assembly service (hours)              6        45.00   270.00
Delivery to site                      1        35.00    35.00
Subtotal                                               785.00
VAT 19%                                                149.15
Total due                                              934.15 EUR
Payment: bank transfer within 30 days, reference INV-2024-0042.`

func noisyOCR() string {
	var b strings.Builder
	b.WriteString("lnv0ice ## n0 @@ 42\n\n\n")
	b.WriteString("T0ta1 ~~ ** == 93?.15\n")
	b.WriteString("@@@ ### !!!\n\n")
	b.WriteString("Dat3 2O24-O3-l4\n")
	return b.String()
}

func TestOrdersDocumentsSensibly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		in     Input
		grades string // acceptable grades
	}{
		{"CleanTextInvoiceAllFields", Input{Text: cleanInvoice, FieldsDeclared: 8, FieldsFilled: 8}, "A"},
		{"CleanOCRInvoiceHighConfidence", Input{Text: cleanInvoice, FieldsDeclared: 8, FieldsFilled: 8, OCRConfidence: conf(0.96)}, "A"},
		{"NoisyLowConfidenceMissingFields", Input{Text: noisyOCR(), FieldsDeclared: 8, FieldsFilled: 3, OCRConfidence: conf(0.55)}, "CD"},
		{"GoodTextButLowConfidenceCapsAtC", Input{Text: cleanInvoice, FieldsDeclared: 8, FieldsFilled: 8, OCRConfidence: conf(0.69)}, "C"},
		{"EmptyText", Input{Text: "", FieldsDeclared: 5}, "D"},
		{"NoFieldsDeclaredCleanText", Input{Text: cleanInvoice}, "A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Score(tc.in)
			if !strings.Contains(tc.grades, r.Grade) {
				t.Fatalf("grade %s (score %.1f, %v), want one of %s", r.Grade, r.Score, r.Reasons, tc.grades)
			}
			if r.Score < 0 || r.Score > 100 {
				t.Fatalf("score %v out of range", r.Score)
			}
			if Grade(r.Score) != r.Grade {
				t.Fatalf("grade %s does not match score %v", r.Grade, r.Score)
			}
		})
	}
}

func TestLowConfidenceCapsScore(t *testing.T) {
	t.Parallel()
	r := Score(Input{Text: cleanInvoice, FieldsDeclared: 4, FieldsFilled: 4, OCRConfidence: conf(0.69)})
	if r.Score > 64 {
		t.Fatalf("score %v above the C cap", r.Score)
	}
}

func TestMoreGarbageLowersScore(t *testing.T) {
	t.Parallel()
	// Strictly lower while the noise term is not yet exhausted (a tenth
	// of the lines), never higher after that.
	long := strings.Repeat(cleanInvoice+"\n", 5)
	prev := 101.0
	for k := 0; k <= 20; k++ {
		text := long + strings.Repeat("@@@ ### ***\n", k)
		s := Score(Input{Text: text, FieldsDeclared: 8, FieldsFilled: 8}).Score
		if k > 0 && (s > prev || (k <= 6 && s >= prev)) {
			t.Fatalf("%d garbage lines: score %v after %v", k, s, prev)
		}
		prev = s
	}
}

func TestMoreFieldsFilledRaisesScore(t *testing.T) {
	t.Parallel()
	prev := -1.0
	for filled := 0; filled <= 10; filled++ {
		s := Score(Input{Text: cleanInvoice, FieldsDeclared: 10, FieldsFilled: filled}).Score
		if s <= prev {
			t.Fatalf("%d filled: score %v, not above %v", filled, s, prev)
		}
		prev = s
	}
}

func TestHigherConfidenceRaisesScore(t *testing.T) {
	t.Parallel()
	lo := Score(Input{Text: cleanInvoice, OCRConfidence: conf(0.75)}).Score
	hi := Score(Input{Text: cleanInvoice, OCRConfidence: conf(0.95)}).Score
	if hi <= lo {
		t.Fatalf("confidence 0.95 -> %v, 0.75 -> %v", hi, lo)
	}
}

func TestNoiseRatioFollowsReferenceDefinition(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want float64
	}{
		{"NoNoise", "a\nb\nc\nd", 0},
		{"OneBlankOfFour", "a\n\nc\nd", 0.25},
		{"SymbolLine", "a\n@#!\nc\nd", 0.25},
		{"TwoSymbolsIsNotNoise", "a\n@#\nc\nd", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Score(Input{Text: tc.text}).NoiseRatio; got != tc.want {
				t.Fatalf("noise_ratio %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	t.Parallel()
	b, _ := json.Marshal(Score(Input{Text: "short"}))
	for _, k := range []string{`"score"`, `"grade"`, `"completeness"`, `"noise_ratio"`, `"ocr_confidence":null`, `"reasons"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("%s lacks %s", b, k)
		}
	}
}

func TestGradeBoundaries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		score float64
		want  string
	}{{100, "A"}, {85, "A"}, {84.9, "B"}, {65, "B"}, {64.9, "C"}, {45, "C"}, {44.9, "D"}, {0, "D"}}
	for _, tc := range tests {
		if g := Grade(tc.score); g != tc.want {
			t.Errorf("Grade(%v) = %s, want %s", tc.score, g, tc.want)
		}
	}
}

// Numbers that do not add up take the A away, and say so, but never lift
// or lower a score already below the cap.
func TestArithmeticFailuresCapTheGrade(t *testing.T) {
	t.Parallel()
	text := strings.Repeat("Invoice line with a clean text layer and nothing odd in it.\n", 12)
	clean := Score(Input{Text: text, FieldsDeclared: 4, FieldsFilled: 4})
	if clean.Grade != "A" {
		t.Fatalf("clean document = %+v, want A to start from", clean)
	}
	bad := Score(Input{Text: text, FieldsDeclared: 4, FieldsFilled: 4, ArithmeticFailures: 2})
	if bad.Grade != "B" || bad.Score != 84 || !strings.Contains(strings.Join(bad.Reasons, "|"), "2 arithmetic check(s) of the judge failed") {
		t.Fatalf("with failed arithmetic = %+v", bad)
	}
	low := Score(Input{Text: text, FieldsDeclared: 4, FieldsFilled: 2})
	lowBad := Score(Input{Text: text, FieldsDeclared: 4, FieldsFilled: 2, ArithmeticFailures: 1})
	if lowBad.Score != low.Score || lowBad.Grade != low.Grade {
		t.Fatalf("cap moved a score below it: %v -> %v", low.Score, lowBad.Score)
	}
}
