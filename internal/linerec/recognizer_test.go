package linerec

import (
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ocr"
)

// installed returns the repository's rec.js and dictionary, or reports
// them missing (a skip on a laptop, a failure in CI, which installs them).
func installed(t *testing.T) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		fixture.Missing(t, "node not installed (scripts/deps.sh installs it)")
	}
	root := findRoot()
	if root == "" {
		fixture.Missing(t, "tools/linerec/node_modules missing (scripts/deps.sh runs npm ci there)")
	}
	return filepath.Join(root, script), filepath.Join(root, dictionary)
}

// pageOf turns a generated scan's word boxes into the page Tesseract
// would report: one line per drawn line (same top), words in order.
func pageOf(words []fixture.ImageWord) ocr.Page {
	var p ocr.Page
	var lastY float64 = -1
	for _, w := range words {
		p.Width, p.Height = int(w.Width), int(w.Height)
		if w.Y0 != lastY {
			p.Lines = append(p.Lines, ocr.Line{})
			lastY = w.Y0
		}
		l := &p.Lines[len(p.Lines)-1]
		l.Words = append(l.Words, ocr.Word{
			Text: w.Text, Left: int(w.X0), Top: int(w.Y0),
			Width: int(w.X1 - w.X0), Height: int(w.Y1 - w.Y0), Conf: 0.9,
		})
	}
	return p
}

func TestReadPageRereadsDrawnLines(t *testing.T) {
	s, d := installed(t)
	r, err := New(s, d)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want := []string{"GERBANG ALAF RESTAURANTS SDN BHD", "TOTAL RM 93.07", "DATE 30/04/2018"}
	img, words := fixture.ScanImage(want, fixture.ScanOptions{DPI: 150, PointSz: 14})
	page := pageOf(words)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	got, err := r.ReadPage(ctx, img, page, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Lines) != len(want) || got.Width != page.Width || got.Height != page.Height {
		t.Fatalf("got %d lines on %dx%d, want %d on %dx%d", len(got.Lines), got.Width, got.Height, len(want), page.Width, page.Height)
	}
	for i, l := range got.Lines {
		var texts []string
		for _, w := range l.Words {
			texts = append(texts, w.Text)
			// Every word keeps a box on its drawn line.
			src := page.Lines[i].Words[0]
			if w.Top != src.Top || w.Width <= 0 || w.Left < 0 || w.Left+w.Width > page.Width {
				t.Errorf("line %d word %q box %+v off its line (top %d)", i, w.Text, w, src.Top)
			}
			if w.Conf <= 0 || w.Conf > 1 {
				t.Errorf("word %q conf %v outside (0,1]", w.Text, w.Conf)
			}
		}
		if g := strings.Join(texts, " "); g != want[i] {
			t.Errorf("line %d read %q, want %q", i, g, want[i])
		}
	}
	// A second page reuses the running helper.
	if _, err := r.ReadPage(ctx, img, page, nil); err != nil {
		t.Fatalf("second page: %v", err)
	}
}

// fakeHelper writes a stand-in rec.js that runs body after saying ready.
func fakeHelper(t *testing.T, body string) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		fixture.Missing(t, "node not installed (scripts/deps.sh installs it)")
	}
	dir := t.TempDir()
	js := filepath.Join(dir, "rec.js")
	src := "process.stdout.write('{\"ready\":true}\\n');\n" + body
	if err := os.WriteFile(js, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	dict := filepath.Join(dir, "keys.txt")
	if err := os.WriteFile(dict, []byte("A\nB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return js, dict
}

func onePage() (ocr.Page, *image.Gray) {
	img, words := fixture.ScanImage([]string{"AB"}, fixture.ScanOptions{DPI: 72})
	return pageOf(words), img
}

func TestReadPageFailsCleanlyWhenTheHelperMisbehaves(t *testing.T) {
	cases := map[string]struct {
		body    string
		timeout time.Duration
		want    string
	}{
		"exits":         {body: "process.stdin.on('data', () => process.exit(3));", timeout: 30 * time.Second, want: "stopped"},
		"garbage":       {body: "process.stdin.on('data', () => process.stdout.write('not json\\n'));", timeout: 30 * time.Second, want: "bad answer"},
		"error":         {body: "process.stdin.on('data', () => process.stdout.write('{\"error\":\"model broke\"}\\n'));", timeout: 30 * time.Second, want: "model broke"},
		"wrong count":   {body: "process.stdin.on('data', () => process.stdout.write('{\"lines\":[]}\\n'));", timeout: 30 * time.Second, want: "answers for"},
		"never answers": {body: "process.stdin.resume();", timeout: 2 * time.Second, want: "deadline"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, d := fakeHelper(t, c.body)
			r, err := New(s, d)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			page, img := onePage()
			ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
			defer cancel()
			start := time.Now()
			_, err = r.ReadPage(ctx, img, page, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err %v, want one saying %q", err, c.want)
			}
			if time.Since(start) > c.timeout+5*time.Second {
				t.Fatalf("took %v, past the %v deadline", time.Since(start), c.timeout)
			}
			// The failed helper is not reused: the slot starts afresh and
			// fails the same way rather than hanging on a dead pipe.
			ctx2, cancel2 := context.WithTimeout(context.Background(), c.timeout)
			defer cancel2()
			if _, err := r.ReadPage(ctx2, img, page, nil); err == nil {
				t.Fatal("second request succeeded against a broken helper")
			}
		})
	}
}

// TestReadPageMemoSendsOnlyNewCrops: a helper that counts its requests in
// a file shows whether a second reading of the same crops asks again.
func TestReadPageMemoSendsOnlyNewCrops(t *testing.T) {
	s, d := fakeHelper(t, `
const fs = require('fs');
process.stdin.on('data', (chunk) => {
  fs.appendFileSync(__dirname + '/requests', 'x');
  const n = chunk.readUInt32LE(0);
  const lines = [];
  for (let i = 0; i < n; i++) lines.push({ idx: [1, 0, 2], prob: [0.9, 0.9, 0.9] });
  process.stdout.write(JSON.stringify({ lines }) + '\n');
});`)
	requests := func() int {
		b, _ := os.ReadFile(filepath.Join(filepath.Dir(s), "requests"))
		return len(b)
	}
	r, err := New(s, d)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	page, img := onePage()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	memo := NewMemo()
	first, err := r.ReadPage(ctx, img, page, memo)
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.ReadPage(ctx, img, page, memo)
	if err != nil {
		t.Fatal(err)
	}
	if n := requests(); n != 1 {
		t.Fatalf("two readings of the same crops with a memo made %d requests, want 1", n)
	}
	if len(first.Lines) != 1 || len(second.Lines) != 1 || first.Lines[0].Words[0].Text != "AB" || second.Lines[0].Words[0].Text != "AB" {
		t.Fatalf("readings differ or are wrong: %+v / %+v", first.Lines, second.Lines)
	}
	if _, err := r.ReadPage(ctx, img, page, nil); err != nil {
		t.Fatal(err)
	}
	if n := requests(); n != 2 {
		t.Fatalf("a reading without a memo made %d requests in all, want 2", n)
	}
}
