package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
)

// cellText returns the table cell (r,c) of the page's first table, checking
// that its word range spells the same text.
func cellText(t *testing.T, l *doc.Layout, page, r, c int) string {
	t.Helper()
	p := l.Pages[page-1]
	if len(p.Tables) == 0 {
		t.Fatalf("page %d has no table", page)
	}
	for _, cell := range p.Tables[0].Cells {
		if cell.Row != r || cell.Col != c {
			continue
		}
		if cell.FirstWord >= 0 {
			var ws []string
			for _, w := range l.Words[cell.FirstWord:cell.EndWord] {
				ws = append(ws, w.Text)
			}
			if got := strings.Join(ws, " "); got != cell.Text {
				t.Fatalf("cell (%d,%d) words %q != text %q", r, c, got, cell.Text)
			}
		}
		return cell.Text
	}
	t.Fatalf("no cell (%d,%d)", r, c)
	return ""
}

func TestOfficeFormats(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	table := [][]string{{"Item", "Qty", "Price"}, {"Widget blue", "3", "9.99"}}
	cases := []struct {
		name, file, media string
		data              []byte
		pages             int
		text              []string // in this order in Layout.Text
		absent            []string
		tablePage         int
		cell              [3]any // row, col, text
	}{
		{
			name: "docx paragraphs, table, page break, header", file: "a.docx",
			media: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			data: fixture.DOCX("ACME Header Ltd", []fixture.DocBlock{
				{Text: "Invoice number INV-7 for services", PageBreak: true},
				{Rows: table},
				{Text: "Thank you for your business"},
			}),
			pages: 2, text: []string{"ACME Header Ltd", "Invoice number INV-7 for services", "Widget blue 3 9.99", "Thank you"},
			absent: []string{"HYPERLINK"}, tablePage: 2, cell: [3]any{1, 0, "Widget blue"},
		},
		{
			name: "xlsx sheets with cached formula values", file: "b.xlsx",
			media: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			data: fixture.XLSX([]fixture.XLSXSheet{
				{Name: "Lines", Rows: [][]string{{"Item", "Qty", "Total"}, {"Widget", "3", "=B2*10|30"}}},
				{Name: "Notes", Rows: [][]string{{"Second sheet"}}},
			}),
			pages: 2, text: []string{"Item Qty Total", "Widget 3 30", "\fSecond sheet"},
			absent: []string{"B2*10"}, tablePage: 1, cell: [3]any{1, 2, "30"},
		},
		{
			name: "pptx slides in presentation order with table", file: "c.pptx",
			media: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
			data: fixture.PPTX([]fixture.Slide{
				{Texts: []string{"Quarterly review"}},
				{Texts: []string{"Numbers"}, Table: table},
			}),
			pages: 2, text: []string{"Quarterly review", "\fNumbers", "Item Qty Price"},
			tablePage: 2, cell: [3]any{0, 2, "Price"},
		},
		{
			name: "odt paragraphs and table", file: "d.odt",
			media: "application/vnd.oasis.opendocument.text",
			data:  fixture.ODT([]fixture.DocBlock{{Text: "Offer for Northwind"}, {Rows: table}}),
			pages: 1, text: []string{"Offer for Northwind", "Widget blue 3 9.99"},
			tablePage: 1, cell: [3]any{1, 1, "3"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: c.file, Data: c.data})
			if err != nil {
				t.Fatal(err)
			}
			f := files[0]
			if f.MediaType != c.media || f.PageCount != c.pages || f.TextSource != TextNative {
				t.Fatalf("media %s pages %d source %s", f.MediaType, f.PageCount, f.TextSource)
			}
			pos := 0
			for _, want := range c.text {
				i := strings.Index(f.Layout.Text[pos:], want)
				if i < 0 {
					t.Fatalf("text lacks %q after offset %d: %q", want, pos, f.Layout.Text)
				}
				pos += i
			}
			for _, bad := range c.absent {
				if strings.Contains(f.Layout.Text, bad) {
					t.Errorf("text has %q: %q", bad, f.Layout.Text)
				}
			}
			if got := cellText(t, f.Layout, c.tablePage, c.cell[0].(int), c.cell[1].(int)); got != c.cell[2] {
				t.Errorf("cell = %q, want %q", got, c.cell[2])
			}
		})
	}
}

func TestOfficeRefusals(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	cases := []struct {
		name string
		data []byte
		code string
	}{
		{"docx without document part", fixture.Zip([2]string{"word/document.xml.bak", "x"}, [2]string{"[Content_Types].xml", "<Types/>"}), "office_conversion_failed"},
		{"docx with broken xml keeps text", fixture.Zip([2]string{"word/document.xml", "<w:document><w:body><w:p><w:t>unclosed"}), ""},
		{"docx with nothing readable", fixture.Zip([2]string{"word/document.xml", "<<<"}), "office_conversion_failed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := l.Load(context.Background(), Input{Name: "x.docx", Data: c.data})
			if c.code == "" {
				// Damaged XML keeps whatever text came before the damage.
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			assertProblem(t, err, c.code, "x.docx")
		})
	}
}
