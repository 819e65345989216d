package ingest

import (
	"context"
	"strings"
	"testing"
)

func TestRTF(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, rtf, text string
		tables          int
	}{
		{"paragraphs and escapes", `{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\info{\title Hidden}}\pard Stra\'dfe 5\par Caf\u233?\u8364? total\par}`, "Straße 5\nCafé€ total", 0},
		{"table then paragraph", `{\rtf1\ansi\trowd\cellx100\cellx200\pard\intbl A1\cell B1\cell\row\pard\intbl A2\cell B2\cell\row\pard After table\par}`, "A1 B1\nA2 B2\nAfter table", 1},
		{"ignorable destination", `{\rtf1{\*\generator Writer;}{\*\unknown junk}Body text\par}`, "Body text", 0},
	}
	l := newTestLoader(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: "a.rtf", Data: []byte(c.rtf)})
			if err != nil {
				t.Fatal(err)
			}
			f := files[0]
			if got := strings.TrimSpace(f.Layout.Text); got != c.text {
				t.Fatalf("text = %q, want %q", got, c.text)
			}
			if n := len(f.Layout.Pages[0].Tables); n != c.tables {
				t.Fatalf("tables = %d, want %d", n, c.tables)
			}
		})
	}
}
