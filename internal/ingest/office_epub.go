package ingest

import (
	"bytes"
	"context"
	"encoding/xml"
	"path"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterReader("reader.epub", epubReader{}, "application/epub+zip")
}

type epubReader struct{}

// Read follows the EPUB spine (container.xml -> package document -> spine
// order) and reads each chapter's XHTML with the HTML reader; each chapter
// is a page.
func (epubReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	z, err := openOfficeZip(env, in, problem.OfficeConversionFailed)
	if err != nil {
		return nil, err
	}
	container, err := z.read("META-INF/container.xml")
	if err != nil {
		return nil, err
	}
	opfPath := ""
	forEachStart(container, func(se xml.StartElement) {
		if se.Name.Local == "rootfile" && opfPath == "" {
			opfPath = attr(se, "full-path")
		}
	})
	opf, err := z.read(opfPath)
	if err != nil {
		return nil, err
	}
	if opf == nil {
		return nil, problem.New(problem.OfficeConversionFailed, "%q has no EPUB package document.", in.Name)
	}
	manifest := map[string]string{}
	var spine []string
	forEachStart(opf, func(se xml.StartElement) {
		switch se.Name.Local {
		case "item":
			manifest[attr(se, "id")] = path.Join(path.Dir(opfPath), attr(se, "href"))
		case "itemref":
			spine = append(spine, attr(se, "idref"))
		}
	})
	w := newNativeWriter(env.Limits.MaxPages)
	for _, id := range spine {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if w.tooManyPages() {
			break
		}
		data, err := z.read(manifest[id])
		if err != nil {
			return nil, err
		}
		if data == nil {
			continue
		}
		rd, err := htmlReader{}.Read(ctx, env, Input{Name: in.Name, Data: data})
		if err != nil {
			continue
		}
		w.page()
		for _, line := range strings.Split(rd.Layout.Text, "\n") {
			w.line(line)
		}
	}
	return &Read{Layout: w.layout()}, nil
}

// forEachStart calls fn for every start element of an XML document.
func forEachStart(data []byte, fn func(xml.StartElement)) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok {
			fn(se)
		}
	}
}
