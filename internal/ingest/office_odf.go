package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.odf", odfReader{}, "application/vnd.oasis.opendocument.text",
		"application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation")
}

type odfReader struct{}

// Read walks content.xml of an OpenDocument file. Text documents are one
// page (plus explicit breaks are not modelled), each spreadsheet table and
// each presentation page (draw:page) is a page.
func (odfReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	z, err := openOfficeZip(env, in, problem.OfficeConversionFailed)
	if err != nil {
		return nil, err
	}
	content, err := z.read("content.xml")
	if err != nil {
		return nil, err
	}
	if content == nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q has no content.xml.", in.Name)
	}
	w := newNativeWriter(env.Limits.MaxPages)
	w.sheets = Sniff(in.Data, in.Name, "") == "application/vnd.oasis.opendocument.spreadsheet"
	if err := WalkODF(content, w); err != nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q: %v", in.Name, err)
	}
	return &Read{Layout: w.layout()}, nil
}

// maxRepeat caps table:number-columns-repeated and rows-repeated: sheets
// pad to column 1024 and row 1048576 with repeated empty cells.
const maxRepeat = 64

// WalkODF writes the text of an OpenDocument content.xml to w.
func WalkODF(data []byte, w *nativeWriter) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var (
		para    strings.Builder
		depthP  int // nesting of text:p / text:h
		tables  []*tableAcc
		repeatC []int
		skip    int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "p", "h":
				depthP++
			case "s":
				n, _ := strconv.Atoi(attr(t, "c"))
				para.WriteString(strings.Repeat(" ", max(1, min(n, 100))))
			case "tab":
				para.WriteByte('\t')
			case "line-break":
				para.WriteByte('\n')
			case "annotation", "tracked-changes", "note-citation":
				skip = 1
			case "page":
				if t.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" {
					w.page()
				}
			case "table":
				if t.Name.Space == "urn:oasis:names:tc:opendocument:xmlns:table:1.0" {
					if len(tables) == 0 && isSpreadsheet(w) {
						w.page()
					}
					tables = append(tables, &tableAcc{})
				}
			case "table-row":
				if n := len(tables); n > 0 {
					tables[n-1].startRow()
					// rows-repeated is kept as one row: repeats are nearly
					// always padding.
				}
			case "table-cell", "covered-table-cell":
				if n := len(tables); n > 0 {
					tables[n-1].startCell()
					r, _ := strconv.Atoi(attr(t, "number-columns-repeated"))
					repeatC = append(repeatC, min(max(r, 1), maxRepeat))
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "p", "h":
				depthP--
				if depthP > 0 {
					para.WriteByte(' ')
					continue
				}
				s := para.String()
				para.Reset()
				if n := len(tables); n > 0 {
					tables[n-1].addText(s)
					continue
				}
				for _, l := range strings.Split(s, "\n") {
					w.line(l)
				}
			case "table-cell", "covered-table-cell":
				if n := len(tables); n > 0 && len(repeatC) > 0 {
					rep := repeatC[len(repeatC)-1]
					repeatC = repeatC[:len(repeatC)-1]
					tb := tables[n-1]
					if row := tb.rows[len(tb.rows)-1]; rep > 1 && row[len(row)-1] != "" {
						for i := 1; i < rep; i++ {
							tb.startCell()
							tb.addText(row[len(row)-1])
						}
					}
				}
			case "table":
				if t.Name.Space != "urn:oasis:names:tc:opendocument:xmlns:table:1.0" {
					continue
				}
				n := len(tables)
				if n == 0 {
					continue
				}
				done := tables[n-1]
				tables = tables[:n-1]
				if len(tables) > 0 {
					for _, r := range done.rows {
						tables[len(tables)-1].addText(strings.Join(r, " "))
					}
				} else {
					w.table(done.rows)
				}
			}
		case xml.CharData:
			if depthP > 0 && skip == 0 {
				para.Write(t)
			}
		}
	}
	return nil
}

// isSpreadsheet is set by the caller through the writer: a spreadsheet's
// top-level tables are sheets, so each gets its own page.
func isSpreadsheet(w *nativeWriter) bool { return w.sheets }
