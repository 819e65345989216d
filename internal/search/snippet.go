package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Snippet marks. The snippet is HTML-escaped text with the query's terms
// wrapped in <mark>, so a page can show it as HTML without letting a
// document's own markup through.
const (
	MarkOpen  = "<mark>"
	MarkClose = "</mark>"
)

// span is one word of a text: its byte range.
type span struct{ start, end int }

func words(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}

// Snippet returns the window of about width words of text that holds the
// most query terms (the earliest on a tie), with every term highlighted
// and an ellipsis where the window cuts the text. With no terms, or none
// found, it is the text's start.
func Snippet(text string, terms []string, width int) string {
	if width <= 0 {
		width = 30
	}
	ws := words(text)
	if len(ws) == 0 {
		return html.EscapeString(truncateRunes(text, 200))
	}
	want := make(map[string]bool, len(terms))
	for _, t := range terms {
		want[t] = true
	}
	hit := make([]bool, len(ws))
	for i, w := range ws {
		hit[i] = want[strings.ToLower(text[w.start:w.end])]
	}
	// Slide a window of width words; count hits in it.
	best, bestAt, cur := -1, 0, 0
	for i := range ws {
		if hit[i] {
			cur++
		}
		if i >= width && hit[i-width] {
			cur--
		}
		if from := max(0, i-width+1); cur > best {
			best, bestAt = cur, from
		}
	}
	// Start the window a few words before its first hit, for context.
	if best > 0 {
		for i := bestAt; i < len(ws); i++ {
			if hit[i] {
				bestAt = max(0, min(i-3, len(ws)-width))
				break
			}
		}
	}
	last := min(len(ws), bestAt+width) - 1
	from, to := ws[bestAt].start, ws[last].end
	if bestAt == 0 {
		from = 0
	}
	if last == len(ws)-1 {
		to = len(text)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	pos := from
	for i := bestAt; i <= last; i++ {
		if !hit[i] {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:ws[i].start]))
		b.WriteString(MarkOpen)
		b.WriteString(html.EscapeString(text[ws[i].start:ws[i].end]))
		b.WriteString(MarkClose)
		pos = ws[i].end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return strings.TrimSpace(b.String())
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
