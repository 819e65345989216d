package ingest

import (
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

func TestPageNeedsOCR(t *testing.T) {
	t.Parallel()
	words := func(ss ...string) []doc.Word {
		var out []doc.Word
		for _, s := range ss {
			out = append(out, doc.Word{Text: s})
		}
		return out
	}
	cases := []struct {
		name  string
		words []doc.Word
		want  bool
	}{
		{"empty page", nil, true},
		{"only a page number", words("Page", "1"), true},
		{"real text", words("Invoice", "total", "1.234,56", "EUR"), false},
		{"accented text", words("Straße", "Müller", "café", "Ñandú"), false},
		{"prices and symbols", words("€", "12,00", "—", "Total:", "$5"), false},
		{"replacement characters", words("\uFFFD\uFFFD\uFFFD", "\uFFFDa\uFFFD", "\uFFFD\uFFFD"), true},
		{"private use glyphs", words("\uE001\uE002", "\uE003\uE004", "\uE005x"), true},
		{"control bytes", words("\x01\x02\x03", "\x04\x05", "a\x06\x07"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := pageNeedsOCR(c.words); got != c.want {
				t.Fatalf("pageNeedsOCR = %v, want %v", got, c.want)
			}
		})
	}
}
