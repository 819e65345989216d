package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"strings"
	"testing"
)

// xmlDoc mirrors docs/export-dataset.xsd for encoding/xml.
type xmlDoc struct {
	XMLName xml.Name `xml:"urn:quarry:export:dataset:1 dataset"`
	Name    string   `xml:"name,attr"`
	Slug    string   `xml:"slug,attr"`
	Schema  struct {
		Columns []xmlColumnElem `xml:"column"`
		Tables  []struct {
			Name    string          `xml:"name,attr"`
			Columns []xmlColumnElem `xml:"column"`
		} `xml:"table"`
	} `xml:"schema"`
	Records []struct {
		Values []xmlValueElem `xml:"value"`
		Tables []struct {
			Name string `xml:"name,attr"`
			Rows []struct {
				Index  int            `xml:"index,attr"`
				Values []xmlValueElem `xml:"value"`
			} `xml:"row"`
		} `xml:"table"`
	} `xml:"record"`
}

type xmlColumnElem struct {
	Name string `xml:"name,attr"`
	Type string `xml:"type,attr"`
}

type xmlValueElem struct {
	Column string `xml:"column,attr"`
	Null   bool   `xml:"null,attr"`
	Text   string `xml:",chardata"`
}

func TestXMLFollowsTheDocumentedSchema(t *testing.T) {
	t.Parallel()
	src := hostileSource()
	l := NewLayout(src.schema)
	b, err := os.ReadFile(exportFile(t, "xml", src, Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var doc xmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if doc.Name != "Q1 faturalar" || doc.Slug != "q1-faturalar" {
		t.Errorf("dataset attrs %q %q", doc.Name, doc.Slug)
	}
	if len(doc.Schema.Columns) != len(l.Columns) || len(doc.Schema.Tables) != 1 {
		t.Fatalf("schema: %d columns, %d tables", len(doc.Schema.Columns), len(doc.Schema.Tables))
	}
	for i, c := range l.Columns {
		if got := doc.Schema.Columns[i]; got.Name != c.Name || got.Type != c.Kind.String() {
			t.Errorf("schema column %d = %+v, want %s %s", i, got, c.Name, c.Kind)
		}
	}
	if len(doc.Records) != len(src.recs) {
		t.Fatalf("%d records, want %d", len(doc.Records), len(src.recs))
	}
	for i, r := range src.recs {
		vals := doc.Records[i].Values
		if len(vals) != len(l.Columns) {
			t.Fatalf("record %d: %d values", i, len(vals))
		}
		for j, c := range l.Columns {
			want := c.Value(r)
			v := vals[j]
			if v.Column != c.Name || v.Null != (want == nil) || v.Text != formatText(c.Kind, want) {
				t.Errorf("record %d %s = %+v, want %q (null %v)", i, c.Name, v, formatText(c.Kind, want), want == nil)
			}
		}
	}
	tables := doc.Records[0].Tables
	if len(tables) != 1 || tables[0].Name != "line_items" || len(tables[0].Rows) != 2 {
		t.Fatalf("record 0 child tables = %+v", tables)
	}
	row := tables[0].Rows[0]
	if row.Index != 0 || row.Values[0].Text != "Çay | 1 kg" || row.Values[2].Text != "100.25" {
		t.Errorf("child row = %+v", row)
	}
	if len(doc.Records[2].Tables) != 0 {
		t.Errorf("an empty array wrote a table: %+v", doc.Records[2].Tables)
	}
}

func TestMarkdownSectionsAndTables(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(exportFile(t, "markdown", hostileSource(), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	if !strings.HasPrefix(md, "# Q1 faturalar\n") {
		t.Errorf("title: %q", md[:40])
	}
	if n := strings.Count(md, "\n## "); n != 3 {
		t.Errorf("%d document sections, want 3", n)
	}
	for _, want := range []string{
		"## 1. fatura-İş.pdf\n",
		"| seller.name | Şahin Gıda A.Ş. |\n",
		"| 0 | Çay \\| 1 kg | 2 | 100.25 |\n", // a pipe in a value stays in its cell
		"### line_items\n",
		"```text\n" + maskedText + "\n\nSayfa 2", // masked text verbatim
		"| invoice_date |  |\n",                  // a null is an empty cell
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestMaskedTextPassesThroughEveryTextFormat(t *testing.T) {
	t.Parallel()
	want := hostileRecords()[0].Text()
	for _, format := range []string{"jsonl", "json", "rag"} {
		b, err := os.ReadFile(exportFile(t, format, hostileSource(), Options{}))
		if err != nil {
			t.Fatal(err)
		}
		var first map[string]any
		switch format {
		case "jsonl":
			err = json.Unmarshal(bytes.SplitN(b, []byte("\n"), 2)[0], &first)
		default:
			var all []map[string]any
			err = json.Unmarshal(b, &all)
			if len(all) > 0 {
				first = all[0]
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		got, _ := first["text"].(string)
		if format == "rag" {
			// The chunker re-joins sentences with single spaces; every
			// placeholder and letter must still be there, unchanged.
			for _, s := range []string{"[MASKED_NAME]", "<[MASKED_EMAIL]>", "[MASKED_IBAN_TR]", "İstanbul, Şişli — ğüşıöç İŞĞ", "& Co."} {
				if !strings.Contains(got, s) {
					t.Errorf("rag chunk lacks %q: %q", s, got)
				}
			}
			continue
		}
		if got != want {
			t.Errorf("%s text = %q, want %q", format, got, want)
		}
	}
	b, err := os.ReadFile(exportFile(t, "csv", hostileSource(), Options{}))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][len(rows[1])-1]; got != want {
		t.Errorf("csv text = %q", got)
	}
}
