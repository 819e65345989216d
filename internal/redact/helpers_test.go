package redact

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/pii"

	pdfapi "github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/quarrydev/quarry/internal/ingest"
)

// The helpers read the output the way a recipient would: with poppler's
// own tools, not with this package's code.

func needTools(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s is not installed", n)
		}
	}
}

// load reads a file the way the server does.
func load(t testing.TB, name string, data []byte) *ingest.File {
	t.Helper()
	files, err := ingest.NewLoader(ingest.DefaultLimits(), ingest.FindEngines()).Load(context.Background(), ingest.Input{Name: name, Data: data})
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	if len(files) != 1 {
		t.Fatalf("load %s: %d files", name, len(files))
	}
	return files[0]
}

func writeTemp(t testing.TB, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText is pdftotext's reading of a PDF.
func pdfText(t testing.TB, data []byte) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", writeTemp(t, data), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// tsvWord is one word of pdftotext -tsv, in points from the top-left.
type tsvWord struct {
	Page                     int
	Left, Top, Width, Height float64
	Text                     string
}

func pdfWords(t testing.TB, data []byte) []tsvWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-tsv", writeTemp(t, data), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -tsv: %v", err)
	}
	var ws []tsvWord
	for _, line := range strings.Split(string(out), "\n")[1:] {
		c := strings.Split(line, "\t")
		if len(c) < 12 || c[0] != "5" {
			continue
		}
		f := func(i int) float64 { v, _ := strconv.ParseFloat(c[i], 64); return v }
		page, _ := strconv.Atoi(c[1])
		ws = append(ws, tsvWord{Page: page, Left: f(6), Top: f(7), Width: f(8), Height: f(9), Text: c[11]})
	}
	return ws
}

// renderPage renders one page of a PDF at dpi with pdftoppm as PNG.
func renderPage(t testing.TB, data []byte, page, dpi int) image.Image {
	t.Helper()
	p := strconv.Itoa(page)
	out, err := exec.Command("pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, writeTemp(t, data)).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decode rendered page: %v", err)
	}
	return img
}

// uniform reports whether every pixel of r in img has the colour of its
// first pixel, and returns that colour's grey level.
func uniform(img image.Image, r image.Rectangle) (bool, uint32) {
	r = r.Intersect(img.Bounds())
	if r.Empty() {
		return false, 0
	}
	r0, g0, b0, _ := img.At(r.Min.X, r.Min.Y).RGBA()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			rr, gg, bb, _ := img.At(x, y).RGBA()
			if rr != r0 || gg != g0 || bb != b0 {
				return false, 0
			}
		}
	}
	return true, r0 >> 8
}

func detectFor(text string) []pii.Finding { return pii.Detect(text, pii.Options{}) }

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// validPDF checks the output with two independent readers: pdfcpu in
// strict mode and qpdf --check.
func validPDF(t testing.TB, data []byte) {
	t.Helper()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := pdfapi.Validate(bytes.NewReader(data), conf); err != nil {
		t.Errorf("pdfcpu (strict) rejects the output: %v", err)
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command("qpdf", "--check", writeTemp(t, data)).CombinedOutput(); err != nil {
			t.Errorf("qpdf --check rejects the output: %v\n%s", err, out)
		}
	}
}
