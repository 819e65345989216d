package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
)

// DetectLanguage returns the ISO 639-1 code of text, or the hint when the
// text is too short or the detector is unsure.
func DetectLanguage(text, hint string) string {
	hint = strings.ToLower(strings.TrimSpace(hint))
	// Two thousand characters decide the language as well as the whole
	// text does; trigram counting over all of a long PDF cost a third of
	// the text-layer load time.
	sample := languageSampleOf(text)
	if len(strings.Fields(sample)) < 3 {
		return hint
	}
	info := whatlanggo.DetectWithOptions(sample, whatlanggo.Options{})
	// Among Latin-script languages a short text's trigrams are close to
	// many. When the detector names one of the languages Quarry supports,
	// or is unsure, the business words of those languages decide, and
	// failing them the detector asked among those languages only. A
	// confident answer outside them (Czech, Romanian) stands.
	if info.Script == unicode.Latin && (supportedLatin[info.Lang] || info.Confidence < unsureLatin) {
		if lang := vocabLanguage(sample); lang != "" {
			return lang
		}
		if !supportedLatin[info.Lang] {
			info = whatlanggo.DetectWithOptions(sample, whatlanggo.Options{Whitelist: supportedLatin})
		}
	}
	if info.Confidence < 0.3 && hint != "" {
		return hint
	}
	code := info.Lang.Iso6391()
	if code == "" {
		return hint
	}
	return code
}

// unsureLatin is the confidence under which an unrestricted answer for a
// Latin-script text is not trusted.
const unsureLatin = 0.5

// languageSample is how many bytes of text language detection looks at.
const languageSample = 2000

// languageSampleOf cuts text to languageSample bytes on a rune boundary.
func languageSampleOf(text string) string {
	if len(text) <= languageSample {
		return text
	}
	cut := languageSample
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}

// ocrCandidates are the languages Quarry ships OCR models for.
var ocrCandidates = map[whatlanggo.Lang]bool{
	whatlanggo.Eng: true, whatlanggo.Tur: true, whatlanggo.Deu: true,
	whatlanggo.Fra: true, whatlanggo.Spa: true,
}

// detectOCRLanguage picks, among the languages with an OCR model, the one
// a first English-model OCR pass most resembles. Text read with the wrong
// model loses its accents (Turkish "ş ğ ı" come back as "s g i"), which
// sends an unrestricted detector to languages we have no model for; the
// trigrams that survive still point to the right one of these five.
func detectOCRLanguage(text string) string {
	if len(strings.Fields(text)) < 3 {
		return ""
	}
	sample := languageSampleOf(text)
	return whatlanggo.DetectWithOptions(sample, whatlanggo.Options{Whitelist: ocrCandidates}).Lang.Iso6391()
}
