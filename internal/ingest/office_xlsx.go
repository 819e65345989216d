package ingest

import (
	"bytes"
	"context"

	"github.com/quarrydev/quarry/internal/problem"
	"github.com/xuri/excelize/v2"
)

func init() {
	RegisterReader("reader.xlsx", xlsxReader{}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"application/vnd.ms-excel.sheet.macroenabled.12")
}

type xlsxReader struct{}

// maxSheetCells bounds how many cells of one workbook are read: rows past
// it are dropped rather than filling memory with a million-row sheet.
const maxSheetCells = 2_000_000

// Read makes each sheet a page whose rows are one table. Values are the
// cached results Excel stored (formatted as displayed), not the formulas.
func (xlsxReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	lim := env.Limits
	opts := excelize.Options{UnzipSizeLimit: lim.MaxTotalBytes, UnzipXMLSizeLimit: lim.MaxEntryBytes}
	f, err := excelize.OpenReader(bytes.NewReader(in.Data), opts)
	if err != nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q is not a readable workbook: %v", in.Name, err)
	}
	defer f.Close()
	w := newNativeWriter(lim.MaxPages)
	cells := 0
	for _, sheet := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if w.tooManyPages() {
			break
		}
		rows, err := f.Rows(sheet)
		if err != nil {
			continue
		}
		var grid [][]string
		for rows.Next() && cells < maxSheetCells {
			row, err := rows.Columns()
			if err != nil {
				break
			}
			cells += len(row)
			grid = append(grid, row)
		}
		rows.Close()
		w.page()
		w.table(grid)
	}
	return &Read{Layout: w.layout()}, nil
}
