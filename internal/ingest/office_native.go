package ingest

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/problem"
)

// nativeWriter feeds paragraphs and tables of geometry-free formats into a
// doc.Builder, keeping count of words so that table cells can point at
// their words in Layout.Words.
type nativeWriter struct {
	b      *doc.Builder
	words  int
	open   bool
	pages  int
	maxPgs int
	sheets bool // top-level tables are sheets, one page each (ODS)
}

func newNativeWriter(maxPages int) *nativeWriter {
	return &nativeWriter{b: doc.NewBuilder(), maxPgs: maxPages}
}

// page starts a new page (sheet, slide, or the part after a page break).
func (w *nativeWriter) page() {
	w.b.StartPage(doc.Page{Source: doc.SourceNative})
	w.open = true
	w.pages++
}

func (w *nativeWriter) ensurePage() {
	if !w.open {
		w.page()
	}
}

// tooManyPages lets loops over slides and sheets stop early; the loader
// refuses the file with the page limit anyway.
func (w *nativeWriter) tooManyPages() bool { return w.maxPgs > 0 && w.pages > w.maxPgs }

// line adds one line of text; blank lines are dropped.
func (w *nativeWriter) line(s string) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return
	}
	w.ensurePage()
	ws := make([]doc.Word, len(fields))
	for i, f := range fields {
		ws[i] = doc.Word{Text: f}
	}
	w.b.AddLine(ws)
	w.words += len(fields)
}

// table adds a grid: each row becomes one line of text (cells in order) and
// the table is recorded with every cell's word range.
func (w *nativeWriter) table(rows [][]string) {
	rows = trimEmptyRows(rows)
	if len(rows) == 0 {
		return
	}
	w.ensurePage()
	t := doc.Table{Rows: len(rows)}
	for r, row := range rows {
		var line []doc.Word
		for c, cell := range row {
			text := strings.Join(strings.Fields(cell), " ")
			first := w.words + len(line)
			for _, f := range strings.Fields(text) {
				line = append(line, doc.Word{Text: f})
			}
			cl := doc.Cell{Row: r, Col: c, Text: text, FirstWord: first, EndWord: w.words + len(line)}
			if cl.FirstWord == cl.EndWord {
				cl.FirstWord, cl.EndWord = -1, -1
			}
			t.Cells = append(t.Cells, cl)
		}
		if len(row) > t.Cols {
			t.Cols = len(row)
		}
		if len(line) > 0 {
			w.b.AddLine(line)
			w.words += len(line)
		}
	}
	w.b.AddTable(t)
}

func trimEmptyRows(rows [][]string) [][]string {
	var out [][]string
	for _, r := range rows {
		// Drop trailing empty cells, then rows with nothing left.
		n := len(r)
		for n > 0 && strings.TrimSpace(r[n-1]) == "" {
			n--
		}
		if n > 0 {
			out = append(out, r[:n])
		}
	}
	return out
}

func (w *nativeWriter) layout() *doc.Layout {
	w.ensurePage()
	return w.b.Layout()
}

// officeZip opens an Office Open XML or OpenDocument package and reads its
// parts through the same bounds as archives (size, ratio), since a DOCX is
// a ZIP and can be a bomb like any other.
type officeZip struct {
	zr    *zip.Reader
	x     *expander
	files map[string]*zip.File
}

func openOfficeZip(env *Env, in Input, code string) (*officeZip, error) {
	zr, err := zip.NewReader(bytes.NewReader(in.Data), int64(len(in.Data)))
	if err != nil {
		return nil, problem.New(code, "%q is not a readable Office package: %v", in.Name, err)
	}
	z := &officeZip{zr: zr, x: newExpander(env, in.Name), files: map[string]*zip.File{}}
	for _, f := range zr.File {
		z.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	return z, nil
}

func (z *officeZip) has(name string) bool { _, ok := z.files[name]; return ok }

// read returns a part's bytes, or nil when the part is absent.
func (z *officeZip) read(name string) ([]byte, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, problem.New(problem.OfficeConversionFailed, "part %s of %q cannot be opened: %v", name, z.x.name, err)
	}
	defer rc.Close()
	comp := int64(f.CompressedSize64)
	return z.x.read(name, io.Reader(rc), func() int64 { return comp })
}
