package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.pptx", pptxReader{}, "application/vnd.openxmlformats-officedocument.presentationml.presentation")
}

type pptxReader struct{}

// Read makes each slide a page, in presentation order: text boxes as
// lines, tables (a:tbl) as doc.Tables.
func (pptxReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	z, err := openOfficeZip(env, in, problem.OfficeConversionFailed)
	if err != nil {
		return nil, err
	}
	slides := pptxSlideOrder(z)
	if len(slides) == 0 && !z.has("ppt/presentation.xml") {
		return nil, problem.New(problem.OfficeConversionFailed, "%q has no slides.", in.Name)
	}
	w := newNativeWriter(env.Limits.MaxPages)
	for _, s := range slides {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if w.tooManyPages() {
			break
		}
		data, err := z.read(s)
		if err != nil {
			return nil, err
		}
		w.page()
		if err := WalkDrawingML(data, w); err != nil {
			// A damaged slide should not lose the others.
			continue
		}
	}
	return &Read{Layout: w.layout()}, nil
}

// pptxSlideOrder returns the slide parts in the order of presentation.xml's
// slide list, falling back to slide number order.
func pptxSlideOrder(z *officeZip) []string {
	var order []string
	pres, _ := z.read("ppt/presentation.xml")
	rels, _ := z.read("ppt/_rels/presentation.xml.rels")
	if pres != nil && rels != nil {
		targets := relTargets(rels, "ppt")
		d := xml.NewDecoder(bytes.NewReader(pres))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sldId" {
				for _, a := range se.Attr {
					if a.Name.Local == "id" && a.Name.Space != "" {
						if t, ok := targets[a.Value]; ok && z.has(t) {
							order = append(order, t)
						}
					}
				}
			}
		}
	}
	if len(order) > 0 {
		return order
	}
	for name := range z.files {
		if strings.HasPrefix(name, "ppt/slides/slide") && strings.HasSuffix(name, ".xml") {
			order = append(order, name)
		}
	}
	num := func(s string) int {
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(s, "ppt/slides/slide"), ".xml"))
		return n
	}
	sort.Slice(order, func(i, j int) bool { return num(order[i]) < num(order[j]) })
	return order
}

// relTargets maps relationship ids to part names resolved against base.
func relTargets(rels []byte, base string) map[string]string {
	out := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(rels))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			t := attr(se, "Target")
			if strings.HasPrefix(t, "/") {
				t = strings.TrimPrefix(t, "/")
			} else {
				t = path.Join(base, t)
			}
			out[attr(se, "Id")] = t
		}
	}
	return out
}

// WalkDrawingML writes the text of a slide (or any DrawingML part) to w:
// each a:p is a line; a:tbl rows and cells make a table.
func WalkDrawingML(data []byte, w *nativeWriter) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	var (
		para   strings.Builder
		inText bool
		tables []*tableAcc
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
			switch t.Name.Local {
			case "t":
				inText = true
			case "br":
				para.WriteByte('\n')
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
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				s := para.String()
				para.Reset()
				if n := len(tables); n > 0 {
					tables[n-1].addText(s)
					continue
				}
				for _, l := range strings.Split(s, "\n") {
					w.line(l)
				}
			case "tbl":
				n := len(tables)
				if n == 0 {
					continue
				}
				done := tables[n-1]
				tables = tables[:n-1]
				w.table(done.rows)
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return nil
}
