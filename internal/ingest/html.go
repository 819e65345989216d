package ingest

import (
	"context"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
	"golang.org/x/net/html"
)

func init() {
	RegisterReader("reader.html", htmlReader{}, "text/html", "application/xhtml+xml")
}

type htmlReader struct{}

// skipped elements hold no visible text.
var htmlSkip = map[string]bool{"script": true, "style": true, "noscript": true, "template": true, "head": true, "svg": true}

// blocks end a line of text.
var htmlBlock = map[string]bool{
	"p": true, "div": true, "br": true, "tr": true, "li": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "table": true, "section": true, "article": true, "pre": true,
	"blockquote": true, "ul": true, "ol": true, "dt": true, "dd": true, "header": true, "footer": true,
	"title": true, "hr": true, "form": true, "address": true,
}

// Read keeps the visible text of an HTML page, one line per block element,
// and records each <table> as a table.
func (htmlReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	root, err := html.Parse(strings.NewReader(DecodeText(in.Data)))
	if err != nil {
		return nil, err
	}
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Source: doc.SourceNative})
	var line strings.Builder
	flush := func() {
		b.AddTextLine(line.String())
		line.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && htmlSkip[n.Data] && n.Data != "head" {
			return
		}
		if n.Type == html.ElementNode && n.Data == "table" {
			flush()
			readHTMLTable(b, n)
			return
		}
		if n.Type == html.TextNode {
			line.WriteString(n.Data)
			line.WriteByte(' ')
		}
		if n.Type == html.ElementNode && htmlBlock[n.Data] {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if n.Type == html.ElementNode && n.Data == "head" && !(c.Type == html.ElementNode && c.Data == "title") {
				continue
			}
			walk(c)
		}
		if n.Type == html.ElementNode && htmlBlock[n.Data] {
			flush()
		}
	}
	walk(root)
	flush()
	return &Read{Layout: b.Layout()}, nil
}

func nodeText(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && htmlSkip[n.Data] {
			return
		}
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			sb.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(sb.String()), " ")
}

// readHTMLTable adds each row as a line and the grid as a table.
func readHTMLTable(b *doc.Builder, table *html.Node) {
	var cells []doc.Cell
	rows, cols := 0, 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var texts []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					t := nodeText(c)
					cells = append(cells, doc.Cell{Row: rows, Col: len(texts), Text: t, FirstWord: -1, EndWord: -1})
					texts = append(texts, t)
				}
			}
			if len(texts) > cols {
				cols = len(texts)
			}
			b.AddTextLine(strings.Join(texts, " "))
			rows++
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(table)
	if rows > 0 {
		b.AddTable(doc.Table{Cells: cells, Rows: rows, Cols: cols})
	}
}
