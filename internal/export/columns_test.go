package export

import (
	"slices"
	"testing"
	"time"
)

func TestLayoutNamesFollowTheRule(t *testing.T) {
	t.Parallel()
	l := NewLayout(hostileSchema())
	want := []string{
		"execution_id", "job_id", "document_id", "source_filename", "doc_type", "language",
		"quality_score", "quality_grade", "created_at", "pii_masked",
		"invoice_number", "invoice_date", "total_amount", "item_count", "paid",
		"seller.name", "seller.vat_id", "line_items", "tags",
		"a.b", "a.b_2", "doc_type_2", `<x y="1">&`,
		"pii_total", "pii.email", "pii.iban_tr", "text",
	}
	if got := l.Names(); !slices.Equal(got, want) {
		t.Fatalf("columns\n got %q\nwant %q", got, want)
	}
	if len(l.Children) != 1 || l.Children[0].Name != "line_items" {
		t.Fatalf("children = %+v, want one line_items table", l.Children)
	}
	if got := columnNames(l.Children[0].Columns); !slices.Equal(got, []string{"description", "quantity", "unit_price"}) {
		t.Fatalf("child columns = %q", got)
	}
}

func TestColumnValuesConvertOrNull(t *testing.T) {
	t.Parallel()
	l := NewLayout(hostileSchema())
	recs := hostileRecords()
	col := func(name string) Column {
		for _, c := range l.Columns {
			if c.Name == name {
				return c
			}
		}
		t.Fatalf("no column %q", name)
		return Column{}
	}
	cases := []struct {
		rec  int
		col  string
		want any
	}{
		{0, "invoice_date", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)},
		{0, "item_count", int64(2)},
		{0, "a.b", "nested"},
		{0, "a.b_2", "literal"},
		{0, "doc_type", "invoice"},
		{0, "doc_type_2", "field named like a fixed column"},
		{0, "pii_total", int64(7)}, // phone_tr is not declared but still counted
		{0, "pii.iban_tr", int64(1)},
		{0, "seller.name", "Şahin Gıda A.Ş."},
		{1, "invoice_date", nil}, // "next week" is not a date
		{1, "total_amount", nil}, // "n/a" is not a number
		{1, "item_count", nil},   // 2.5 is not an integer
		{1, "seller.name", nil},
		{1, "paid", nil},
		{1, "pii.email", int64(0)},
		{2, "invoice_date", time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)},
		{2, "total_amount", 99.9},
		{2, "item_count", int64(3)},
		{2, "paid", false},
	}
	for _, c := range cases {
		got := col(c.col).Value(recs[c.rec])
		if got != c.want {
			if gt, ok := got.(time.Time); ok && gt.Equal(c.want.(time.Time)) {
				continue
			}
			t.Errorf("record %d %s = %#v, want %#v", c.rec, c.col, got, c.want)
		}
	}
	if got := col("text").Value(recs[0]); got != maskedText+"\n\nSayfa 2: Toplam 1.487,50 TL" {
		t.Errorf("text = %q", got)
	}
}

func TestLookupAndUnknownFormat(t *testing.T) {
	t.Parallel()
	for alias, id := range map[string]string{"markdown": "md", "ARROW": "hf", " csv ": "csv"} {
		if f, ok := Lookup(alias); !ok || f.ID != id {
			t.Errorf("Lookup(%q) = %v %v, want %s", alias, f, ok, id)
		}
	}
	for _, f := range Formats() {
		if exporters[f.ID] == nil {
			t.Errorf("format %s has no registered writer", f.ID)
		}
	}
	if err := Write(t.Context(), nil, "docx", hostileSource(), Options{}); err == nil {
		t.Fatal("unknown format: no error")
	}
	if err := Write(t.Context(), nil, "rag", hostileSource(), Options{MinQuality: "Z"}); err == nil {
		t.Fatal("min_quality Z: no error")
	}
}
