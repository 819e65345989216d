package llm

import (
	"fmt"
	"strings"
)

// CutText keeps the first max bytes of text, cut on a word boundary and
// marked as cut: a prompt's size is a setting, never the document's.
func CutText(text string, max int) string {
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndexAny(text[:max], " \n\f")
	if cut <= 0 {
		cut = max
	}
	return text[:cut] + "\n[text cut]"
}

// PagedText is CutText of a layout's text (pages separated by form
// feeds) with each page under a "--- page N ---" line, so a model can
// say where it read something.
func PagedText(text string, max int) string {
	var b strings.Builder
	for i, page := range strings.Split(CutText(text, max), "\f") {
		fmt.Fprintf(&b, "--- page %d ---\n%s\n", i+1, page)
	}
	return b.String()
}
