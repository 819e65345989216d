package split

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

// ln is one line of a synthetic page: its vertical position (page
// heights from the top) and its text.
type ln struct {
	y    float64
	text string
}

// a4 builds a text-layer layout of A4 pages from lines; words get boxes
// proportional to their length, as a text layer would give them.
func a4(pages ...[]ln) *doc.Layout {
	return sized(595, 842, pages...)
}

func sized(w, h float64, pages ...[]ln) *doc.Layout {
	b := doc.NewBuilder()
	for _, p := range pages {
		b.StartPage(doc.Page{Width: w, Height: h, Source: doc.SourcePDFText})
		for _, l := range p {
			x := 0.08
			var words []doc.Word
			for _, t := range strings.Fields(l.text) {
				wd := 0.012 * float64(len([]rune(t)))
				words = append(words, doc.Word{Text: t, Box: doc.Box{X0: x, Y0: l.y, X1: x + wd, Y1: l.y + 0.012}})
				x += wd + 0.01
			}
			b.AddLine(words)
		}
	}
	return b.Layout()
}

func ranges(segs []Segment) [][2]int {
	var out [][2]int
	for _, s := range segs {
		out = append(out, [2]int{s.First, s.Last})
	}
	return out
}

func mustSplit(t *testing.T, l *doc.Layout) Result {
	t.Helper()
	res, err := Split(context.Background(), l, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func explain(res Result) string {
	var b strings.Builder
	for _, bd := range res.Boundaries {
		b.WriteString("\n")
		b.WriteString(strings.Join(append([]string{"page", itoa(bd.Page), ":"}, bd.Reasons...), " "))
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

// invoicePage is page k of n of an invoice from seller to buyer.
func invoicePage(seller, number, buyer string, k, n int, last bool) []ln {
	p := []ln{
		{0.04, seller},
		{0.06, "Hauptstrasse 12, 10115 Berlin"},
		{0.12, "INVOICE"},
		{0.15, "Invoice No: " + number},
		{0.17, "Invoice date: 12.03.2024"},
		{0.20, "Bill to: " + buyer},
		{0.30, "Description Qty Unit price Amount"},
		{0.33, "Consulting services March 4 120.00 480.00"},
		{0.36, "Travel expenses 1 75.50 75.50"},
	}
	if k > 1 {
		p = []ln{{0.04, seller}, {0.07, "Invoice No: " + number}, {0.12, "Description Qty Unit price Amount"},
			{0.15, "Hosting April 1 40.00 40.00"}, {0.18, "Support hours 3 60.00 180.00"}, {0.21, "Licence renewal 1 300.00 300.00"}}
	}
	if last {
		p = append(p, ln{0.60, "Subtotal 555.50"}, ln{0.62, "VAT 19% 105.55"}, ln{0.65, "Total 661.05 EUR"})
	}
	if n > 0 {
		p = append(p, ln{0.96, "Page " + itoa(k) + " of " + itoa(n)})
	}
	return p
}

func TestNumberingRestartSplitsAndContinuationStays(t *testing.T) {
	t.Parallel()
	l := a4(
		invoicePage("Acme Trading GmbH", "INV-1001", "Beta Logistics AG", 1, 2, false),
		invoicePage("Acme Trading GmbH", "INV-1001", "Beta Logistics AG", 2, 2, true),
		invoicePage("Acme Trading GmbH", "INV-1002", "Gamma Foods Ltd", 1, 3, false),
		invoicePage("Acme Trading GmbH", "INV-1002", "Gamma Foods Ltd", 2, 3, false),
		invoicePage("Acme Trading GmbH", "INV-1002", "Gamma Foods Ltd", 3, 3, true),
	)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 2}, {3, 5}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
	if res.Segments[1].Type != "invoice" || res.Segments[1].Confidence < 0.6 {
		t.Fatalf("second segment = %+v", res.Segments[1])
	}
}

func TestContinuationPagesWithoutNumberingStayTogether(t *testing.T) {
	t.Parallel()
	// Page 2 repeats the letterhead and the invoice number but prints no
	// page numbers: the same number must keep it with page 1.
	l := a4(
		invoicePage("Acme Trading GmbH", "INV-77", "Beta Logistics AG", 1, 0, false),
		invoicePage("Acme Trading GmbH", "INV-77", "Beta Logistics AG", 2, 0, false),
		invoicePage("Acme Trading GmbH", "INV-77", "Beta Logistics AG", 2, 0, true),
	)
	res := mustSplit(t, l)
	if len(res.Segments) != 1 {
		t.Fatalf("segments = %v, want one%s", ranges(res.Segments), explain(res))
	}
	// Page 2 repeats the letterhead and the INVOICE title but shows no
	// number, no page count and page 1 had no total: it stays.
	repeat := invoicePage("Acme Trading GmbH", "INV-77", "Beta Logistics AG", 1, 0, true)
	repeat[3] = ln{0.15, "Our reference: see first page"}
	l = a4(invoicePage("Acme Trading GmbH", "INV-77", "Beta Logistics AG", 1, 0, false), repeat)
	if res := mustSplit(t, l); len(res.Segments) != 1 {
		t.Fatalf("repeated letterhead split: %v%s", ranges(res.Segments), explain(res))
	}
	// A bare table page (no header at all) after a first page also stays.
	l = a4(
		invoicePage("Acme Trading GmbH", "INV-78", "Beta Logistics AG", 1, 0, false),
		[]ln{{0.05, "Widget A 2 10.00 20.00"}, {0.08, "Widget B 1 5.00 5.00"}, {0.5, "Total 25.00 EUR"}},
	)
	if res := mustSplit(t, l); len(res.Segments) != 1 {
		t.Fatalf("table continuation split: %v%s", ranges(res.Segments), explain(res))
	}
}

func TestNewInvoiceNumberSplitsWithoutNumbering(t *testing.T) {
	t.Parallel()
	l := a4(
		invoicePage("Acme Trading GmbH", "INV-500", "Beta Logistics AG", 1, 0, true),
		invoicePage("Acme Trading GmbH", "INV-501", "Beta Logistics AG", 1, 0, true),
		invoicePage("Delta Supplies Ltd", "D-88231", "Beta Logistics AG", 1, 0, true),
	)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 1}, {2, 2}, {3, 3}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
}

func receipt(shop, number, total string) []ln {
	return []ln{
		{0.03, shop},
		{0.06, "12 Market Street, Springfield"},
		{0.10, "RECEIPT"},
		{0.13, "Receipt No: " + number},
		{0.16, "Date: 02/05/2023 14:31"},
		{0.25, "Coffee 1 3.50"},
		{0.28, "Croissant 2 4.20"},
		{0.40, "TOTAL " + total},
		{0.43, "CASH " + total},
		{0.50, "Thank you for your purchase"},
	}
}

func TestConsecutiveReceiptsOfOneShopSplit(t *testing.T) {
	t.Parallel()
	// Same shop, same layout, same type: only the number and the total
	// tell them apart (and each closes with its total).
	l := sized(300, 900,
		receipt("CORNER CAFE", "R-0001", "7.70"),
		receipt("CORNER CAFE", "R-0002", "11.20"),
		receipt("CORNER CAFE", "R-0003", "3.50"),
		receipt("BAKER & SONS", "55120", "9.90"),
	)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 1}, {2, 2}, {3, 3}, {4, 4}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
	for _, s := range res.Segments {
		if s.Type != "receipt" {
			t.Errorf("segment %d-%d typed %s", s.First, s.Last, s.Type)
		}
	}
}

func TestTypeChangeSplitsAMixedPack(t *testing.T) {
	t.Parallel()
	passport := []ln{{0.05, "PASSPORT"}, {0.10, "Surname: MUSTERMANN"}, {0.13, "Given names: ERIKA"},
		{0.16, "Nationality: DEUTSCH"}, {0.19, "Date of birth: 12.08.1983"}, {0.22, "Place of birth: BERLIN"}, {0.25, "Date of expiry: 01.02.2031"}}
	bill := []ln{{0.04, "Stadtwerke Nord"}, {0.08, "Electricity bill"}, {0.12, "Customer: Erika Mustermann"}, {0.15, "Meter number 8812-22"},
		{0.18, "Meter reading 10.03.2024: 45120 kWh"}, {0.21, "Consumption 3120 kWh"}, {0.40, "Amount due 212.40 EUR"}}
	l := a4(invoicePage("Acme Trading GmbH", "INV-9", "Erika Mustermann", 1, 0, true), passport, bill)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 1}, {2, 2}, {3, 3}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
	types := []string{res.Segments[0].Type, res.Segments[1].Type, res.Segments[2].Type}
	if !reflect.DeepEqual(types, []string{"invoice", "id_document", "utility_bill"}) {
		t.Fatalf("types = %v", types)
	}
}

func TestBlankPageStaysWithTheDocumentBefore(t *testing.T) {
	t.Parallel()
	l := a4(
		invoicePage("Acme Trading GmbH", "INV-1", "Beta Logistics AG", 1, 0, true),
		[]ln{},
		invoicePage("Delta Supplies Ltd", "D-2", "Beta Logistics AG", 1, 0, true),
	)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 2}, {3, 3}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
}

func TestProseDocumentIsNotCut(t *testing.T) {
	t.Parallel()
	// A report whose pages share nothing in their headers and carry bare
	// footer numbers: nothing says a new document starts.
	var pages [][]ln
	for k := 1; k <= 6; k++ {
		pages = append(pages, []ln{
			{0.05, "Chapter " + itoa(k) + " results of the field study"},
			{0.10, "The measurements taken in the second season were compared with the first season."},
			{0.13, "Sample sizes varied between sites and the analysis accounts for that variation."},
			{0.95, itoa(k)},
		})
	}
	res := mustSplit(t, a4(pages...))
	if len(res.Segments) != 1 {
		t.Fatalf("segments = %v%s", ranges(res.Segments), explain(res))
	}
}

func TestOnePageAndDeterminism(t *testing.T) {
	t.Parallel()
	res := mustSplit(t, a4(receipt("CORNER CAFE", "R-1", "1.00")))
	if len(res.Segments) != 1 || res.Segments[0].First != 1 || res.Segments[0].Last != 1 || len(res.Boundaries) != 0 {
		t.Fatalf("one page = %+v", res)
	}
	l := a4(invoicePage("Acme Trading GmbH", "INV-5", "Beta AG", 1, 2, false), invoicePage("Acme Trading GmbH", "INV-5", "Beta AG", 2, 2, true),
		receipt("CORNER CAFE", "R-1", "1.00"))
	a, b := mustSplit(t, l), mustSplit(t, l)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs over one layout differ")
	}
	if _, err := Split(context.Background(), &doc.Layout{}, Options{}); err == nil {
		t.Fatal("a layout without pages must be refused")
	}
	res, err := Split(context.Background(), l, Options{MaxPages: 2})
	if err != nil || len(res.Segments) != 1 || res.Segments[0].Last != 3 {
		t.Fatalf("past the page bound: %+v, %v", res, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Split(ctx, l, Options{}); err == nil {
		t.Fatal("a cancelled context must stop the split")
	}
}

// textPages builds a geometry-free layout (plain text, DOCX-like): the
// header band is the first lines, numbering the first or last line.
func textPages(pages ...[]string) *doc.Layout {
	b := doc.NewBuilder()
	for _, p := range pages {
		b.StartPage(doc.Page{Source: doc.SourceNative})
		for _, line := range p {
			b.AddTextLine(line)
		}
	}
	return b.Layout()
}

func TestGeometryFreePages(t *testing.T) {
	t.Parallel()
	body := []string{"Consulting services 480.00", "Travel expenses 75.50", "Printing 12.00"}
	l := textPages(
		append([]string{"Acme Trading GmbH", "INVOICE", "Invoice No: A-1"}, append(body, "Page 1 of 2")...),
		append([]string{"Acme Trading GmbH", "Invoice No: A-1"}, append(body, "Total 567.50", "Page 2 of 2")...),
		append([]string{"Acme Trading GmbH", "INVOICE", "Invoice No: A-2"}, append(body, "Total 567.50", "Page 1 of 1")...),
	)
	res := mustSplit(t, l)
	if got, want := ranges(res.Segments), [][2]int{{1, 2}, {3, 3}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("segments = %v, want %v%s", got, want, explain(res))
	}
}
