package ingest

import (
	"context"
	"image"
	"math"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/linerec"
	"github.com/quarrydev/quarry/internal/ocr"
)

// A page that OCR reads as (nearly) empty or with a low mean confidence is
// read again, with another page segmentation mode and, when that still
// reads (nearly) nothing, from a cleaned image (contrast stretched,
// binarised with Otsu's threshold, small images upscaled); the reading
// with the best score (words x confidence, ocr.Page.Score) is kept. Faded thermal receipts, grey
// photographs and small scans are where the first reading fails; a clean
// page never pays for the retry.
const (
	retryMeanConf = 0.80 // below this mean word confidence a page is read again
	retryMinWords = 8    // a page with fewer words is read again
	upscaleBelow  = 1200 // images narrower than this (pixels) are enlarged
)

// reread improves a page's first (automatic-segmentation) reading. A page
// whose text is one narrow column (a till roll) is read again as one block
// and that reading kept: automatic segmentation cuts a receipt's
// right-aligned amounts and centred header into blocks of their own and
// loses which amount sits on which line, and that costs more fields than
// the confidence-based score can see (on the real receipts, docs/accuracy.md).
// Any other page is retried only when it reads poorly.
//
// With s.readings set, a till roll also returns the other readings made of
// it (the automatic one, both modes with the second model build when
// this machine has one, and with s.lineRec the line recogniser's rereading
// of the kept reading and of the second model's two) for extraction to
// vote with: each reading gets different letters wrong, and a value most
// readings agree on is more often right than the kept reading's alone
// (docs/accuracy.md, fourth and sixth passes).
func (s *ocrSession) reread(ctx context.Context, path string, first ocr.Page) (ocr.Page, []ocr.Page) {
	// The block reading is made once: the retry that shows a till roll
	// and the till roll's own readings below both want it.
	block := s.blockReading(ctx, path)
	first, roll := tillRoll(first, func(p ocr.Page) ocr.Page { return s.retry(ctx, path, p, block) })
	if !roll {
		return first, nil
	}
	// The second model's readings do not depend on the block reading, so
	// they run beside it (the engine's pool still bounds the processes).
	// The line recogniser rereads each of the second model's readings as
	// soon as it is in: their lines are cut a little differently from the
	// kept reading's, which makes the rereadings less alike than one
	// recogniser's answer repeated (docs/accuracy.md, sixth pass).
	var alt6, alt3, reread6, reread3 ocr.Page
	rereads := s.newRereader(path)
	var wg sync.WaitGroup
	if s.readings {
		if alt := s.eng.SecondOpinion(s.langs); alt != nil {
			for _, r := range []struct {
				psm    string
				out    *ocr.Page
				reread *ocr.Page
			}{{ocr.PSMBlock, &alt6, &reread6}, {ocr.PSMAuto, &alt3, &reread3}} {
				wg.Go(func() {
					if pages, err := alt.RecognizeMode(ctx, path, s.langs, r.psm, s.timeout); err == nil && len(pages) == 1 {
						*r.out = pages[0]
						if s.lineRec {
							*r.reread = rereads.read(ctx, pages[0])
						}
					}
				})
			}
		}
	}
	best, other := first, ocr.Page{}
	if pages, err := block(); err == nil && len(pages) == 1 {
		// Keep the block reading unless it lost the text the first had.
		if _, n := pages[0].MeanConf(); n >= retryMinWords || pages[0].Score() >= first.Score() {
			best, other = pages[0], first
		} else {
			other = pages[0]
		}
	}
	if needsRetry(best) {
		best = s.retry(ctx, path, best, nil)
	}
	var reread ocr.Page
	if s.lineRec {
		reread = rereads.read(ctx, best)
	}
	wg.Wait()
	if !s.readings {
		return best, nil
	}
	// Order matters: extraction breaks a tie for the earlier reading, and
	// a block reading keeps a till roll's lines whole (see above).
	var others []ocr.Page
	for _, p := range []ocr.Page{alt6, other, alt3, reread, reread6, reread3} {
		if len(p.Lines) > 0 {
			others = append(others, p)
		}
	}
	return best, others
}

// tillRoll tells a till roll from any other page by its first reading,
// and returns the reading to go on from. A page that is no narrow column
// is retried when it reads poorly; when the retry then shows a narrow
// column (the first reading of a faded or grey photograph had too few
// surely read words to show one: 3 of the 120 real receipts), the page
// is a till roll after all and gets a till roll's readings.
func tillRoll(first ocr.Page, retry func(ocr.Page) ocr.Page) (ocr.Page, bool) {
	if narrowColumn(first) {
		return first, true
	}
	if !needsRetry(first) {
		return first, false
	}
	retried := retry(first)
	return retried, narrowColumn(retried)
}

// rereader rereads the readings of one image with the second line
// recogniser (linerec): the image is decoded once for all of them, and the
// network's answers are shared by line crop (linerec.Memo).
type rereader struct {
	timeout time.Duration
	gray    func() (*image.Gray, error)
	memo    *linerec.Memo
}

func (s *ocrSession) newRereader(path string) *rereader {
	return &rereader{
		timeout: s.timeout,
		memo:    linerec.NewMemo(),
		gray: sync.OnceValues(func() (*image.Gray, error) {
			img, err := decodeImageFile(path)
			if err != nil {
				return nil, err
			}
			return toGray(img), nil
		}),
	}
}

// read rereads the lines of page p, when this machine has the recogniser;
// an empty page otherwise.
func (r *rereader) read(ctx context.Context, p ocr.Page) ocr.Page {
	lr := linerec.Shared()
	if lr == nil {
		return ocr.Page{}
	}
	g, err := r.gray()
	if err != nil || g.Bounds().Dx() != p.Width || g.Bounds().Dy() != p.Height {
		return ocr.Page{} // unreadable, or not the pixels Tesseract read (it should be)
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	out, err := lr.ReadPage(ctx, g, p, r.memo)
	if err != nil {
		return ocr.Page{}
	}
	return out
}

// narrowChars is the widest text, in characters, read as one narrow
// column: till rolls print 32 to 48 characters a line (the real receipts
// measure 25-50), a letter or invoice page 80 and more.
const narrowChars = 60

// narrowMinLines is the fewest lines with a surely read word that make a
// till roll: a short note of two or three lines is not one, and reading
// it as one block reads the specks around it as letters (TestImageOCR's
// noisy scan).
const narrowMinLines = 5

// narrowColumn reports a page whose surely read text spans at most
// narrowChars characters from its leftmost to its rightmost word, measured
// in the median character width of those words, over at least
// narrowMinLines lines. A page with too few sure words to tell is not
// narrow.
func narrowColumn(p ocr.Page) bool {
	var widths []float64
	lo, hi := math.MaxInt, math.MinInt
	lines := 0
	for _, l := range p.Lines {
		sure := false
		for _, w := range l.Words {
			n := utf8.RuneCountInString(w.Text)
			if n < 3 || w.Conf < 0.7 {
				continue
			}
			sure = true
			widths = append(widths, float64(w.Width)/float64(n))
			lo, hi = min(lo, w.Left), max(hi, w.Left+w.Width)
		}
		if sure {
			lines++
		}
	}
	if len(widths) < 5 || lines < narrowMinLines {
		return false
	}
	sort.Float64s(widths)
	return float64(hi-lo)/widths[len(widths)/2] <= narrowChars
}

// needsRetry reports a reading worth trying to improve.
func needsRetry(p ocr.Page) bool {
	sum, n := p.MeanConf()
	return n < retryMinWords || sum/float64(n) < retryMeanConf
}

// retry reads the image at path again and returns the better page. The
// same image is read as one uniform block (--psm 6), which keeps the
// right-aligned amounts that automatic segmentation drops as a separate
// block on narrow receipts. When that still gives (nearly) nothing, the
// image is read cleaned: contrast stretched, binarised with Otsu's
// threshold and, when small, upscaled (Tesseract wants letters 20-30
// pixels high).
//
// block makes the block reading (blockReading), nil when first already
// is one.
func (s *ocrSession) retry(ctx context.Context, path string, first ocr.Page, block func() ([]ocr.Page, error)) ocr.Page {
	best := first
	try := func(file, psm string, scale int) {
		if ctx.Err() != nil {
			return
		}
		pages, err := s.eng.RecognizeMode(ctx, file, s.langs, psm, s.timeout)
		if err != nil || len(pages) != 1 {
			return
		}
		p := pages[0]
		if scale > 1 {
			p = shrinkPage(p, scale)
		}
		if p.Score() > best.Score() {
			best = p
		}
	}
	if block != nil && ctx.Err() == nil {
		if pages, err := block(); err == nil && len(pages) == 1 && pages[0].Score() > best.Score() {
			best = pages[0]
		}
	}
	// Cleaning is kept for pages that gave (nearly) nothing: on a page
	// that reads at all, a binarised reading scores higher while reading
	// amounts worse (measured on the real receipts, docs/accuracy.md).
	if _, n := best.MeanConf(); n >= retryMinWords {
		return best
	}
	img, err := decodeImageFile(path)
	if err != nil {
		return best
	}
	clean := binarize(stretchContrast(toGray(img)))
	scale := 1
	if clean.Bounds().Dx() < upscaleBelow {
		clean, scale = upscale2(clean), 2
	}
	tmp, cleanup, err := TempFile(encodePNG(clean), ".png")
	if err != nil {
		return best
	}
	defer cleanup()
	try(tmp, ocr.PSMAuto, scale)
	return best
}

// blockReading returns a function that reads the image at path as one
// uniform block (--psm 6) on its first call and answers the same pages on
// later ones.
func (s *ocrSession) blockReading(ctx context.Context, path string) func() ([]ocr.Page, error) {
	return sync.OnceValues(func() ([]ocr.Page, error) {
		return s.eng.RecognizeMode(ctx, path, s.langs, ocr.PSMBlock, s.timeout)
	})
}

// shrinkPage maps an upscaled reading back to the original pixels, so that
// boxes and page size stay those of the file.
func shrinkPage(p ocr.Page, f int) ocr.Page {
	out := ocr.Page{Width: p.Width / f, Height: p.Height / f, Lines: make([]ocr.Line, len(p.Lines))}
	for i, l := range p.Lines {
		ws := make([]ocr.Word, len(l.Words))
		for k, w := range l.Words {
			w.Left, w.Top, w.Width, w.Height = w.Left/f, w.Top/f, max(1, w.Width/f), max(1, w.Height/f)
			ws[k] = w
		}
		out.Lines[i] = ocr.Line{Words: ws}
	}
	return out
}

// stretchContrast maps the 1st..99th percentile of grey levels to 0..255:
// a faded receipt's grey-on-grey becomes black on white.
func stretchContrast(g *image.Gray) *image.Gray {
	var hist [256]int
	for _, v := range g.Pix {
		hist[v]++
	}
	n := len(g.Pix)
	lo, hi := 0, 255
	for acc := 0; lo < 255; lo++ {
		if acc += hist[lo]; acc > n/100 {
			break
		}
	}
	for acc := 0; hi > 0; hi-- {
		if acc += hist[hi]; acc > n/100 {
			break
		}
	}
	if hi-lo < 16 {
		return g
	}
	var lut [256]uint8
	for v := range lut {
		lut[v] = uint8(math.Max(0, math.Min(255, float64(v-lo)*255/float64(hi-lo))))
	}
	out := image.NewGray(g.Bounds())
	for i, v := range g.Pix {
		out.Pix[i] = lut[v]
	}
	return out
}

// otsu returns the grey level that best separates ink from paper (Otsu's
// method: the threshold maximising the between-class variance).
func otsu(g *image.Gray) uint8 {
	var hist [256]float64
	for _, v := range g.Pix {
		hist[v]++
	}
	total := float64(len(g.Pix))
	var sum float64
	for i, h := range hist {
		sum += float64(i) * h
	}
	var sumB, wB, best float64
	var t uint8
	for i, h := range hist {
		wB += h
		if wB == 0 {
			continue
		}
		wF := total - wB
		if wF == 0 {
			break
		}
		sumB += float64(i) * h
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, t = v, uint8(i)
		}
	}
	return t
}

// binarize turns g black and white at Otsu's threshold.
func binarize(g *image.Gray) *image.Gray {
	t := otsu(g)
	out := image.NewGray(g.Bounds())
	for i, v := range g.Pix {
		if v > t {
			out.Pix[i] = 255
		}
	}
	return out
}

// upscale2 doubles an image's size (bilinear), which helps Tesseract read
// small type (it is tuned for letters about 20-30 pixels high).
func upscale2(g *image.Gray) *image.Gray {
	w, h := g.Bounds().Dx(), g.Bounds().Dy()
	out := image.NewGray(image.Rect(0, 0, 2*w, 2*h))
	at := func(x, y int) float64 {
		x, y = min(max(x, 0), w-1), min(max(y, 0), h-1)
		return float64(g.Pix[y*g.Stride+x])
	}
	for y := 0; y < 2*h; y++ {
		sy := float64(y)/2 - 0.25
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		for x := 0; x < 2*w; x++ {
			sx := float64(x)/2 - 0.25
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			out.Pix[y*out.Stride+x] = uint8(v + 0.5)
		}
	}
	return out
}
