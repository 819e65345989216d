package ingest

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

func TestCountWordsMatchesFields(t *testing.T) {
	t.Parallel()
	cases := []struct{ name, text string }{
		{"Empty", ""},
		{"Spaces", "  \t\n "},
		{"Plain", "Invoice No: 42\nTotal 1.00"},
		{"UnicodeSpace", "a\u00a0b\u2003c d"},
		{"Accents", "Fatura Numarası: ÇĞ-1"},
		{"InvalidUTF8", "a\xffb c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n, err := countWords(context.Background(), tc.text, 0)
			if err != nil || n != len(strings.Fields(tc.text)) {
				t.Errorf("countWords = %d, %v; want %d", n, err, len(strings.Fields(tc.text)))
			}
		})
	}
}

// TestDenseTextIsRefusedCheaply: 32 MiB of "a a a" (16 million words) is
// refused with limit_exceeded before a layout is built, and 32 MiB of
// newlines is read without a slice of 32 million lines. Not parallel: the
// memory measurement is of the whole process.
func TestDenseTextIsRefusedCheaply(t *testing.T) {
	cases := []struct {
		name, text string
		code       string
	}{
		{"DenseWords", strings.Repeat("a ", 16<<20), problem.LimitExceeded},
		{"Newlines", "Total: 1.00" + strings.Repeat("\n", 32<<20-12), ""},
	}
	loader := NewLoader(DefaultLimits(), Engines{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := loader.Load(context.Background(), Input{Name: "big.txt", Data: []byte(tc.text)})
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v, %d MB allocated", d.Round(time.Millisecond), alloc>>20)
			if tc.code != "" {
				if p, ok := problem.As(err); !ok || p.Code != tc.code {
					t.Fatalf("err = %v, want %s", err, tc.code)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			// The input itself is 32 MiB and decoding copies it once.
			if alloc > 200<<20 || d > 10*time.Second {
				t.Errorf("took %v and %d MB, want < 10s and < 200 MB", d, alloc>>20)
			}
		})
	}
}

func TestTextReaderStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := textReader{}.Read(ctx, &Env{Limits: DefaultLimits()}, Input{Name: "a.txt", Data: []byte(strings.Repeat("a\n", 1<<20))})
	if !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("err = %v after %v, want context.Canceled within 1s", err, time.Since(start))
	}
}
