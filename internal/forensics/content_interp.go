package forensics

import "math"

// The interpreter follows just enough of the PDF graphics model to know,
// for every piece of text, where it lands on the page, in which font and
// size, in which fill colour and render mode, and what was painted before
// and after it. It does not rasterise; glyph advances are estimated (half
// an em per glyph), which places a run's start exactly and its end
// roughly: the checks that use extents allow for that.

// matrix is a PDF affine transform [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n (apply m first, then n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// Rect is an axis-aligned box in PDF user space (points, y up).
type Rect struct{ X0, Y0, X1, Y1 float64 }

func (r Rect) w() float64 { return r.X1 - r.X0 }
func (r Rect) h() float64 { return r.Y1 - r.Y0 }

func (r Rect) area() float64 {
	if r.X1 <= r.X0 || r.Y1 <= r.Y0 {
		return 0
	}
	return r.w() * r.h()
}

func (r Rect) intersect(o Rect) Rect {
	return Rect{math.Max(r.X0, o.X0), math.Max(r.Y0, o.Y0), math.Min(r.X1, o.X1), math.Min(r.Y1, o.Y1)}
}

// grow widens r by share of its width and height on every side.
func (r Rect) grow(share float64) Rect {
	dx, dy := r.w()*share, r.h()*share
	return Rect{r.X0 - dx, r.Y0 - dy, r.X1 + dx, r.Y1 + dy}
}

func (r Rect) contains(x, y float64) bool { return x >= r.X0 && x <= r.X1 && y >= r.Y0 && y <= r.Y1 }

// coveredBy is the share of r's area inside o.
func (r Rect) coveredBy(o Rect) float64 {
	a := r.area()
	if a == 0 {
		return 0
	}
	return r.intersect(o).area() / a
}

// boundsOf is the box around points transformed by m.
func boundsOf(m matrix, pts ...[2]float64) Rect {
	r := Rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		x, y := m.apply(p[0], p[1])
		r.X0, r.Y0 = math.Min(r.X0, x), math.Min(r.Y0, y)
		r.X1, r.Y1 = math.Max(r.X1, x), math.Max(r.Y1, y)
	}
	return r
}

// TextRun is one text-showing operator's output.
type TextRun struct {
	// X, Y is where the run starts (its origin), exact in user space.
	X, Y     float64
	Box      Rect    // estimated extent in user space
	Size     float64 // effective font size in points
	Font     string  // the font's base name, subset prefix removed
	White    bool    // filled in white (or nearly)
	Mode     int     // text render mode (3 and 7 draw nothing)
	Glyphs   int
	Order    int  // painting order on the page
	Rise     bool // shown with a text rise (super- or subscript)
	Printing bool // the bytes hold something other than spaces
}

// Invisible reports whether the run paints nothing (render mode 3 or 7).
func (t TextRun) Invisible() bool { return t.Mode == 3 || t.Mode == 7 }

// Paint is an image or a filled area.
type Paint struct {
	Box   Rect
	Order int
	Image bool
	White bool // a filled area in white (or nearly)
	// Masked paints are see-through (a soft mask, a fill alpha below 1,
	// a blend mode) and may let what is under them show.
	Masked bool
}

// fontInfo is what the interpreter needs of a font resource.
type fontInfo struct {
	name    string
	twoByte bool // Type0 fonts use two bytes per glyph
}

// resources looks up a content stream's named resources.
type resources interface {
	font(name string) fontInfo
	// xobject returns an image's mask flag, or a form's content,
	// resources and matrix.
	xobject(name string) (image, masked bool, form *formXObject)
	// translucent reports whether a graphics state dictionary makes
	// fills see-through (fill alpha below 1, or a blend mode).
	translucent(name string) bool
}

type formXObject struct {
	content []byte
	res     resources
	matrix  matrix
}

type gstate struct {
	ctm                  matrix
	fillWhite            bool
	fillSpace            string // the last "cs" operand
	font                 fontInfo
	size, leading, scale float64
	charSpace, wordSpace float64
	rise                 float64
	mode                 int
	translucent          bool
}

type interp struct {
	page    *PageContent
	budget  int // operators left
	order   int
	gs      gstate
	stack   []gstate
	tm, tlm matrix
	path    Rect
	hasPath bool
	ops     []token
	depth   int
}

func newInterp(page *PageContent, budget int) *interp {
	return &interp{page: page, budget: budget, gs: gstate{ctm: identity, scale: 1}}
}

// run interprets one content stream with its resources.
func (in *interp) run(content []byte, res resources) {
	lx := &lexer{b: content}
	for in.budget > 0 {
		t, ok := lx.next(0)
		if !ok {
			return
		}
		if t.kind != tokOp {
			if len(in.ops) < 64 {
				in.ops = append(in.ops, t)
			}
			continue
		}
		in.budget--
		if string(t.str) == "ID" {
			in.inlineImage()
			lx.skipInlineImage()
		} else {
			in.op(string(t.str), res)
		}
		in.ops = in.ops[:0]
	}
}

func (in *interp) nums(n int) ([]float64, bool) {
	if len(in.ops) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, t := range in.ops[len(in.ops)-n:] {
		if t.kind != tokNumber {
			return nil, false
		}
		out[i] = t.num
	}
	return out, true
}

func (in *interp) lastName() string {
	for i := len(in.ops) - 1; i >= 0; i-- {
		if in.ops[i].kind == tokName {
			return string(in.ops[i].str)
		}
	}
	return ""
}

func (in *interp) op(op string, res resources) {
	switch op {
	case "q":
		if len(in.stack) < 64 {
			in.stack = append(in.stack, in.gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			in.gs, in.stack = in.stack[n-1], in.stack[:n-1]
		}
	case "cm":
		if v, ok := in.nums(6); ok {
			in.gs.ctm = matrix(v).mul(in.gs.ctm)
		}
	case "g", "rg", "k", "sc", "scn":
		in.setFill(op)
	case "cs":
		in.gs.fillWhite = false
		in.gs.fillSpace = in.lastName()
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tf":
		if v, ok := in.nums(1); ok {
			in.gs.size = v[0]
		}
		if res != nil {
			in.gs.font = res.font(in.lastName())
		}
	case "Tr":
		if v, ok := in.nums(1); ok {
			in.gs.mode = int(v[0])
		}
	case "Ts":
		if v, ok := in.nums(1); ok {
			in.gs.rise = v[0]
		}
	case "TL":
		if v, ok := in.nums(1); ok {
			in.gs.leading = v[0]
		}
	case "Tz":
		if v, ok := in.nums(1); ok {
			in.gs.scale = v[0] / 100
		}
	case "Tc":
		if v, ok := in.nums(1); ok {
			in.gs.charSpace = v[0]
		}
	case "Tw":
		if v, ok := in.nums(1); ok {
			in.gs.wordSpace = v[0]
		}
	case "Td", "TD":
		if v, ok := in.nums(2); ok {
			if op == "TD" {
				in.gs.leading = -v[1]
			}
			in.tlm = matrix{1, 0, 0, 1, v[0], v[1]}.mul(in.tlm)
			in.tm = in.tlm
		}
	case "Tm":
		if v, ok := in.nums(6); ok {
			in.tlm, in.tm = matrix(v), matrix(v)
		}
	case "T*":
		in.nextLine()
	case "Tj", "'", "\"":
		if op != "Tj" {
			in.nextLine()
		}
		if n := len(in.ops); n > 0 && in.ops[n-1].kind == tokString {
			in.show(in.ops[n-1].str, nil)
		}
	case "TJ":
		if n := len(in.ops); n > 0 && in.ops[n-1].kind == tokArray {
			in.show(nil, in.ops[n-1].arr)
		}
	case "re":
		if v, ok := in.nums(4); ok {
			in.addPath(boundsOf(in.gs.ctm, [2]float64{v[0], v[1]}, [2]float64{v[0] + v[2], v[1] + v[3]}))
		}
	case "m", "l":
		if v, ok := in.nums(2); ok {
			in.addPath(boundsOf(in.gs.ctm, [2]float64{v[0], v[1]}))
		}
	case "c":
		if v, ok := in.nums(6); ok {
			in.addPath(boundsOf(in.gs.ctm, [2]float64{v[0], v[1]}, [2]float64{v[2], v[3]}, [2]float64{v[4], v[5]}))
		}
	case "v", "y":
		if v, ok := in.nums(4); ok {
			in.addPath(boundsOf(in.gs.ctm, [2]float64{v[0], v[1]}, [2]float64{v[2], v[3]}))
		}
	case "f", "F", "f*", "B", "B*", "b", "b*":
		if in.hasPath {
			in.paint(Paint{Box: in.path, White: in.gs.fillWhite, Masked: in.gs.translucent})
		}
		in.hasPath = false
	case "n", "S", "s":
		in.hasPath = false
	case "Do":
		in.do(in.lastName(), res)
	case "gs":
		if res != nil {
			in.gs.translucent = res.translucent(in.lastName())
		}
	}
}

// setFill reads a fill colour's operands: 1 gray, 3 RGB or 4 CMYK
// components. A pattern, an unknown count, or one component in a space
// other than DeviceGray (a separation's tint 1 is full ink) reads as not
// white.
func (in *interp) setFill(op string) {
	var comps []float64
	for _, t := range in.ops {
		if t.kind == tokNumber {
			comps = append(comps, t.num)
		}
	}
	white := false
	if len(comps) == 1 && op != "g" && in.gs.fillSpace != "DeviceGray" && in.gs.fillSpace != "G" {
		comps = nil
	}
	switch len(comps) {
	case 1, 3:
		white = true
		for _, c := range comps {
			white = white && c >= 0.95
		}
	case 4:
		white = comps[0] <= 0.05 && comps[1] <= 0.05 && comps[2] <= 0.05 && comps[3] <= 0.05
	}
	in.gs.fillWhite = white
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.leading}.mul(in.tlm)
	in.tm = in.tlm
}

func (in *interp) addPath(r Rect) {
	if !in.hasPath {
		in.path, in.hasPath = r, true
		return
	}
	in.path = Rect{math.Min(in.path.X0, r.X0), math.Min(in.path.Y0, r.Y0), math.Max(in.path.X1, r.X1), math.Max(in.path.Y1, r.Y1)}
}

func (in *interp) paint(p Paint) {
	in.order++
	p.Order = in.order
	if len(in.page.Paints) < maxPaints {
		in.page.Paints = append(in.page.Paints, p)
	}
}

// maxPaints and maxRuns bound what one page may record.
const (
	maxPaints = 20000
	maxRuns   = 50000
)

// show records the text one Tj (str) or TJ (arr) paints and advances the
// text matrix past it.
func (in *interp) show(str []byte, arr []token) {
	const em = 0.5 // estimated glyph advance, in ems
	size, hs := in.gs.size, in.gs.scale
	trm := in.tm.mul(in.gs.ctm)
	start := [2]float64{0, in.gs.rise}
	adv, glyphs, printing := 0.0, 0, false
	add := func(s []byte) {
		n := len(s)
		if in.gs.font.twoByte {
			n /= 2
		}
		for _, c := range s {
			if c != ' ' && c != 0 && !(in.gs.font.twoByte && c == 3) {
				printing = true
			}
		}
		glyphs += n
		adv += (float64(n)*(em*size+in.gs.charSpace) + float64(countSpaces(s, in.gs.font))*in.gs.wordSpace) * hs
	}
	if arr == nil {
		add(str)
	}
	for _, e := range arr {
		switch e.kind {
		case tokString:
			add(e.str)
		case tokNumber:
			adv -= e.num / 1000 * size * hs
		}
	}
	box := boundsOf(trm, start, [2]float64{adv, in.gs.rise + size})
	in.tm = matrix{1, 0, 0, 1, adv, 0}.mul(in.tm)
	if glyphs == 0 {
		return
	}
	// The effective size is how tall an em is on the page.
	x0, y0 := trm.apply(0, 0)
	x1, y1 := trm.apply(0, size)
	in.order++
	if len(in.page.Runs) < maxRuns {
		in.page.Runs = append(in.page.Runs, TextRun{
			X: x0, Y: y0, Box: box, Size: math.Hypot(x1-x0, y1-y0), Font: in.gs.font.name, White: in.gs.fillWhite,
			Mode: in.gs.mode, Glyphs: glyphs, Order: in.order, Rise: in.gs.rise != 0, Printing: printing,
		})
	}
}

func countSpaces(s []byte, f fontInfo) int {
	if f.twoByte {
		return 0 // word spacing applies to single-byte code 32 only
	}
	n := 0
	for _, c := range s {
		if c == ' ' {
			n++
		}
	}
	return n
}

// unitSquare is where images and inline images land: the unit square
// under the current transform.
func (in *interp) unitSquare() Rect {
	return boundsOf(in.gs.ctm, [2]float64{0, 0}, [2]float64{1, 0}, [2]float64{0, 1}, [2]float64{1, 1})
}

func (in *interp) inlineImage() {
	in.paint(Paint{Box: in.unitSquare(), Image: true})
}

func (in *interp) do(name string, res resources) {
	if res == nil || name == "" {
		return
	}
	image, masked, form := res.xobject(name)
	switch {
	case image:
		in.paint(Paint{Box: in.unitSquare(), Image: true, Masked: masked || in.gs.translucent})
	case form != nil && in.depth < 8:
		saved := in.gs
		savedStack := len(in.stack)
		in.gs.ctm = form.matrix.mul(in.gs.ctm)
		in.depth++
		ops := in.ops
		in.ops = nil
		in.run(form.content, form.res)
		in.ops = ops
		in.depth--
		in.gs = saved
		in.stack = in.stack[:min(savedStack, len(in.stack))]
	}
}
