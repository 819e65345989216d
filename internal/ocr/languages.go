package ocr

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Languages lists the language packs installed for the tesseract at path
// ("eng", "tur", ...), sorted. "osd" is left out: it detects orientation
// and reads no language.
func Languages(ctx context.Context, path string, run RunFunc) ([]string, error) {
	if path == "" {
		return nil, ErrNoEngine
	}
	out, stderr, err := run(ctx, 10*time.Second, nil, path, "--list-langs")
	if err != nil {
		return nil, err
	}
	// Tesseract 3 printed the list on stderr.
	if langs := ParseLanguages(string(out)); len(langs) > 0 {
		return langs, nil
	}
	return ParseLanguages(stderr), nil
}

// ParseLanguages reads `tesseract --list-langs` output: a heading line,
// then one pack per line.
func ParseLanguages(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		l := strings.TrimSpace(line)
		if l == "" || l == "osd" || strings.ContainsAny(l, " :\"") {
			continue
		}
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}
