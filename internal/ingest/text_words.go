package ingest

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/problem"
)

// A layout word costs about 90 bytes and every later stage walks the
// words, so a text file's word count, not its size, decides what reading
// it costs: 32 MiB of "a a a" is 16 million words and several gigabytes.
// Text readers count first and refuse past Limits.MaxWords before building
// anything.

// countWords counts what strings.Fields would return, without allocating.
// It stops counting past limit (limit <= 0 counts everything) and checks
// ctx every ctxEveryBytes bytes.
func countWords(ctx context.Context, s string, limit int) (int, error) {
	n := 0
	in := false
	for i, k := 0, 0; i < len(s); k++ {
		if k%ctxEveryBytes == 0 && ctx.Err() != nil {
			return n, ctx.Err()
		}
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = asciiSpace[c]
			i++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += w
		}
		if !space && !in {
			if n++; limit > 0 && n > limit {
				return n, nil
			}
		}
		in = !space
	}
	return n, nil
}

// ctxEveryBytes is how many runes a scan reads between context checks.
const ctxEveryBytes = 1 << 16

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// checkWords counts a text's words and refuses it past env's MaxWords.
func checkWords(ctx context.Context, env *Env, name, text string) (int, error) {
	lim := env.Limits.MaxWords
	n, err := countWords(ctx, text, lim)
	if err != nil {
		return n, err
	}
	if lim > 0 && n > lim {
		return n, problem.New(problem.LimitExceeded, "%q has more than %d words.", name, lim).
			With("filename", name).With("limit_words", lim)
	}
	return n, nil
}

// eachLine calls fn with every line of s (without its "\n"), without
// building the slice of all lines: 32 MiB of newlines would be half a
// gigabyte of string headers.
func eachLine(ctx context.Context, s string, fn func(string)) error {
	for i := 0; ; i++ {
		if i%ctxEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		line, rest, found := strings.Cut(s, "\n")
		fn(line)
		if !found {
			return nil
		}
		s = rest
	}
}

// ctxEvery is how many iterations a loop runs between context checks.
const ctxEvery = 4096
