// Package quality scores how usable a processed document is: 0-100 and a
// letter grade, from field completeness, text noise, text length and OCR
// confidence. docs/quality.md gives the formula with worked examples.
package quality

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Input is what the pipeline knows about one document.
type Input struct {
	Text string
	// OCRConfidence is the mean word confidence (0..1) of OCR pages, nil
	// when no page went through OCR.
	OCRConfidence *float64
	// FieldsDeclared is how many fields the extraction schema asked for
	// (the request's fields, or the built-in schema of the classified
	// type); FieldsFilled how many came back non-empty.
	FieldsDeclared, FieldsFilled int
	// ArithmeticFailures is how many of the judge's arithmetic checks
	// failed (internal/judge): a document whose numbers do not add up
	// cannot be graded A, however clean its text.
	ArithmeticFailures int
}

// Report is the quality block of a result.
type Report struct {
	Score         float64  `json:"score"` // 0-100, one decimal
	Grade         string   `json:"grade"` // A, B, C, D
	Completeness  float64  `json:"completeness"`
	NoiseRatio    float64  `json:"noise_ratio"`
	OCRConfidence *float64 `json:"ocr_confidence"`
	Reasons       []string `json:"reasons"`
}

// Tunables of the formula (see docs/quality.md).
const (
	fullLength     = 500  // characters for full length credit
	noisePenalty   = 10   // noise = max(0, 1 - noisePenalty*garbage)
	ocrCapBelow    = 0.70 // OCR confidence below this caps the grade at C
	ocrCapScore    = 64.0
	arithCapScore  = 84.0 // failed arithmetic caps the grade at B
	noiseSymbols   = "@#!~*="
	noiseLineLimit = 3 // a line with this many noise symbols is garbage
)

// Grade maps a 0-100 score to A (85-100), B (65-84), C (45-64), D (0-44).
func Grade(score float64) string {
	switch {
	case score >= 85:
		return "A"
	case score >= 65:
		return "B"
	case score >= 45:
		return "C"
	}
	return "D"
}

// Score computes the report.
func Score(in Input) Report {
	r := Report{Reasons: []string{}}

	// Completeness: share of declared fields that were filled. With no
	// declared fields nothing is missing, so completeness is 1.
	r.Completeness = 1
	if in.FieldsDeclared > 0 {
		filled := min(max(in.FieldsFilled, 0), in.FieldsDeclared)
		r.Completeness = float64(filled) / float64(in.FieldsDeclared)
		if filled < in.FieldsDeclared {
			r.Reasons = append(r.Reasons, fmt.Sprintf("%d of %d declared fields are empty", in.FieldsDeclared-filled, in.FieldsDeclared))
		}
	}

	noiseRatio, garbage := lineNoise(in.Text)
	r.NoiseRatio = round(noiseRatio, 4)
	noise := math.Max(0, 1-noisePenalty*garbage)
	if garbage > 0 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%.0f%% of lines are blank runs or symbol noise", garbage*100))
	}

	chars := utf8.RuneCountInString(strings.TrimSpace(in.Text))
	length := math.Min(float64(chars)/fullLength, 1)
	if length < 1 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("short text: %d characters (full credit from %d)", chars, fullLength))
	}

	score := r.Completeness * (0.4*noise + 0.4*length + 0.2) * 100

	if in.OCRConfidence != nil {
		c := math.Max(0, math.Min(1, *in.OCRConfidence))
		r.OCRConfidence = &c
		// Confidence scales the score between half (c = 0) and full (c = 1).
		score *= 0.5 + 0.5*c
		if c < 1 {
			r.Reasons = append(r.Reasons, fmt.Sprintf("OCR confidence %.2f", c))
		}
		if c < ocrCapBelow && score > ocrCapScore {
			score = ocrCapScore
			r.Reasons = append(r.Reasons, fmt.Sprintf("OCR confidence below %.2f caps the grade at C", ocrCapBelow))
		}
	}
	if in.ArithmeticFailures > 0 {
		r.Reasons = append(r.Reasons, fmt.Sprintf("%d arithmetic check(s) of the judge failed: the grade is B at best", in.ArithmeticFailures))
		score = math.Min(score, arithCapScore)
	}
	r.Score = round(score, 1)
	r.Grade = Grade(r.Score)
	return r
}

// lineNoise returns the reference noise ratio (share of lines that are
// blank or hold 3+ noise symbols) and the garbage ratio the score uses,
// which does not count a single blank line between two text lines: that
// is a paragraph break, not noise.
func lineNoise(text string) (ratio, garbage float64) {
	text = strings.TrimRight(text, "\n\r\f")
	if strings.TrimSpace(text) == "" {
		return 1, 1
	}
	lines := strings.Split(strings.ReplaceAll(text, "\f", "\n"), "\n")
	blank := make([]bool, len(lines))
	noisy, garbageN := 0, 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank[i] = true
			noisy++
			continue
		}
		n := 0
		for _, c := range l {
			if strings.ContainsRune(noiseSymbols, c) {
				n++
			}
		}
		if n >= noiseLineLimit {
			noisy++
			garbageN++
		}
	}
	for i := range lines {
		if !blank[i] {
			continue
		}
		single := i > 0 && i+1 < len(lines) && !blank[i-1] && !blank[i+1]
		if !single {
			garbageN++
		}
	}
	n := float64(len(lines))
	return float64(noisy) / n, float64(garbageN) / n
}

func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
