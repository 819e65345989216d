package doc

import "math"

// Box is an axis-aligned rectangle in normalised page coordinates: [0,1] on
// both axes, origin at the top-left corner.
type Box struct {
	X0, Y0, X1, Y1 float64
}

// IsZero reports whether the box is unset.
func (b Box) IsZero() bool { return b == Box{} }

// Width returns X1-X0.
func (b Box) Width() float64 { return b.X1 - b.X0 }

// Height returns Y1-Y0.
func (b Box) Height() float64 { return b.Y1 - b.Y0 }

// Area returns the box area (0 for degenerate boxes).
func (b Box) Area() float64 {
	w, h := b.Width(), b.Height()
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// CenterY returns the vertical centre.
func (b Box) CenterY() float64 { return (b.Y0 + b.Y1) / 2 }

// CenterX returns the horizontal centre.
func (b Box) CenterX() float64 { return (b.X0 + b.X1) / 2 }

// HoldsCentre reports whether o's centre lies inside b grown by slack on
// every side: the test for "this word is part of the value at that box".
func (b Box) HoldsCentre(o Box, slack float64) bool {
	cx, cy := o.CenterX(), o.CenterY()
	return cx >= b.X0-slack && cx <= b.X1+slack && cy >= b.Y0-slack && cy <= b.Y1+slack
}

// Union returns the smallest box covering both. A zero box is the identity.
func (b Box) Union(o Box) Box {
	if b.IsZero() {
		return o
	}
	if o.IsZero() {
		return b
	}
	return Box{
		X0: math.Min(b.X0, o.X0), Y0: math.Min(b.Y0, o.Y0),
		X1: math.Max(b.X1, o.X1), Y1: math.Max(b.Y1, o.Y1),
	}
}

// Intersect returns the overlap of two boxes (zero when they do not meet).
func (b Box) Intersect(o Box) Box {
	r := Box{
		X0: math.Max(b.X0, o.X0), Y0: math.Max(b.Y0, o.Y0),
		X1: math.Min(b.X1, o.X1), Y1: math.Min(b.Y1, o.Y1),
	}
	if r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		return Box{}
	}
	return r
}

// IoU returns the intersection over union of two boxes.
func (b Box) IoU(o Box) float64 {
	inter := b.Intersect(o).Area()
	if inter == 0 {
		return 0
	}
	return inter / (b.Area() + o.Area() - inter)
}

// Clamp limits every coordinate to [0,1]. NaN stays NaN and -0 becomes
// 0, as math.Max(0, math.Min(1, v)) has them; plain comparisons give the
// same in a fraction of the time, and every word of every page is
// clamped once.
func (b Box) Clamp() Box {
	return Box{X0: clamp01(b.X0), Y0: clamp01(b.Y0), X1: clamp01(b.X1), Y1: clamp01(b.Y1)}
}

func clamp01(v float64) float64 {
	switch {
	case v <= 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// Normalize converts an absolute box in a w x h page to normalised
// coordinates, clamped to [0,1].
func Normalize(x0, y0, x1, y1, w, h float64) Box {
	if w <= 0 || h <= 0 {
		return Box{}
	}
	return Box{X0: x0 / w, Y0: y0 / h, X1: x1 / w, Y1: y1 / h}.Clamp()
}
