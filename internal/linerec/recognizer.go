package linerec

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/image/draw"

	"github.com/quarrydev/quarry/internal/ocr"
)

const (
	// lineHeight is the height the network reads a line at.
	lineHeight = 48
	// maxWidth bounds a line image's width: a line wider than 50 times
	// its height (no till roll or invoice line is) is squeezed to it, so
	// that no page makes a request of unbounded size.
	maxWidth = 50 * lineHeight
	// maxLines bounds the lines read of one page; the rest keep nothing
	// (a page of more lines is no till roll).
	maxLines = 400
)

// Recognizer rereads the lines of OCR'd pages through a small pool of
// helper processes (one per core, started on first use).
type Recognizer struct {
	script string
	dict   []string
	free   chan *helper // idle helpers; nil entries are slots not yet started
}

// New returns a recogniser running script (rec.js) with the network's
// dictionary file (one character a line, in class order).
func New(script, dictionary string) (*Recognizer, error) {
	if _, err := os.Stat(script); err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, fmt.Errorf("linerec: %w", err)
	}
	raw, err := os.ReadFile(dictionary)
	if err != nil {
		return nil, err
	}
	dict := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	// The network's last class is the space, which the file leaves out.
	dict = append(dict, " ")
	n := runtime.NumCPU()
	r := &Recognizer{script: script, dict: dict, free: make(chan *helper, n)}
	for range n {
		r.free <- nil
	}
	return r, nil
}

// ReadPage rereads every line of page p, found on the grey image g (in the
// same pixels), and returns the page it reads: the same lines, each with
// the words the network reads in it and their boxes. A line that reads
// as nothing is left out.
//
// memo, when not nil, holds the network's answers by crop for readings of
// the same image: readings of one page cut most lines identically (85 %
// of the kept reading's lines have the same box in the second model's
// block reading on the real receipts), and the network answers the same
// pixels the same way, so only new crops are sent. The words still come
// from each reading's own line (its word gaps).
func (r *Recognizer) ReadPage(ctx context.Context, g *image.Gray, p ocr.Page, memo *Memo) (ocr.Page, error) {
	lines := p.Lines
	if len(lines) > maxLines {
		lines = lines[:maxLines]
	}
	crops := make([]image.Rectangle, len(lines))
	answers := make([]steps, len(lines))
	var ask []int // lines the memo does not hold
	for i, l := range lines {
		crops[i] = cropBox(l, g.Bounds())
		if a, ok := memo.get(crops[i]); ok {
			answers[i] = a
		} else {
			ask = append(ask, i)
		}
	}
	if len(ask) > 0 {
		var req bytes.Buffer
		_ = binary.Write(&req, binary.LittleEndian, uint32(len(ask)))
		for _, i := range ask {
			img := lineImage(g, crops[i])
			_ = binary.Write(&req, binary.LittleEndian, [2]uint32{uint32(img.Rect.Dx()), uint32(img.Rect.Dy())})
			req.Write(img.Pix)
		}
		a, err := r.ask(ctx, req.Bytes())
		if err != nil {
			return ocr.Page{}, err
		}
		if len(a.Lines) != len(ask) {
			return ocr.Page{}, fmt.Errorf("linerec: %d answers for %d lines", len(a.Lines), len(ask))
		}
		for k, i := range ask {
			answers[i] = a.Lines[k]
			memo.put(crops[i], a.Lines[k])
		}
	}
	out := ocr.Page{Width: p.Width, Height: p.Height}
	for i, l := range lines {
		words := decodeLine(answers[i], r.dict, crops[i], l)
		if len(words) > 0 {
			out.Lines = append(out.Lines, ocr.Line{Words: words})
		}
	}
	return out, nil
}

// Memo keeps the network's answers by line crop for the readings of one
// image; it is safe for concurrent use, and a nil Memo keeps nothing.
type Memo struct {
	mu sync.Mutex
	m  map[image.Rectangle]steps
}

// NewMemo returns an empty memo for one image's readings.
func NewMemo() *Memo { return &Memo{m: map[image.Rectangle]steps{}} }

func (m *Memo) get(c image.Rectangle) (steps, bool) {
	if m == nil {
		return steps{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a, ok := m.m[c]
	return a, ok
}

func (m *Memo) put(c image.Rectangle, a steps) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[c] = a
}

// ask sends one request to an idle helper, starting one when the slot has
// none or its last one failed.
func (r *Recognizer) ask(ctx context.Context, req []byte) (answer, error) {
	var h *helper
	select {
	case h = <-r.free:
	case <-ctx.Done():
		return answer{}, ctx.Err()
	}
	if h == nil {
		var err error
		if h, err = startHelper(ctx, r.script); err != nil {
			r.free <- nil
			return answer{}, err
		}
	}
	a, err := h.await(ctx, func() error {
		_, err := h.in.Write(req)
		return err
	})
	if err != nil {
		// The helper's state is unknown (it may be dead or mid-answer):
		// the next request starts a fresh one.
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			h.close()
		}
		r.free <- nil
		return answer{}, err
	}
	r.free <- h
	return a, nil
}

// Close stops the idle helpers.
func (r *Recognizer) Close() {
	for range cap(r.free) {
		if h := <-r.free; h != nil {
			h.close()
		}
	}
}

// cropBox is the part of the image a line is read from: its words' box
// with a margin of a quarter of its height above and below (ascenders,
// descenders and a little skew) and half its height to the sides.
func cropBox(l ocr.Line, bounds image.Rectangle) image.Rectangle {
	var box image.Rectangle
	for i, w := range l.Words {
		wb := image.Rect(w.Left, w.Top, w.Left+w.Width, w.Top+w.Height)
		if i == 0 {
			box = wb
		} else {
			box = box.Union(wb)
		}
	}
	h := box.Dy()
	return image.Rect(box.Min.X-h/2-2, box.Min.Y-h/4-2, box.Max.X+h/2+2, box.Max.Y+h/4+2).Intersect(bounds)
}

// lineImage scales the crop to lineHeight pixels high, keeping its
// proportions up to maxWidth.
func lineImage(g *image.Gray, crop image.Rectangle) *image.Gray {
	w := 16
	if crop.Dy() > 0 {
		w = max(16, min(maxWidth, crop.Dx()*lineHeight/crop.Dy()))
	}
	dst := image.NewGray(image.Rect(0, 0, w, lineHeight))
	if !crop.Empty() {
		draw.CatmullRom.Scale(dst, dst.Bounds(), g, crop, draw.Src, nil)
		stretch(dst.Pix)
	}
	return dst
}

// stretch spreads a line's grey levels over the whole range: the 2nd
// percentile becomes black and the 98th white. Thermal receipts fade to
// grey on grey, and the network was trained on print with full contrast.
// A crop with almost no spread (blank paper) is left as it is.
func stretch(pix []uint8) {
	var hist [256]int
	for _, v := range pix {
		hist[v]++
	}
	lo, hi := percentile(&hist, len(pix), 0.02), percentile(&hist, len(pix), 0.98)
	if hi-lo < 16 {
		return
	}
	for i, v := range pix {
		switch {
		case v <= lo:
			pix[i] = 0
		case v >= hi:
			pix[i] = 255
		default:
			pix[i] = uint8((int(v) - int(lo)) * 255 / (int(hi) - int(lo)))
		}
	}
}

// percentile returns the grey level below which the share q of n pixels lie.
func percentile(hist *[256]int, n int, q float64) uint8 {
	want, seen := int(q*float64(n)), 0
	for v, c := range hist {
		seen += c
		if seen > want {
			return uint8(v)
		}
	}
	return 255
}
