package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestReadPDFTextTSVMatchesParse: parsing rows as they stream gives the
// layout parsing the whole output does, rows longer than the read buffer
// and CRLF endings included.
func TestReadPDFTextTSVMatchesParse(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100<<10) // longer than the 64 KiB buffer
	row := func(level, text string) string {
		return level + "\t1\t0\t0\t0\t0\t72\t100\t40\t12\t100\t" + text + "\n"
	}
	tsv := "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t595\t842\t-1\t###PAGE###\n" +
		row("4", "") + row("5", "Invoice") + row("5", "two words") + "\r\n" +
		row("4", "") + row("5", long) +
		"1\t2\t0\t0\t0\t0\t0\t0\t595\t842\t-1\t###PAGE###\r\n" +
		row("5", "Page2") + "5\t2\t0\t0\t0\t0\t1\t2\t3\t4\t100\tno-newline-at-end"
	want, err := ParsePDFTextTSV([]byte(tsv))
	if err != nil {
		t.Fatal(err)
	}
	// A reader handing out a few bytes at a time, as a pipe may.
	got, err := readPDFTextTSV(io.LimitReader(&trickle{r: strings.NewReader(tsv)}, int64(len(tsv))), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Pages) != 2 || len(want.Words) != 6 {
		t.Fatalf("reference parse: %d pages, %d words", len(want.Pages), len(want.Words))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("streamed layout differs:\n got %+v\nwant %+v", got.Words, want.Words)
	}
	if _, err := readPDFTextTSV(strings.NewReader(row("5", "orphan")), nil); err == nil {
		t.Fatal("a word before any page was accepted")
	}
}

// trickle reads at most 7 bytes per call.
type trickle struct{ r io.Reader }

func (t *trickle) Read(p []byte) (int, error) {
	if len(p) > 7 {
		p = p[:7]
	}
	return t.r.Read(p)
}

// TestRunToolStream: the output reaches consume; a consume error kills a
// program that would write for ever, and a time-out is ErrToolTimeout.
func TestRunToolStream(t *testing.T) {
	t.Parallel()
	t.Run("Output", func(t *testing.T) {
		t.Parallel()
		var got bytes.Buffer
		_, err := RunToolStream(context.Background(), 10*time.Second, "sh", []string{"-c", "echo one; echo two"}, func(r io.Reader) error {
			_, err := io.Copy(&got, r)
			return err
		})
		if err != nil || got.String() != "one\ntwo\n" {
			t.Fatalf("got %q, %v", got.String(), err)
		}
	})
	t.Run("ConsumeErrorKillsTheProgram", func(t *testing.T) {
		t.Parallel()
		stop := errors.New("enough")
		_, err := RunToolStream(context.Background(), time.Minute, "yes", nil, func(r io.Reader) error {
			_, _ = r.Read(make([]byte, 10))
			return stop
		})
		if !errors.Is(err, stop) {
			t.Fatalf("err = %v, want consume's error", err)
		}
	})
	t.Run("TimeOut", func(t *testing.T) {
		t.Parallel()
		_, err := RunToolStream(context.Background(), 50*time.Millisecond, "sleep", []string{"60"}, func(r io.Reader) error {
			_, err := io.Copy(io.Discard, r)
			return err
		})
		if !errors.Is(err, ErrToolTimeout) {
			t.Fatalf("err = %v, want ErrToolTimeout", err)
		}
	})
	t.Run("FailingProgram", func(t *testing.T) {
		t.Parallel()
		stderr, err := RunToolStream(context.Background(), 10*time.Second, "sh", []string{"-c", "echo bad >&2; exit 3"}, func(r io.Reader) error {
			_, err := io.Copy(io.Discard, r)
			return err
		})
		if err == nil || !strings.Contains(stderr, "bad") {
			t.Fatalf("stderr %q, err %v; want the failure and its stderr", stderr, err)
		}
	})
}
