package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
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
// a panic or a bare error. Files named empty.* may be read empty.
func TestCorpusFormats(t *testing.T) {
	dir, _ := filepath.Abs(corpusDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("corpus folder %s absent: %v", dir, err)
	}
	l := newTestLoader(t)
	// Large scans are OCR'd at a lower resolution in this test to keep it
	// fast; OCR quality is covered by the fixture tests.
	l.Env.Limits.MaxImagePixels = DefaultLimits().MaxImagePixels
	type result struct {
		name, summary string
		err           error
	}
	var (
		mu   sync.Mutex
		res  []result
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 2*runtime.NumCPU()) // LibreOffice runs wait on I/O; overlap them with OCR
		ctx  = context.Background()
		seen = 0
	)
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), "LICENSE") {
			continue
		}
		seen++
		name := e.Name()
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := result{name: name}
			defer func() {
				if p := recover(); p != nil {
					r.err = fmt.Errorf("panic: %v", p)
				}
				mu.Lock()
				res = append(res, r)
				mu.Unlock()
			}()
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				r.err = err
				return
			}
			start := time.Now()
			// An English hint skips the language re-read of OCR pages: this test is
			// about robustness, and the machine is shared.
			files, err := l.Load(ctx, Input{Name: name, Data: data, LanguageHint: "en"})
			if err != nil {
				p, ok := problem.As(err)
				if !ok {
					r.err = fmt.Errorf("non-problem error: %v", err)
					return
				}
				if !refusable[p.Code] || p.Extensions["filename"] == nil {
					r.err = fmt.Errorf("unexpected problem %s: %s", p.Code, p.Detail)
					return
				}
				r.summary = "refused " + p.Code + ": " + p.Detail
				return
			}
			if check := corpusExpect[name]; check != nil {
				if err := check(files[0]); err != nil {
					r.err = err
					return
				}
			}
			var parts []string
			for _, f := range files {
				text := strings.TrimSpace(f.Layout.Text)
				if text == "" && !strings.HasPrefix(name, "empty") && !pictureOnly[name] && f.TextSource != TextOCR {
					r.err = fmt.Errorf("%s read with no text (%s)", f.Name, f.MediaType)
					return
				}
				for i, w := range f.Layout.Words {
					if f.Layout.Text[w.Start:w.End] != w.Text {
						r.err = fmt.Errorf("%s: word %d offsets wrong", f.Name, i)
						return
					}
				}
				snip := text
				if len(snip) > 60 {
					snip = snip[:60]
				}
				parts = append(parts, fmt.Sprintf("%s [%s %dp %s %s] %q", f.Name, f.MediaType, f.PageCount, f.TextSource, f.Language, snip))
			}
			r.summary = fmt.Sprintf("%.1fs ", time.Since(start).Seconds()) + strings.Join(parts, " | ")
		}()
	}
	wg.Wait()
	sort.Slice(res, func(i, j int) bool { return res[i].name < res[j].name })
	for _, r := range res {
		if r.err != nil {
			t.Errorf("%s: %v", r.name, r.err)
			continue
		}
		t.Logf("%s: %s", r.name, strings.ReplaceAll(r.summary, "\n", " "))
	}
	if len(res) != seen {
		t.Fatalf("%d results for %d files", len(res), seen)
	}
}

func readCorpus(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(corpusDir, name))
}
