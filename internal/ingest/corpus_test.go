package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

const corpusDir = "../../../shared/corpus/formats"

// refusable are the problem codes a real-world file may legitimately earn.
var refusable = map[string]bool{
	problem.UnsupportedFile: true, problem.EncryptedPDF: true, problem.CorruptPDF: true,
	problem.OfficeConversionFailed: true, problem.ArchiveExtractionFailed: true,
	problem.ImageConversionFailed: true, problem.EmailParseFailed: true, problem.LimitExceeded: true,
	problem.FileTooLarge: true,
}

// pictureOnly are corpus files whose only content is pictures: read, but
// without text. (Images without text, e.g. photos and logos, are allowed to
// read empty through their OCR source instead.)
var pictureOnly = map[string]bool{"picture.pptx": true, "test-image-jpg-mime.pptx": true}

// corpusExpect adds checks for files whose format has no Go writer, so
// that the corpus is their only test: legacy Office through LibreOffice
// must come back as PDF pages with word boxes, HEIC through OCR.
var corpusExpect = map[string]func(f *File) error{
	"simple.doc":           legacyExpect("application/msword"),
	"tests-example.xls":    legacyExpect("application/vnd.ms-excel"),
	"fake-power-point.ppt": legacyExpect("application/vnd.ms-powerpoint"),
	"img__DA-1p.heic": func(f *File) error {
		if f.MediaType != "image/heic" || f.TextSource != TextOCR || f.OCR == nil || len(f.Layout.Words) < 100 {
			return fmt.Errorf("heic read as %s/%s with %d words", f.MediaType, f.TextSource, len(f.Layout.Words))
		}
		return nil
	},
	"fake-email-attachment.msg": func(f *File) error {
		if !strings.Contains(f.Layout.Text, "From: ") || !strings.Contains(f.Layout.Text, "Subject: ") {
			return fmt.Errorf("message text lacks headers: %q", f.Layout.Text)
		}
		return nil
	},
}

func legacyExpect(media string) func(f *File) error {
	return func(f *File) error {
		if f.MediaType != media || f.TextSource != TextPDF || !f.Layout.HasGeometry() {
			return fmt.Errorf("read as %s/%s, geometry %v", f.MediaType, f.TextSource, f.Layout.HasGeometry())
		}
		return nil
	}
}

// TestCorpusFormats reads every file of the shared real-world corpus: each
// must come back with text or with a problem code from the catalogue, never
// a panic or a bare error. Files named empty.* may be read empty. Each file
// is its own parallel subtest, so go test schedules them with the rest of
// the package (-parallel) and names the file that fails.
func TestCorpusFormats(t *testing.T) {
	t.Parallel()
	dir, _ := filepath.Abs(corpusDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("corpus folder %s absent: %v", dir, err)
	}
	l := newTestLoader(t)
	// Large scans are OCR'd at a lower resolution in this test to keep it
	// fast; OCR quality is covered by the fixture tests.
	l.Env.Limits.MaxImagePixels = DefaultLimits().MaxImagePixels
	ctx := context.Background()
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "LICENSE") {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			summary, err := readCorpusFile(ctx, l, dir, name)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(strings.ReplaceAll(summary, "\n", " "))
		})
	}
}

// readCorpusFile loads one corpus file and checks it; a panic comes back
// as an error so that the test names the file instead of crashing the
// whole test binary.
func readCorpusFile(ctx context.Context, l *Loader, dir, name string) (summary string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return "", err
	}
	start := time.Now()
	// An English hint skips the language re-read of OCR pages: this test is
	// about robustness, and the machine is shared.
	files, err := l.Load(ctx, Input{Name: name, Data: data, LanguageHint: "en"})
	if err != nil {
		p, ok := problem.As(err)
		if !ok {
			return "", fmt.Errorf("non-problem error: %v", err)
		}
		if !refusable[p.Code] || p.Extensions["filename"] == nil {
			return "", fmt.Errorf("unexpected problem %s: %s", p.Code, p.Detail)
		}
		return "refused " + p.Code + ": " + p.Detail, nil
	}
	if check := corpusExpect[name]; check != nil {
		if err := check(files[0]); err != nil {
			return "", err
		}
	}
	var parts []string
	for _, f := range files {
		text := strings.TrimSpace(f.Layout.Text)
		if text == "" && !strings.HasPrefix(name, "empty") && !pictureOnly[name] && f.TextSource != TextOCR {
			return "", fmt.Errorf("%s read with no text (%s)", f.Name, f.MediaType)
		}
		for i, w := range f.Layout.Words {
			if f.Layout.Text[w.Start:w.End] != w.Text {
				return "", fmt.Errorf("%s: word %d offsets wrong", f.Name, i)
			}
		}
		snip := text
		if len(snip) > 60 {
			snip = snip[:60]
		}
		parts = append(parts, fmt.Sprintf("%s [%s %dp %s %s] %q", f.Name, f.MediaType, f.PageCount, f.TextSource, f.Language, snip))
	}
	return fmt.Sprintf("%.1fs ", time.Since(start).Seconds()) + strings.Join(parts, " | "), nil
}

func readCorpus(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(corpusDir, name))
}
