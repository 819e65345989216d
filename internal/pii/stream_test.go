package pii

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
)

func readStream(t *testing.T, out []byte) ([]StreamFinding, string, StreamSummary) {
	t.Helper()
	var fs []StreamFinding
	var masked strings.Builder
	var sum StreamSummary
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 8<<20)
	for sc.Scan() {
		var l streamLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		switch {
		case l.Finding != nil:
			fs = append(fs, *l.Finding)
		case l.MaskedText != nil:
			masked.WriteString(*l.MaskedText)
		case l.Summary != nil:
			sum = *l.Summary
		}
	}
	return fs, masked.String(), sum
}

func TestStreamMatchesWholeText(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	for _, d := range genCorpus(3, 6) {
		sb.WriteString(d.text)
		sb.WriteString("Ünïcødé ✓ filler line\n")
	}
	text := sb.String()
	want := Detect(text, Options{})
	for _, chunk := range []int{700, 4096, 1 << 20} {
		var out bytes.Buffer
		// iotest-style reader returning small reads stresses the refill loop.
		if err := Stream(io.LimitReader(strings.NewReader(text), int64(len(text))), &out, StreamOptions{Mask: "redact", ChunkSize: chunk}); err != nil {
			t.Fatal(err)
		}
		got, masked, sum := readStream(t, out.Bytes())
		if len(got) != len(want) || sum.Count != len(want) || sum.Bytes != int64(len(text)) {
			t.Fatalf("chunk %d: %d findings (summary %d, %d bytes), want %d", chunk, len(got), sum.Count, sum.Bytes, len(want))
		}
		for i, f := range got {
			w := want[i]
			if f.Type != w.Type || f.ByteStart != int64(w.Start) || f.ByteEnd != int64(w.End) {
				t.Fatalf("chunk %d: finding %d = %+v, want %+v", chunk, i, f, w)
			}
			if f.Start != int64(len([]rune(text[:w.Start]))) {
				t.Fatalf("chunk %d: code point offset %d, want %d", chunk, f.Start, len([]rune(text[:w.Start])))
			}
		}
		whole, _ := Mask(text, want, "redact", nil)
		if masked != whole {
			t.Fatalf("chunk %d: streamed masked text differs from whole-text masking", chunk)
		}
	}
}

// TestStreamStdin is the CLI path for memory measurements:
//
//	go test -c -o /tmp/pii.test ./internal/pii/
//	PII_GEN_BYTES=1073741824 /tmp/pii.test -test.run TestGenStream | \
//	  PII_STREAM_STDIN=1 /usr/bin/time -v /tmp/pii.test -test.run TestStreamStdin > /dev/null
func TestStreamStdin(t *testing.T) {
	t.Parallel()
	if os.Getenv("PII_STREAM_STDIN") == "" {
		t.Skip("set PII_STREAM_STDIN=1")
	}
	w := bufio.NewWriter(io.Discard)
	if err := Stream(os.Stdin, w, StreamOptions{Mask: "token"}); err != nil {
		t.Fatal(err)
	}
}

// TestGenStream writes PII_GEN_BYTES of mixed business text to stdout.
func TestGenStream(t *testing.T) {
	t.Parallel()
	n := int64(0)
	if v := os.Getenv("PII_GEN_BYTES"); v != "" {
		if err := json.Unmarshal([]byte(v), &n); err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Skip("set PII_GEN_BYTES")
	}
	block := mixedInvoiceText()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	for written := int64(0); written < n; written += int64(len(block)) {
		if _, err := w.WriteString(block); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
}
