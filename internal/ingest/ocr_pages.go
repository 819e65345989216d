package ingest

import (
	"context"
	"errors"
	"image"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ocr"
	"github.com/quarrydev/quarry/internal/problem"
)

// ocrPage is one OCR'd page image, ready to be added to a layout.
type ocrPage struct {
	page     ocr.Page
	rotation int // clockwise degrees we turned the image to make it upright
	// others are further readings of the same image in the same pixels
	// (ocrSession.readings), for extraction to vote with.
	others []ocr.Page
}

// ocrSession OCRs the page images of one file. It decides the Tesseract
// languages once, on the first page, and reuses them: a single-language run
// costs about half of the five-language one measured here and reads the
// same, so without a hint we read English first and re-read only when the
// text turns out to be in another language we have a model for.
type ocrSession struct {
	eng     *ocr.Engine
	timeout time.Duration // one tesseract run
	langs   string        // decided languages, "" until the first page
	hint    string
	sum     float64
	words   int
	pages   int
	decided chan struct{}
	// readings asks for the further readings of a till roll that
	// extraction votes with (ocrPage.others): set for a one-image file,
	// where the extra reads cost one page's worth.
	readings bool
	// lineRec adds the line recogniser's rereadings to them.
	lineRec bool
}

func newOCRSession(env *Env, hint string) (*ocrSession, error) {
	if env.Engines.Tesseract == "" {
		return nil, problem.New(problem.ImageConversionFailed, "OCR needs Tesseract, which is not installed; run scripts/deps.sh.")
	}
	eng := ocr.Shared(env.Engines.Tesseract, ocr.FindModels(), RunTool)
	s := &ocrSession{eng: eng, hint: hint, timeout: env.Limits.ToolTimeout, decided: make(chan struct{})}
	if l := ocr.Langs(hint); l != "" {
		s.langs = l
		close(s.decided)
	}
	return s, nil
}

// workers is how many pages of one file are prepared at once: one per core,
// since rasterising and OCR are both CPU-bound.
func ocrWorkers() int { return max(1, runtime.NumCPU()) }

// recognize OCRs one page image file. first must be true for exactly one
// call, made before the others start (it decides the languages).
func (s *ocrSession) recognize(ctx context.Context, path string, first bool) ([]ocrPage, error) {
	if !first {
		select {
		case <-s.decided:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	langs := s.langs
	if first && langs == "" {
		langs = "eng"
	}
	pages, err := s.eng.Recognize(ctx, path, langs, s.timeout)
	if err != nil {
		return nil, err
	}
	if first && s.langs == "" {
		s.langs = "eng"
		text := ocrText(pages)
		if code := detectOCRLanguage(text); code != "en" && code != "" {
			if alt := ocr.Langs(code); alt != "" {
				if again, err := s.eng.Recognize(ctx, path, alt, s.timeout); err == nil && meanConf(again) >= meanConf(pages)-0.02 {
					pages = again
					s.langs = alt
				}
			}
		}
		close(s.decided)
	}
	out := make([]ocrPage, len(pages))
	for i, p := range pages {
		out[i] = ocrPage{page: p}
	}
	// A page turned sideways reads as columns of vertical "words"; one upside
	// down reads as low-confidence noise. Only then ask OSD, which costs a
	// second run.
	if len(pages) == 1 && looksTurned(pages[0]) {
		if fixed, ok := s.reorient(ctx, path, pages[0]); ok {
			out[0] = fixed
		}
	}
	if len(out) == 1 && out[0].rotation == 0 {
		out[0].page, out[0].others = s.reread(ctx, path, out[0].page)
	}
	return out, nil
}

func (s *ocrSession) reorient(ctx context.Context, path string, before ocr.Page) (ocrPage, bool) {
	rot, conf, err := s.eng.Orientation(ctx, path, s.timeout)
	if err != nil || rot == 0 || conf < 0.5 {
		return ocrPage{}, false
	}
	img, err := decodeImageFile(path)
	if err != nil {
		return ocrPage{}, false
	}
	turned := rotateGray(toGray(img), rot)
	tmp, cleanup, err := TempFile(encodePNG(turned), ".png")
	if err != nil {
		return ocrPage{}, false
	}
	defer cleanup()
	pages, err := s.eng.Recognize(ctx, tmp, s.langs, s.timeout)
	if err != nil || len(pages) != 1 {
		return ocrPage{}, false
	}
	_, nb := before.MeanConf()
	sa, na := pages[0].MeanConf()
	sb, _ := before.MeanConf()
	// Keep the turned reading when it recognised text at least as well.
	if na == 0 || (nb > 0 && sa < sb*0.9) {
		return ocrPage{}, false
	}
	return ocrPage{page: pages[0], rotation: rot}, true
}

func decodeImageFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	return img, err
}

// looksTurned reports a page whose words are mostly taller than wide
// (sideways text) or whose confidence is poor.
func looksTurned(p ocr.Page) bool {
	var tall, n int
	for _, l := range p.Lines {
		for _, w := range l.Words {
			if len([]rune(w.Text)) >= 3 {
				n++
				if w.Height > w.Width {
					tall++
				}
			}
		}
	}
	sum, words := p.MeanConf()
	if n >= 3 && tall*2 > n {
		return true
	}
	return words >= 3 && sum/float64(words) < 0.6
}

func meanConf(pages []ocr.Page) float64 {
	var sum float64
	var n int
	for _, p := range pages {
		s, c := p.MeanConf()
		sum += s
		n += c
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

func ocrText(pages []ocr.Page) string {
	var sb strings.Builder
	for _, p := range pages {
		for _, l := range p.Lines {
			for _, w := range l.Words {
				sb.WriteString(w.Text)
				sb.WriteByte(' ')
			}
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// add appends an OCR'd page to b. width and height are the page size to
// report (pixels for images, points for PDF pages); boxes are normalised by
// the image the words were found on.
func (s *ocrSession) add(b *doc.Builder, p ocrPage, width, height float64) {
	sum, n := addPage(b, p, width, height)
	s.sum += sum
	s.words += n
	s.pages++
}

// readingLayouts turns a page's further readings into layouts of their own,
// sized like the page, for extraction to vote with.
func readingLayouts(p ocrPage) []*doc.Layout {
	var out []*doc.Layout
	for _, o := range p.others {
		b := doc.NewBuilder()
		addPage(b, ocrPage{page: o, rotation: p.rotation}, 0, 0)
		out = append(out, b.Layout())
	}
	return out
}

// addPage appends an OCR'd page to b and returns the sum and count of its
// word confidences.
func addPage(b *doc.Builder, p ocrPage, width, height float64) (sum float64, n int) {
	if width == 0 || height == 0 {
		width, height = float64(p.page.Width), float64(p.page.Height)
	}
	if p.rotation == 90 || p.rotation == 270 {
		// The page as a reader sees it, upright.
		if width < height != (p.page.Width < p.page.Height) {
			width, height = height, width
		}
	}
	b.StartPage(doc.Page{Width: width, Height: height, Rotation: p.rotation, Source: doc.SourceOCR})
	iw, ih := float64(p.page.Width), float64(p.page.Height)
	for _, l := range p.page.Lines {
		words := make([]doc.Word, 0, len(l.Words))
		for _, w := range l.Words {
			conf := w.Conf
			if conf <= 0 {
				conf = 0.001 // the builder reads 0 as "no confidence" (1)
			}
			words = append(words, doc.Word{
				Text: w.Text,
				Box:  doc.Normalize(float64(w.Left), float64(w.Top), float64(w.Left+w.Width), float64(w.Top+w.Height), iw, ih),
				Conf: conf,
			})
			sum += w.Conf
		}
		b.AddLine(words)
		n += len(words)
	}
	b.EndPage()
	return sum, n
}

// stats returns the File.OCR summary.
func (s *ocrSession) stats() *OCRStats {
	if s.pages == 0 {
		return nil
	}
	st := &OCRStats{Pages: s.pages}
	if s.words > 0 {
		st.MeanConfidence = s.sum / float64(s.words)
	}
	return st
}

// ocrFailure turns an engine error into a problem naming the file.
func ocrFailure(err error, name string) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	if errors.Is(err, ErrToolTimeout) {
		return problem.New(problem.ImageConversionFailed, "OCR of %q took too long.", name)
	}
	return problem.New(problem.ImageConversionFailed, "OCR of %q failed: %v", name, err)
}

// giveUp releases pages waiting for the first page's language decision
// when the first page failed before OCR.
func (s *ocrSession) giveUp() {
	select {
	case <-s.decided:
	default:
		if s.langs == "" {
			s.langs = "eng"
		}
		close(s.decided)
	}
}
