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

// An empty dataset gives a valid, empty file in every format: a reader
// opens it and finds the columns and no rows.
func TestEmptyDatasetInEveryFormat(t *testing.T) {
	t.Parallel()
	src := sliceSource{schema: hostileSchema()}
	l := NewLayout(src.schema)
	for _, f := range Formats() {
		path := exportFile(t, f.ID, src, Options{})
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch f.ID {
		case "jsonl":
			if len(b) != 0 {
				t.Errorf("jsonl: %q, want an empty file", b)
			}
		case "json", "rag":
			var v []any
			if err := json.Unmarshal(b, &v); err != nil || v == nil || len(v) != 0 {
				t.Errorf("%s: %q is not an empty array (%v)", f.ID, b, err)
			}
		case "csv":
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil || len(rows) != 1 || len(rows[0]) != len(l.Columns) {
				t.Errorf("csv: %d rows (%v), want the header alone", len(rows), err)
			}
		case "xml":
			var doc xmlDoc
			if err := xml.Unmarshal(b, &doc); err != nil || len(doc.Records) != 0 || len(doc.Schema.Columns) != len(l.Columns) {
				t.Errorf("xml: %v, %d records", err, len(doc.Records))
			}
		case "md":
			if strings.TrimSpace(string(b)) != "# Q1 faturalar" {
				t.Errorf("md: %q", b)
			}
		}
	}
}

func TestEmptyDatasetReadByIndependentReaders(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := sliceSource{schema: hostileSchema()}
	l := NewLayout(src.schema)
	tb := readBack(t, "parquet", exportFile(t, "parquet", src, Options{})).Tables["rows"]
	if tb.Count != 0 || len(tb.Columns) != len(l.Columns) || columnTypes(tb)["invoice_date"] != "DATE" {
		t.Errorf("parquet: %d rows, %d columns", tb.Count, len(tb.Columns))
	}
	dir, _ := unzipTo(t, exportFile(t, "hf", src, Options{}))
	r := readBack(t, "hf", dir)
	checkHF(t, r, 1)
	if r.Tables["rows"].Count != 0 {
		t.Errorf("hf: %d rows", r.Tables["rows"].Count)
	}
	x := readBack(t, "xlsx", exportFile(t, "xlsx", src, Options{}))
	if main := x.Tables["rows"]; main.Count != 0 || len(main.Columns) != len(l.Columns) {
		t.Errorf("xlsx: %d rows, %d header cells", main.Count, len(main.Columns))
	}
}
