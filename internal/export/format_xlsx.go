package export

import (
	"archive/zip"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsx: a "rows" sheet with one row per record and one sheet per child
// table (array-of-objects field), each child row keyed by execution_id
// and row_index. Cells are typed: numbers, booleans, dates (yyyy-mm-dd)
// and timestamps are Excel values, not text. Written with excelize's
// StreamWriter, which spills rows to a temporary file instead of
// building the sheet in memory.
func init() { register("xlsx", writeXLSX) }

// Excel's hard limits: rows per sheet and characters per sheet name.
const (
	xlsxMaxRows      = 1_048_576
	xlsxMaxSheetName = 31
)

func writeXLSX(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	return writeXLSXRows(ctx, w, src, l, xlsxMaxRows)
}

// writeXLSXRows is writeXLSX with the rows-per-sheet limit as a parameter,
// so a test can reach the overflow without a million rows.
func writeXLSXRows(ctx context.Context, w io.Writer, src Source, l Layout, maxRows int) error {
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	tsStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		return err
	}
	x := &xlsxBook{f: f, dateStyle: dateStyle, tsStyle: tsStyle, taken: map[string]bool{}, maxRows: maxRows}

	main, err := x.sheet("rows", columnNames(l.Columns))
	if err != nil {
		return err
	}
	// The default "Sheet1" goes once "rows" exists: a workbook needs one sheet.
	if err := f.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	children := make([]*xlsxSheet, len(l.Children))
	for i, ct := range l.Children {
		head := append([]string{"execution_id", "row_index"}, columnNames(ct.Columns)...)
		if children[i], err = x.sheet(ct.Name, head); err != nil {
			return err
		}
	}

	cells := make([]any, len(l.Columns))
	err = records(ctx, src, func(r *Record) error {
		for i, c := range l.Columns {
			cells[i] = x.cell(c.Kind, c.Value(r))
		}
		if err := main.row(cells); err != nil {
			return err
		}
		for i, ct := range l.Children {
			for j, row := range ct.Rows(r) {
				cc := make([]any, 0, len(ct.Columns)+2)
				cc = append(cc, x.cell(KindString, r.ExecutionID), int64(j))
				for _, c := range ct.Columns {
					cc = append(cc, x.cell(c.Kind, c.RowValue(row)))
				}
				if err := children[i].row(cc); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, sw := range x.open {
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	// excelize assembles the whole zip in a bytes.Buffer before writing
	// it out (twice the file at worst). Handing it a zip writer on w
	// instead streams each part straight to the caller; the buffer it
	// passes stays empty. Deflate at its fastest level, as for hf.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	_, err = f.WriteTo(w)
	return err
}

type xlsxBook struct {
	f                  *excelize.File
	dateStyle, tsStyle int
	taken              map[string]bool
	open               []*excelize.StreamWriter // not yet flushed
	maxRows            int
}

type xlsxSheet struct {
	book   *xlsxBook
	base   string
	header []string
	part   int
	sw     *excelize.StreamWriter
	next   int // next row number, 1-based
}

// sheet adds a streamed sheet under a legal, unique name with its header.
func (x *xlsxBook) sheet(name string, header []string) (*xlsxSheet, error) {
	s := &xlsxSheet{book: x, base: name, header: header, part: 1}
	return s, s.start(sheetName(name, x.taken))
}

func (s *xlsxSheet) start(name string) error {
	if _, err := s.book.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := s.book.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	s.sw, s.next = sw, 1
	s.book.open = append(s.book.open, sw)
	head := make([]any, len(s.header))
	for i, h := range s.header {
		head[i] = neutralizeFormula(h)
	}
	return s.row(head)
}

// row appends one row; past Excel's row limit the table goes on in a
// sheet named "<name> (2)", "(3)", ... with the header repeated.
func (s *xlsxSheet) row(cells []any) error {
	if s.next > s.book.maxRows {
		if err := s.sw.Flush(); err != nil {
			return err
		}
		s.book.open = slices.DeleteFunc(s.book.open, func(o *excelize.StreamWriter) bool { return o == s.sw })
		s.part++
		if err := s.start(sheetName(fmt.Sprintf("%s (%d)", s.base, s.part), s.book.taken)); err != nil {
			return err
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, s.next)
	if err != nil {
		return err
	}
	s.next++
	return s.sw.SetRow(cell, cells)
}

// cell is one typed cell: dates and timestamps carry a number format so
// Excel shows them as dates; text is neutralised against formulas.
func (x *xlsxBook) cell(k Kind, v any) any {
	switch t := v.(type) {
	case nil:
		return nil
	case time.Time:
		if k == KindDate {
			return excelize.Cell{StyleID: x.dateStyle, Value: t}
		}
		return excelize.Cell{StyleID: x.tsStyle, Value: t.UTC()}
	case float64, int64, bool:
		return t
	}
	return neutralizeFormula(formatText(k, v))
}

// sheetName makes a legal Excel sheet name: no []:*?/\ , at most 31
// characters, unique ignoring case (Excel compares names that way).
func sheetName(name string, taken map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.Trim(name, "'")
	if name == "" {
		name = "table"
	}
	base := truncateRunes(name, xlsxMaxSheetName)
	n := base
	for i := 2; taken[strings.ToLower(n)]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		n = truncateRunes(base, xlsxMaxSheetName-len(suffix)) + suffix
	}
	taken[strings.ToLower(n)] = true
	return n
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

func columnNames(cs []Column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}
