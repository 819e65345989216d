package bizdocs

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/quarrydev/quarry/internal/doc"
)

// ScanOptions say how badly a scan is degraded.
type ScanOptions struct {
	DPI   int     // raster resolution (150 by default)
	Skew  float64 // maximum rotation in degrees, drawn in [-Skew, Skew]
	Noise float64 // standard deviation of grey-level noise (0..255)
	Blur  bool    // a 3x3 box blur, as from a soft scanner focus
}

// DefaultScan is a plausible office scan: 150 dpi, up to 0.8 degree of
// skew, light noise and blur.
var DefaultScan = ScanOptions{DPI: 150, Skew: 0.8, Noise: 12, Blur: true}

// Scan rasterises page 1 of a generated document with pdftoppm, degrades
// it, and returns the PNG with the truth moved to where the rotation put
// the words (each box becomes the bounding box of its rotated corners).
func Scan(d *Doc, o ScanOptions, seed uint64) ([]byte, *Doc, error) {
	if o.DPI == 0 {
		o.DPI = 150
	}
	dir, err := os.MkdirTemp("", "bizdocs-scan")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "d.pdf")
	if err := os.WriteFile(in, d.PDF, 0o600); err != nil {
		return nil, nil, err
	}
	out := filepath.Join(dir, "p")
	if b, err := exec.Command("pdftoppm", "-r", fmt.Sprint(o.DPI), "-gray", "-png", "-singlefile", "-f", "1", "-l", "1", in, out).CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("pdftoppm: %v: %s", err, b)
	}
	raw, err := os.ReadFile(out + ".png")
	if err != nil {
		return nil, nil, err
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, err
	}
	r := rand.New(rand.NewPCG(seed, 17))
	angle := (r.Float64()*2 - 1) * o.Skew * math.Pi / 180
	g := degrade(img, angle, o, r)
	var buf bytes.Buffer
	if err := png.Encode(&buf, g); err != nil {
		return nil, nil, err
	}
	b := img.Bounds()
	truth := *d
	truth.Fields = map[string]Value{}
	for k, v := range d.Fields {
		v.Box = rotateBox(v.Box, angle, float64(b.Dx()), float64(b.Dy()))
		truth.Fields[k] = v
	}
	truth.Rows = nil
	for _, row := range d.Rows {
		m := map[string]Value{}
		for k, v := range row {
			v.Box = rotateBox(v.Box, angle, float64(b.Dx()), float64(b.Dy()))
			m[k] = v
		}
		truth.Rows = append(truth.Rows, m)
	}
	return buf.Bytes(), &truth, nil
}

// degrade rotates about the page centre (bilinear, white fill), blurs and
// adds noise.
func degrade(src image.Image, angle float64, o ScanOptions, r *rand.Rand) *image.Gray {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	grey := image.NewGray(b)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			grey.Set(x, y, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 255
		}
		return float64(grey.Pix[y*grey.Stride+x])
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)/2
	sin, cos := math.Sin(angle), math.Cos(angle)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			// Inverse mapping: where in the source does this pixel come from.
			dx, dy := float64(x)-cx, float64(y)-cy
			sx := cos*dx + sin*dy + cx
			sy := -sin*dx + cos*dy + cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			fx, fy := sx-float64(x0), sy-float64(y0)
			v := at(x0, y0)*(1-fx)*(1-fy) + at(x0+1, y0)*fx*(1-fy) + at(x0, y0+1)*(1-fx)*fy + at(x0+1, y0+1)*fx*fy
			out.Pix[y*out.Stride+x] = uint8(v)
		}
	}
	if o.Blur {
		bl := image.NewGray(out.Bounds())
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var s float64
				for k := -1; k <= 1; k++ {
					for l := -1; l <= 1; l++ {
						xx, yy := min(max(x+l, 0), w-1), min(max(y+k, 0), h-1)
						s += float64(out.Pix[yy*out.Stride+xx])
					}
				}
				bl.Pix[y*bl.Stride+x] = uint8(s / 9)
			}
		}
		out = bl
	}
	if o.Noise > 0 {
		for i := range out.Pix {
			v := float64(out.Pix[i]) + r.NormFloat64()*o.Noise
			out.Pix[i] = uint8(math.Max(0, math.Min(255, v)))
		}
	}
	return out
}

// rotateBox applies the forward rotation used by degrade to a normalised
// box and returns the bounding box of its corners.
func rotateBox(bx doc.Box, angle, w, h float64) doc.Box {
	if bx.IsZero() {
		return bx
	}
	cx, cy := w/2, h/2
	sin, cos := math.Sin(angle), math.Cos(angle)
	var out doc.Box
	first := true
	for _, p := range [][2]float64{{bx.X0, bx.Y0}, {bx.X1, bx.Y0}, {bx.X0, bx.Y1}, {bx.X1, bx.Y1}} {
		dx, dy := p[0]*w-cx, p[1]*h-cy
		// Forward of the inverse mapping in degrade.
		x := cos*dx - sin*dy + cx
		y := sin*dx + cos*dy + cy
		c := doc.Box{X0: x / w, Y0: y / h, X1: x / w, Y1: y / h}
		if first {
			out, first = c, false
			continue
		}
		out.X0, out.Y0 = math.Min(out.X0, c.X0), math.Min(out.Y0, c.Y0)
		out.X1, out.Y1 = math.Max(out.X1, c.X1), math.Max(out.Y1, c.Y1)
	}
	return out.Clamp()
}
