package linerec

import (
	"image"
	"testing"
)

// A faded line (grey ink on grey paper) is spread over the whole range
// before the network reads it; blank paper is left alone.
func TestStretchSpreadsAFadedLine(t *testing.T) {
	t.Parallel()
	pix := make([]uint8, 1000)
	for i := range pix {
		pix[i] = 170 // paper
		if i%10 == 0 {
			pix[i] = 120 // faded ink
		}
	}
	pix[1] = 150 // a pixel between the two
	stretch(pix)
	if pix[0] != 0 || pix[2] != 255 {
		t.Errorf("ink %d, paper %d after stretching, want 0 and 255", pix[0], pix[2])
	}
	if pix[1] != uint8((150-120)*255/(170-120)) {
		t.Errorf("a grey between ink and paper became %d, want it scaled in between", pix[1])
	}

	blank := make([]uint8, 1000)
	for i := range blank {
		blank[i] = 200 + uint8(i%8) // paper grain only
	}
	before := append([]uint8(nil), blank...)
	stretch(blank)
	for i := range blank {
		if blank[i] != before[i] {
			t.Fatalf("blank paper changed at %d: %d -> %d", i, before[i], blank[i])
		}
	}
}

// lineImage stretches what it scales: a crop of faded ink comes out black
// on white.
func TestLineImageHasFullContrast(t *testing.T) {
	t.Parallel()
	g := image.NewGray(image.Rect(0, 0, 200, 40))
	for i := range g.Pix {
		g.Pix[i] = 180
	}
	for x := 20; x < 180; x += 8 {
		for y := 12; y < 28; y++ {
			g.Pix[y*g.Stride+x] = 110
			g.Pix[y*g.Stride+x+1] = 110
		}
	}
	img := lineImage(g, g.Bounds())
	lo, hi := uint8(255), uint8(0)
	for _, v := range img.Pix {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 255 {
		t.Errorf("line image spans %d..%d, want 0..255", lo, hi)
	}
}
