package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"unicode"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/problem"
)

// minTextWords is how many words a page's text layer needs before we trust
// it; below that the page is most likely a scan with, at most, a stamp or a
// page number in real text.
const minTextWords = 3

// pageNeedsOCR reports whether a text-layer page is empty or garbage (fonts
// without a usable Unicode map extract as symbols, U+FFFD or private-use
// characters).
func pageNeedsOCR(words []doc.Word) bool {
	if len(words) < minTextWords {
		return true
	}
	var good, bad int
	for _, w := range words {
		for _, r := range w.Text {
			if r < 0x80 { // ASCII fast path: this runs over every character of every page
				switch {
				case (r|0x20 >= 'a' && r|0x20 <= 'z') || (r >= '0' && r <= '9'):
					good++
				case r < 0x20 || r == 0x7f:
					bad++
				}
				continue
			}
			switch {
			case r == unicode.ReplacementChar || unicode.Is(unicode.Co, r) || unicode.IsControl(r):
				bad++
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				good++
			case unicode.IsPunct(r) || unicode.IsSymbol(r):
				// neutral: prices, dates and bullets are full of them
			default:
				bad++
			}
		}
	}
	return good == 0 || bad*2 > good
}

// ocrPDFPages OCRs the pages of a PDF whose text layer is missing or
// unusable, one page image at a time (so memory stays at one page per
// worker), and merges them with the text-layer pages in page order.
func ocrPDFPages(ctx context.Context, env *Env, in Input, pdfPath string, layout *doc.Layout) (*Read, error) {
	var todo []int
	for i := range layout.Pages {
		if pageNeedsOCR(layout.PageWords(i + 1)) {
			todo = append(todo, i)
		}
	}
	if len(todo) == 0 {
		return &Read{Layout: layout}, nil
	}
	if env.Engines.PDFToPPM == "" || env.Engines.Tesseract == "" {
		if len(todo) == len(layout.Pages) && len(layout.Words) == 0 {
			return nil, problem.New(problem.ImageConversionFailed,
				"%q has no text layer and OCR needs pdftoppm and tesseract; run scripts/deps.sh.", in.Name)
		}
		return &Read{Layout: layout}, nil // keep what the text layer gave
	}
	sess, err := newOCRSession(env, in.LanguageHint)
	if err != nil {
		return nil, err
	}
	dir, err := mkdirTemp("pages-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(map[int]ocrPage, len(todo))
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, ocrWorkers())
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel()
		}
		mu.Unlock()
	}
	dpi := env.Limits.OCRDPI
	if dpi <= 0 {
		dpi = 200
	}
	for k, idx := range todo {
		// The first page decides the OCR languages; the others wait for it
		// inside recognize, so start it before anything else can take a slot.
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func(first bool, idx int) {
			defer wg.Done()
			defer func() { <-sem }()
			img := filepath.Join(dir, "p"+strconv.Itoa(idx+1))
			n := strconv.Itoa(idx + 1)
			_, stderr, err := RunTool(ctx, env.Limits.ToolTimeout, nil, env.Engines.PDFToPPM,
				"-r", strconv.Itoa(dpi), "-gray", "-png", "-f", n, "-l", n, "-singlefile", pdfPath, img)
			if err != nil {
				fail(pdfProblem(err, stderr, in.Name))
				if first {
					sess.giveUp()
				}
				return
			}
			pages, err := sess.recognize(ctx, img+".png", first)
			os.Remove(img + ".png")
			if err != nil {
				fail(ocrFailure(err, in.Name))
				return
			}
			if len(pages) > 0 {
				mu.Lock()
				results[idx] = pages[0]
				mu.Unlock()
			}
		}(k == 0, idx)
	}
	wg.Wait()
	if firstErr != nil {
		if ctx.Err() != nil && firstErr == context.Canceled {
			return nil, firstErr
		}
		return nil, firstErr
	}
	b := doc.NewBuilder()
	for i, p := range layout.Pages {
		if r, ok := results[i]; ok {
			sess.add(b, r, p.Width, p.Height)
			continue
		}
		if pageNeedsOCRIndex(todo, i) {
			// OCR found nothing either: keep an empty OCR page.
			b.StartPage(doc.Page{Width: p.Width, Height: p.Height, Source: doc.SourceOCR})
			b.EndPage()
			continue
		}
		b.StartPage(doc.Page{Width: p.Width, Height: p.Height, Rotation: p.Rotation, Source: p.Source})
		for _, l := range p.Lines {
			b.AddLine(layout.Words[l.FirstWord:l.EndWord])
		}
		for _, t := range p.Tables {
			b.AddTable(t)
		}
		b.EndPage()
	}
	return &Read{Layout: b.Layout(), OCR: sess.stats()}, nil
}

func pageNeedsOCRIndex(todo []int, i int) bool {
	for _, t := range todo {
		if t == i {
			return true
		}
	}
	return false
}
