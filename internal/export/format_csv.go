package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
)

// csv: RFC 4180 with a header row of column names. Text cells that a
// spreadsheet would run as a formula get a leading apostrophe
// (neutralizeFormula); numbers, dates and booleans are written plain.
func init() { register("csv", writeCSV) }

func writeCSV(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	row := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		row[i] = neutralizeFormula(c.Name)
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	err := records(ctx, src, func(r *Record) error {
		for i, c := range l.Columns {
			s := formatText(c.Kind, c.Value(r))
			if c.Kind == KindString || c.Kind == KindJSON {
				s = neutralizeFormula(s)
			}
			row[i] = s
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// neutralizeFormula prefixes "'" to text starting with a character that
// Excel, LibreOffice or Sheets read as the start of a formula (= + - @,
// tab, carriage return), the OWASP rule for CSV injection. The value of a
// document field is attacker-controlled: a supplier can print "=cmd|..."
// on an invoice.
func neutralizeFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
