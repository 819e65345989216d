package ocr

import (
	"context"
	"time"
)

// Page segmentation modes Quarry uses: PSMAuto lets Tesseract find the
// blocks (columns, headers); PSMColumn reads one column of text of varied
// sizes and PSMBlock one uniform block. Receipts are one narrow column
// whose right-aligned amounts the automatic mode sometimes drops as a
// separate block; the other modes keep them on their lines.
const (
	PSMAuto   = "3"
	PSMColumn = "4"
	PSMBlock  = "6"
)

// RecognizeMode is Recognize with a page segmentation mode.
func (e *Engine) RecognizeMode(ctx context.Context, path, langs, psm string, timeout time.Duration) ([]Page, error) {
	if e == nil || e.Path == "" {
		return nil, ErrNoEngine
	}
	if langs == "" {
		langs = "eng"
	}
	if psm == "" {
		psm = PSMAuto
	}
	if err := e.acquire(ctx); err != nil {
		return nil, err
	}
	defer e.release()
	args := append([]string{path, "-", "--psm", psm}, e.outArgs(langs)...)
	out, _, err := e.run(ctx, e.limit(timeout), nil, e.Path, args...)
	if err != nil {
		return nil, err
	}
	return ParseTSV(out)
}

// Score rates a reading for choosing between two readings of one image:
// each word that carries at least two letters or digits adds its
// confidence above one half, so more words read surely beat fewer, noise
// read as low-confidence words ("ee", "oe") costs, and specks read as "."
// or "~" count for nothing.
func (p Page) Score() float64 {
	var s float64
	for _, l := range p.Lines {
		for _, w := range l.Words {
			n := 0
			for _, r := range w.Text {
				if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 {
					n++
				}
			}
			if n >= 2 {
				s += w.Conf - 0.5
			}
		}
	}
	return s
}
