package redact

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"strconv"
	"unicode/utf16"
)

// textItem is one run of text of the invisible layer, with its box in PDF
// points measured from the page's top-left corner.
type textItem struct {
	Text           string
	X0, Y0, X1, Y1 float64
}

// outPage is one page of the rebuilt document.
type outPage struct {
	Image  image.Image // *image.Gray or *image.RGBA
	Width  float64     // page size in points
	Height float64
	Text   []textItem
}

// pdfWriter writes a PDF of page images with an invisible text layer.
//
// The text uses Type 3 fonts whose glyphs draw nothing: a Type 3 font is
// defined inside the PDF itself, so no font file is embedded or looked
// up, and every code carries a ToUnicode entry, so any Unicode text
// (Turkish ı, ş, ğ included) extracts as written. All glyphs are half an
// em wide; each item is stretched with Tz to its box, so a word keeps its
// position whatever its length. A simple font has 256 codes, so codes are
// handed out in order of first use and a new font starts every 256 runes.
type pdfWriter struct {
	w       *countWriter
	offsets []int // offsets[i] is the byte offset of object i+1; 0 = not yet written
	pages   []int // page object numbers
	fonts   []*t3font
	codes   map[rune]fontCode
	pagesID int
}

type fontCode struct {
	font int
	code byte
}

type t3font struct {
	id    int
	runes []rune // runes[code]
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}

func newPDFWriter(w io.Writer) *pdfWriter {
	p := &pdfWriter{w: &countWriter{w: w}, codes: map[rune]fontCode{}}
	p.pagesID = p.alloc()
	// The binary comment line tells transfer tools the file is binary.
	fmt.Fprint(p.w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return p
}

// alloc reserves an object number.
func (p *pdfWriter) alloc() int {
	p.offsets = append(p.offsets, 0)
	return len(p.offsets)
}

func (p *pdfWriter) begin(id int) {
	p.offsets[id-1] = p.w.n
	fmt.Fprintf(p.w, "%d 0 obj\n", id)
}

func (p *pdfWriter) object(id int, body string) {
	p.begin(id)
	fmt.Fprintf(p.w, "%s\nendobj\n", body)
}

func (p *pdfWriter) stream(id int, dict string, data []byte) {
	p.begin(id)
	fmt.Fprintf(p.w, "<<%s/Length %d>>\nstream\n", dict, len(data))
	_, _ = p.w.Write(data)
	fmt.Fprint(p.w, "\nendstream\nendobj\n")
}

// addPage writes one page: its image, its content stream and the page
// object. Fonts are written by finish, once every rune is known.
func (p *pdfWriter) addPage(pg outPage) error {
	imgID, err := p.writeImage(pg.Image)
	if err != nil {
		return err
	}
	var c bytes.Buffer
	fmt.Fprintf(&c, "q %s 0 0 %s 0 0 cm /Im0 Do Q\n", num(pg.Width), num(pg.Height))
	used := map[int]bool{}
	if len(pg.Text) > 0 {
		c.WriteString("BT 3 Tr\n")
		for _, it := range pg.Text {
			p.writeText(&c, it, pg.Height, used)
		}
		c.WriteString("ET\n")
	}
	contentID := p.alloc()
	p.stream(contentID, "/Filter/FlateDecode", deflate(c.Bytes()))
	var fonts bytes.Buffer
	for k := range p.fonts {
		if used[k] {
			fmt.Fprintf(&fonts, "/F%d %d 0 R", k, p.fonts[k].id)
		}
	}
	pageID := p.alloc()
	p.object(pageID, fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 %s %s]/Resources<</XObject<</Im0 %d 0 R>>/Font<<%s>>>>/Contents %d 0 R>>",
		p.pagesID, num(pg.Width), num(pg.Height), imgID, fonts.String(), contentID))
	p.pages = append(p.pages, pageID)
	return nil
}

// The fonts' ascent and descent, in em. Poppler gives a Type 3 font these
// values whatever its FontBBox says, so the FontBBox says the same and
// every reader puts a word's box where the source had it.
const (
	fontAscent  = 0.95
	fontDescent = 0.35
)

// writeText sets one item so that its glyphs fill its box: ascent plus
// descent span the box height, the baseline sits the descent above the
// bottom, and Tz stretches the half-em glyphs to the box width.
func (p *pdfWriter) writeText(c *bytes.Buffer, it textItem, pageH float64, used map[int]bool) {
	runes := []rune(it.Text)
	size := (it.Y1 - it.Y0) / (fontAscent + fontDescent)
	width := it.X1 - it.X0
	if len(runes) == 0 || size <= 0.5 || width <= 0 {
		return
	}
	tz := 100 * width / (float64(len(runes)) * 0.5 * size)
	baseline := pageH - it.Y1 + fontDescent*size
	fmt.Fprintf(c, "%s Tz 1 0 0 1 %s %s Tm", num(tz), num(it.X0), num(baseline))
	cur := -1
	var hex []byte
	flush := func() {
		if len(hex) > 0 {
			fmt.Fprintf(c, " <%s> Tj", hex)
			hex = hex[:0]
		}
	}
	for _, r := range runes {
		fc := p.code(r)
		if fc.font != cur {
			flush()
			fmt.Fprintf(c, " /F%d %s Tf", fc.font, num(size))
			cur = fc.font
			used[cur] = true
		}
		hex = strconv.AppendUint(hex, uint64(fc.code)>>4, 16)
		hex = strconv.AppendUint(hex, uint64(fc.code)&15, 16)
	}
	flush()
	c.WriteByte('\n')
}

// code returns the font and code a rune is written with, assigning one on
// first use.
func (p *pdfWriter) code(r rune) fontCode {
	if fc, ok := p.codes[r]; ok {
		return fc
	}
	k := len(p.fonts) - 1
	if k < 0 || len(p.fonts[k].runes) == 256 {
		p.fonts = append(p.fonts, &t3font{id: p.alloc()})
		k++
	}
	f := p.fonts[k]
	fc := fontCode{font: k, code: byte(len(f.runes))}
	f.runes = append(f.runes, r)
	p.codes[r] = fc
	return fc
}

// writeImage stores the page image as a Flate stream with PNG predictors:
// Go's PNG encoder picks a filter per row, and its compressed rows are
// exactly what a PDF reader decodes with /Predictor 15. Lossless, so the
// painted boxes stay one flat colour.
func (p *pdfWriter) writeImage(img image.Image) (int, error) {
	var colors int
	var space string
	switch img.(type) {
	case *image.Gray:
		colors, space = 1, "DeviceGray"
	case *image.RGBA:
		colors, space = 3, "DeviceRGB"
	default:
		return 0, fmt.Errorf("redact: page image of type %T", img)
	}
	idat, err := pngIDAT(img)
	if err != nil {
		return 0, err
	}
	b := img.Bounds()
	id := p.alloc()
	p.stream(id, fmt.Sprintf("/Type/XObject/Subtype/Image/Width %d/Height %d/ColorSpace/%s/BitsPerComponent 8/Filter/FlateDecode/DecodeParms<</Predictor 15/Colors %d/BitsPerComponent 8/Columns %d>>",
		b.Dx(), b.Dy(), space, colors, b.Dx()), idat)
	return id, nil
}

// finish writes the fonts, the page tree, the catalogue and the
// cross-reference table.
func (p *pdfWriter) finish() error {
	empty := p.alloc()
	// d0 sets the advance only: the glyph paints nothing.
	p.stream(empty, "", []byte("500 0 d0"))
	for _, f := range p.fonts {
		p.writeFont(f, empty)
	}
	var kids bytes.Buffer
	for _, id := range p.pages {
		fmt.Fprintf(&kids, "%d 0 R ", id)
	}
	p.object(p.pagesID, fmt.Sprintf("<</Type/Pages/Kids[%s]/Count %d>>", kids.String(), len(p.pages)))
	catalog := p.alloc()
	p.object(catalog, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R>>", p.pagesID))
	xref := p.w.n
	fmt.Fprintf(p.w, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		fmt.Fprintf(p.w, "%010d 00000 n \n", off)
	}
	_, err := fmt.Fprintf(p.w, "trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, catalog, xref)
	return err
}

func (p *pdfWriter) writeFont(f *t3font, empty int) {
	n := len(f.runes)
	var procs, diffs, widths, cmap bytes.Buffer
	for i := range n {
		fmt.Fprintf(&procs, "/g%d %d 0 R", i, empty)
		fmt.Fprintf(&diffs, "/g%d", i)
		widths.WriteString("500 ")
	}
	// ToUnicode: bfchar blocks of at most 100 entries each.
	cmap.WriteString("/CIDInit/ProcSet findresource begin 12 dict begin begincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/QuarryRedact def\n/CMapType 2 def\n1 begincodespacerange <00> <FF> endcodespacerange\n")
	for start := 0; start < n; start += 100 {
		end := min(start+100, n)
		fmt.Fprintf(&cmap, "%d beginbfchar\n", end-start)
		for i := start; i < end; i++ {
			fmt.Fprintf(&cmap, "<%02X> <", i)
			for _, u := range utf16.Encode([]rune{f.runes[i]}) {
				fmt.Fprintf(&cmap, "%04X", u)
			}
			cmap.WriteString(">\n")
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap CMapName currentdict/CMap defineresource pop end end\n")
	toUni := p.alloc()
	p.stream(toUni, "/Filter/FlateDecode", deflate(cmap.Bytes()))
	p.object(f.id, fmt.Sprintf("<</Type/Font/Subtype/Type3/FontBBox[0 -350 500 950]/FontMatrix[0.001 0 0 0.001 0 0]/CharProcs<<%s>>/Encoding<</Type/Encoding/Differences[0 %s]>>/FirstChar 0/LastChar %d/Widths[%s]/Resources<<>>/ToUnicode %d 0 R>>",
		procs.String(), diffs.String(), n-1, widths.String(), toUni))
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	zw := zlib.NewWriter(&out)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// pngIDAT encodes img as PNG and returns the concatenated IDAT payloads,
// which form one zlib stream of predictor-filtered rows.
func pngIDAT(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	b := buf.Bytes()[8:] // signature
	var out []byte
	for len(b) >= 12 {
		n := int(uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3]))
		if n < 0 || 12+n > len(b) {
			return nil, fmt.Errorf("redact: malformed PNG chunk")
		}
		if string(b[4:8]) == "IDAT" {
			out = append(out, b[8:8+n]...)
		}
		b = b[12+n:]
	}
	return out, nil
}

// num formats a number the short way PDF content streams like.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64)
}
