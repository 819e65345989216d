package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.docx", docxReader{}, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
}

type docxReader struct{}

// Read walks word/document.xml in order: paragraphs become lines, tables
// become doc.Tables, explicit page breaks start new pages. Headers come
// first and footers last, since they often carry the sender's details.
func (docxReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	z, err := openOfficeZip(env, in, problem.OfficeConversionFailed)
	if err != nil {
		return nil, err
	}
	body, err := z.read("word/document.xml")
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q has no word/document.xml.", in.Name)
	}
	w := newNativeWriter(env.Limits.MaxPages)
	w.page()
	headers, footers := docxParts(z, "word/header"), docxParts(z, "word/footer")
	for _, h := range headers {
		if data, err := z.read(h); err == nil && data != nil {
			_ = WalkWordML(data, w, false)
		}
	}
	if err := WalkWordML(body, w, true); err != nil && w.words == 0 {
		return nil, problem.New(problem.OfficeConversionFailed, "%q: %v", in.Name, err)
	}
	for _, f := range footers {
		if data, err := z.read(f); err == nil && data != nil {
			_ = WalkWordML(data, w, false)
		}
	}
	return &Read{Layout: w.layout()}, nil
}

func docxParts(z *officeZip, prefix string) []string {
	var out []string
	for name := range z.files {
		if strings.HasPrefix(name, prefix) && strings.HasSuffix(name, ".xml") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// WalkWordML writes the text of a WordprocessingML part to w. pageBreaks
// says whether <w:br w:type="page"/> starts a new page (only in the body).
func WalkWordML(data []byte, w *nativeWriter, pageBreaks bool) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var (
		para    strings.Builder
		inText  bool
		tables  []*tableAcc // a stack: tables nest inside cells
		skip    int         // depth inside elements whose text is not content
		pending bool        // a page break waits for the paragraph to end
	)
	emit := func() {
		s := para.String()
		para.Reset()
		if len(tables) > 0 {
			tables[len(tables)-1].addText(s)
			return
		}
		for _, l := range strings.Split(s, "\n") {
			w.line(l)
		}
	}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			// Keep the text read up to the damage.
			if para.Len() > 0 {
				emit()
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				if pageBreaks && attr(t, "type") == "page" {
					pending = true
				}
				para.WriteByte('\n')
			case "instrText", "delText", "fldData", "drawing", "pict", "object":
				skip = 1
			case "tbl":
				tables = append(tables, &tableAcc{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].startRow()
				}
			case "tc":
				if n := len(tables); n > 0 {
					tables[n-1].startCell()
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				emit()
				if pending && len(tables) == 0 {
					w.page()
					pending = false
				}
			case "tbl":
				n := len(tables)
				if n == 0 {
					continue
				}
				done := tables[n-1]
				tables = tables[:n-1]
				if len(tables) > 0 {
					// A nested table reads as text of the outer cell.
					for _, r := range done.rows {
						tables[len(tables)-1].addText(strings.Join(r, " "))
					}
				} else {
					w.table(done.rows)
				}
			}
		case xml.CharData:
			if inText && skip == 0 {
				para.Write(t)
			}
		}
	}
	if para.Len() > 0 {
		emit()
	}
	return nil
}

// tableAcc collects a table's rows while walking XML.
type tableAcc struct {
	rows [][]string
}

func (t *tableAcc) startRow() { t.rows = append(t.rows, nil) }

func (t *tableAcc) startCell() {
	if len(t.rows) == 0 {
		t.startRow()
	}
	r := &t.rows[len(t.rows)-1]
	*r = append(*r, "")
}

func (t *tableAcc) addText(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if len(t.rows) == 0 || len(t.rows[len(t.rows)-1]) == 0 {
		t.startCell()
	}
	r := t.rows[len(t.rows)-1]
	if r[len(r)-1] != "" {
		s = r[len(r)-1] + " " + s
	}
	r[len(r)-1] = s
}

// attr returns the value of the attribute with the local name key.
func attr(e xml.StartElement, key string) string {
	for _, a := range e.Attr {
		if a.Name.Local == key {
			return a.Value
		}
	}
	return ""
}
