package ingest

import (
	"strings"

	"github.com/abadojack/whatlanggo"
)

// DetectLanguage returns the ISO 639-1 code of text, or the hint when the
// text is too short or the detector is unsure.
func DetectLanguage(text, hint string) string {
	hint = strings.ToLower(strings.TrimSpace(hint))
	sample := text
	if len(sample) > 20000 {
		sample = sample[:20000]
	}
	if len(strings.Fields(sample)) < 3 {
		return hint
	}
	info := whatlanggo.DetectWithOptions(sample, whatlanggo.Options{})
	if info.Confidence < 0.3 && hint != "" {
		return hint
	}
	code := info.Lang.Iso6391()
	if code == "" {
		return hint
	}
	return code
}
