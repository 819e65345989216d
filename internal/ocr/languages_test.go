package ocr

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestParseLanguages(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, in string
		want     []string
	}{
		{"Tesseract5", "List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (4):\ntur\neng\nosd\ndeu\n", []string{"deu", "eng", "tur"}},
		{"ScriptPacks", "List of available languages (2):\nchi_sim\nscript/Latin\n", []string{"chi_sim", "script/Latin"}},
		{"Empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ParseLanguages(c.in); !slices.Equal(got, c.want) {
				t.Fatalf("ParseLanguages = %q, want %q", got, c.want)
			}
		})
	}
}

func TestLanguagesReadsStderrOfOldTesseract(t *testing.T) {
	t.Parallel()
	run := func(_ context.Context, _ time.Duration, _ []byte, name string, args ...string) ([]byte, string, error) {
		if name != "/bin/tesseract" || !slices.Equal(args, []string{"--list-langs"}) {
			t.Errorf("ran %s %v", name, args)
		}
		return nil, "List of available languages (1):\neng\n", nil
	}
	got, err := Languages(context.Background(), "/bin/tesseract", run)
	if err != nil || !slices.Equal(got, []string{"eng"}) {
		t.Fatalf("Languages = %q, %v", got, err)
	}
	if _, err := Languages(context.Background(), "", run); !errors.Is(err, ErrNoEngine) {
		t.Fatalf("no path: err = %v", err)
	}
}
