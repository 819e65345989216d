package ingest

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/linerec"
	"github.com/quarrydev/quarry/internal/ocr"
)

var fadedLines = []string{
	"TOTAL AMOUNT 57.80",
	"CASH 100.00",
	"CHANGE 42.20",
	"THANK YOU PLEASE COME AGAIN",
}

// fadedReceipt draws text in a grey barely darker than its grey paper, at
// a small size: the thermal receipt that has sat in a wallet.
func fadedReceipt(t *testing.T, paper, ink uint8, size float64) *image.Gray {
	t.Helper()
	return drawLines(t, fadedLines, paper, ink, size)
}

// drawLines draws lines of text on a 360-pixel-wide page.
func drawLines(t *testing.T, lines []string, paper, ink uint8, size float64) *image.Gray {
	t.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	defer face.Close()
	img := image.NewGray(image.Rect(0, 0, 360, 40+int(size*2)*len(lines)))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.Gray{paper}}, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: &image.Uniform{color.Gray{ink}}, Face: face}
	for i, s := range lines {
		d.Dot = fixed.P(20, 30+int(size*2)*i)
		d.DrawString(s)
	}
	return img
}

func pageText(p ocr.Page) string {
	var b strings.Builder
	for _, l := range p.Lines {
		for _, w := range l.Words {
			b.WriteString(w.Text)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestOCRRetryFadedImage reads a faded receipt in small type: the first
// reading is poor enough to be retried, and the reading kept finds the
// words.
func TestOCRRetryFadedImage(t *testing.T) {
	t.Parallel()
	eng := FindEngines()
	if eng.Tesseract == "" {
		t.Skip("tesseract is not installed")
	}
	img := fadedReceipt(t, 150, 142, 8)
	path, cleanup, err := TempFile(encodePNG(img), ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	s, err := newOCRSession(&Env{Limits: DefaultLimits(), Engines: eng}, "en")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := s.eng.Recognize(ctx, path, "eng", s.timeout)
	if err != nil || len(first) != 1 {
		t.Fatalf("first reading: %v, %d pages", err, len(first))
	}
	if !needsRetry(first[0]) {
		t.Fatalf("the faded image read well at once (%q); it no longer tests the retry", pageText(first[0]))
	}
	kept := s.retry(ctx, path, first[0], s.blockReading(ctx, path))
	if kept.Score() < first[0].Score() {
		t.Errorf("kept a worse reading: %.2f < %.2f", kept.Score(), first[0].Score())
	}
	// Letters 8 px high on grey: each model misreads a letter or a digit
	// here (the fast model "57.30" and "166.06", the integer-best one
	// "CHANGLC"), so four of the five words are asked for.
	text := pageText(kept)
	found := 0
	for _, want := range []string{"TOTAL", "AMOUNT", "CASH", "CHANGE", "AGAIN"} {
		if strings.Contains(text, want) {
			found++
		}
	}
	if found < 4 {
		t.Errorf("retried reading %q finds %d of 5 words (first reading: %q)", text, found, pageText(first[0]))
	}
	if kept.Width != img.Bounds().Dx() || kept.Height != img.Bounds().Dy() {
		t.Errorf("kept page is %dx%d, want the file's %dx%d", kept.Width, kept.Height, img.Bounds().Dx(), img.Bounds().Dy())
	}
}

// TestImageCleaning checks the preprocessing steps on known pixels.
func TestImageCleaning(t *testing.T) {
	t.Parallel()
	g := image.NewGray(image.Rect(0, 0, 100, 10))
	for i := range g.Pix {
		g.Pix[i] = 140 // paper
		if i%10 < 3 {
			g.Pix[i] = 110 // ink
		}
	}
	if th := otsu(g); th < 110 || th >= 140 {
		t.Errorf("otsu threshold %d, want between ink 110 and paper 140", th)
	}
	s := stretchContrast(g)
	if s.Pix[0] != 0 || s.Pix[5] != 255 {
		t.Errorf("stretched ink %d and paper %d, want 0 and 255", s.Pix[0], s.Pix[5])
	}
	b := binarize(g)
	if b.Pix[0] != 0 || b.Pix[5] != 255 {
		t.Errorf("binarised ink %d and paper %d, want 0 and 255", b.Pix[0], b.Pix[5])
	}
	u := upscale2(g)
	if u.Bounds().Dx() != 200 || u.Bounds().Dy() != 20 {
		t.Errorf("upscaled to %v, want 200x20", u.Bounds())
	}
	p := shrinkPage(ocr.Page{Width: 200, Height: 20, Lines: []ocr.Line{{Words: []ocr.Word{{Text: "x", Left: 10, Top: 4, Width: 8, Height: 6}}}}}, 2)
	if w := p.Lines[0].Words[0]; p.Width != 100 || w.Left != 5 || w.Top != 2 || w.Width != 4 || w.Height != 3 {
		t.Errorf("shrunk page %+v", p)
	}
}

// TestNarrowColumn: a till roll's 40-character lines are one narrow
// column, an invoice's 90-character page is not, and a page with too few
// sure words is not judged narrow.
func TestNarrowColumn(t *testing.T) {
	t.Parallel()
	// page lays out rows of words 10 px per character, spanning chars.
	page := func(chars, rows int, conf float64) ocr.Page {
		var p ocr.Page
		for r := 0; r < rows; r++ {
			left := ocr.Word{Text: "TOTAL", Left: 100, Top: 30 * r, Width: 50, Height: 20, Conf: conf}
			right := ocr.Word{Text: "57.80", Left: 100 + chars*10 - 50, Top: 30 * r, Width: 50, Height: 20, Conf: conf}
			p.Lines = append(p.Lines, ocr.Line{Words: []ocr.Word{left, right}})
		}
		return p
	}
	if !narrowColumn(page(40, 6, 0.9)) {
		t.Error("a 40-character column is a till roll")
	}
	if narrowColumn(page(90, 6, 0.9)) {
		t.Error("a 90-character page is not one narrow column")
	}
	if narrowColumn(page(40, 2, 0.9)) {
		t.Error("four sure words are too few to judge")
	}
	if narrowColumn(page(40, 4, 0.9)) {
		t.Error("a four-line note is not a till roll")
	}
	if narrowColumn(page(40, 6, 0.5)) {
		t.Error("unsure words do not count")
	}
}

// TestTillRollAfterRetry: a page whose first reading is too poor to show
// a column is a till roll when its retry shows one, and only then; a page
// that reads well is not retried.
func TestTillRollAfterRetry(t *testing.T) {
	t.Parallel()
	rows := func(n int, conf float64) ocr.Page {
		var p ocr.Page
		for r := 0; r < n; r++ {
			p.Lines = append(p.Lines, ocr.Line{Words: []ocr.Word{
				{Text: "TOTAL", Left: 100, Top: 30 * r, Width: 50, Height: 20, Conf: conf},
				{Text: "57.80", Left: 400, Top: 30 * r, Width: 50, Height: 20, Conf: conf},
			}})
		}
		return p
	}
	wide := rows(10, 0.9)
	for i := range wide.Lines {
		wide.Lines[i].Words[1].Left = 1200 // 115 characters across
	}
	retries := 0
	retryWith := func(p ocr.Page) func(ocr.Page) ocr.Page {
		return func(ocr.Page) ocr.Page { retries++; return p }
	}
	cases := []struct {
		name        string
		first, then ocr.Page
		roll        bool
		retried     int
	}{
		{"a narrow first reading is a till roll", rows(8, 0.9), ocr.Page{}, true, 0},
		{"a poor first reading whose retry is narrow is one", rows(3, 0.5), rows(8, 0.9), true, 1},
		{"a poor first reading whose retry is wide is not", rows(3, 0.5), wide, false, 1},
		{"a wide page that reads well is neither retried nor one", wide, rows(8, 0.9), false, 0},
	}
	for _, c := range cases {
		retries = 0
		got, roll := tillRoll(c.first, retryWith(c.then))
		if roll != c.roll || retries != c.retried {
			t.Errorf("%s: roll %v after %d retries, want %v after %d", c.name, roll, retries, c.roll, c.retried)
		}
		if want := c.first; c.retried > 0 {
			if len(got.Lines) != len(c.then.Lines) {
				t.Errorf("%s: kept %d lines, want the retry's %d", c.name, len(got.Lines), len(c.then.Lines))
			}
		} else if len(got.Lines) != len(want.Lines) {
			t.Errorf("%s: kept %d lines, want the first reading's %d", c.name, len(got.Lines), len(want.Lines))
		}
	}
}

// TestOCRWithBetterModels reads a clean rendered receipt with the model
// tools/tessdata installs (QUARRY_TESSDATA=npm): a run that used the
// folder wrongly (Tesseract then prints plain text and exits 0) would come
// back without words.
func TestOCRWithBetterModels(t *testing.T) {
	t.Parallel()
	eng := FindEngines()
	if eng.Tesseract == "" {
		t.Skip("tesseract is not installed")
	}
	dir := ocr.NPMModels()
	if dir == "" {
		fixture.Missing(t, "tools/tessdata's model is not installed (scripts/deps.sh installs it)")
	}
	path, cleanup, err := TempFile(encodePNG(fadedReceipt(t, 255, 0, 16)), ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	e := ocr.New(eng.Tesseract, 1, RunTool)
	e.Models = dir
	pages, err := e.RecognizeMode(context.Background(), path, "eng", ocr.PSMBlock, 0)
	if err != nil || len(pages) != 1 {
		t.Fatalf("reading with %s: %v, %d pages", dir, err, len(pages))
	}
	text := pageText(pages[0])
	for _, want := range []string{"TOTAL", "57.80", "CHANGE", "AGAIN"} {
		if !strings.Contains(text, want) {
			t.Errorf("reading %q misses %s", text, want)
		}
	}
}

// TestTillRollReadings: a one-image till roll comes back with the other
// readings extraction votes with (the automatic segmentation's, both
// modes with the second model build when tools/tessdata installed it, and
// the line recogniser's rereadings of those when tools/linerec did),
// each a one-page layout of the same size; a page of two lines gets none.
func TestTillRollReadings(t *testing.T) {
	t.Parallel()
	eng := FindEngines()
	if eng.Tesseract == "" {
		fixture.Missing(t, "tesseract is not installed (scripts/deps.sh installs it)")
	}
	roll := []string{"KEDAI RUNCIT SDN BHD", "NO 5 JALAN BESAR", "43000 KAJANG", "TOTAL 57.80", "CASH 100.00", "CHANGE 42.20", "THANK YOU"}
	load := func(lines []string) *File {
		t.Helper()
		files, err := NewLoader(DefaultLimits(), eng).Load(context.Background(),
			Input{Name: "roll.png", Data: encodePNG(drawLines(t, lines, 255, 0, 16))})
		if err != nil || len(files) != 1 {
			t.Fatalf("load: %v (%d files)", err, len(files))
		}
		return files[0]
	}
	f := load(roll)
	want := 1
	if ocr.NPMModels() != "" {
		want = 3
	} else {
		t.Log("tools/tessdata's model is not installed: only the automatic reading is kept")
	}
	if linerec.Shared() != nil {
		want++ // the line recogniser's rereading of the kept reading
		if ocr.NPMModels() != "" {
			want += 2 // and of the second model's two readings
		}
	} else {
		t.Log("tools/linerec is not installed: no line recogniser reading")
	}
	if len(f.Readings) != want {
		t.Fatalf("%d readings, want %d", len(f.Readings), want)
	}
	page := f.Layout.Pages[0]
	for i, l := range f.Readings {
		if len(l.Pages) != 1 || l.Pages[0].Width != page.Width || l.Pages[0].Height != page.Height {
			t.Fatalf("reading %d: pages %+v, want one page of %vx%v", i, l.Pages, page.Width, page.Height)
		}
		if !strings.Contains(l.Text, "57.80") {
			t.Errorf("reading %d lost the total: %q", i, l.Text)
		}
	}
	if f := load(roll[:2]); len(f.Readings) != 0 {
		t.Errorf("a two-line page got %d readings, want none (not a till roll)", len(f.Readings))
	}
}

// TestTillRollFoundOnRetryReadsBlockOnce: a page whose first reading is
// poor and wide, and whose block reading shows a till roll, is read as a
// block once; the retry that found the till roll and the till roll's own
// readings share that reading.
func TestTillRollFoundOnRetryReadsBlockOnce(t *testing.T) {
	t.Parallel()
	tsv := func(words int, conf int) []byte {
		var b strings.Builder
		b.WriteString("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n")
		b.WriteString("1\t1\t0\t0\t0\t0\t0\t0\t600\t900\t-1\t\n")
		for i := 0; i < words/2; i++ {
			fmt.Fprintf(&b, "4\t1\t1\t1\t%d\t0\t10\t%d\t200\t20\t-1\t\n", i+1, 30*(i+1))
			fmt.Fprintf(&b, "5\t1\t1\t1\t%d\t1\t10\t%d\t60\t20\t%d\tTOTAL\n", i+1, 30*(i+1), conf)
			fmt.Fprintf(&b, "5\t1\t1\t1\t%d\t2\t150\t%d\t60\t20\t%d\t12.50\n", i+1, 30*(i+1), conf)
		}
		return []byte(b.String())
	}
	var mu sync.Mutex
	runs := map[string]int{}
	run := func(_ context.Context, _ time.Duration, _ []byte, _ string, args ...string) ([]byte, string, error) {
		psm := ""
		for i, a := range args {
			if a == "--psm" && i+1 < len(args) {
				psm = args[i+1]
			}
		}
		mu.Lock()
		runs[psm]++
		mu.Unlock()
		if psm == ocr.PSMBlock {
			return tsv(16, 95), "", nil // a narrow column, surely read
		}
		return tsv(2, 40), "", nil
	}
	s := &ocrSession{eng: ocr.New("tesseract", 2, run), langs: "eng", timeout: time.Minute, decided: make(chan struct{})}
	first, err := s.eng.RecognizeMode(context.Background(), "receipt.png", "eng", ocr.PSMAuto, time.Minute)
	if err != nil || len(first) != 1 {
		t.Fatalf("first reading: %v, %d pages", err, len(first))
	}
	kept, _ := s.reread(context.Background(), "receipt.png", first[0])
	if _, n := kept.MeanConf(); n != 16 {
		t.Errorf("kept a reading of %d words, want the block reading's 16", n)
	}
	if runs[ocr.PSMBlock] != 1 {
		t.Errorf("read as a block %d times, want once", runs[ocr.PSMBlock])
	}
}
