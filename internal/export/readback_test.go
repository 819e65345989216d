package export

import (
	"fmt"
	"strings"
	"testing"
)

// Each test writes the hostile fixture and reads it back with a reader
// Quarry did not write, then compares counts, types and every value.

func TestParquetReadByDuckDB(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := hostileSource()
	l := NewLayout(src.schema)
	r := readBack(t, "parquet", exportFile(t, "parquet", src, Options{RowGroupRows: 2}))
	tb := r.Tables["rows"]
	checkRows(t, "parquet", tb, l, src.recs, nil)
	types := columnTypes(tb)
	for col, want := range map[string]string{
		"quality_score": "DOUBLE", "item_count": "BIGINT", "paid": "BOOLEAN",
		"invoice_date": "DATE", "created_at": "TIMESTAMP WITH TIME ZONE",
		"pii_masked": "BOOLEAN", "pii.email": "BIGINT", "line_items": "VARCHAR", "text": "VARCHAR",
	} {
		if types[col] != want {
			t.Errorf("parquet %s is %s, want %s", col, types[col], want)
		}
	}
	if n, _ := number(r.Parquet.RowGroups); n != 2 { // 3 rows, 2 per group
		t.Errorf("row groups = %v, want 2", r.Parquet.RowGroups)
	}
	if len(r.Parquet.Codecs) != 1 || r.Parquet.Codecs[0] != "ZSTD" {
		t.Errorf("codecs = %v, want [ZSTD]", r.Parquet.Codecs)
	}
}

func TestCSVReadByDuckDB(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := hostileSource()
	l := NewLayout(src.schema)
	tb := readBack(t, "csv", exportFile(t, "csv", src, Options{})).Tables["rows"]
	checkRows(t, "csv", tb, l, src.recs, spreadsheetText)
	types := columnTypes(tb)
	for col, want := range map[string]string{"quality_score": "DOUBLE", "pii_total": "BIGINT", "pii_masked": "BOOLEAN"} {
		if types[col] != want {
			t.Errorf("csv %s sniffed as %s, want %s", col, types[col], want)
		}
	}
	if got := tb.Rows[0]["invoice_number"]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("formula cell = %q, want the apostrophe prefix", got)
	}
}

func TestJSONAndJSONLReadByDuckDB(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := hostileSource()
	l := NewLayout(src.schema)
	for _, format := range []string{"json", "jsonl"} {
		tb := readBack(t, format, exportFile(t, format, src, Options{})).Tables["rows"]
		checkRows(t, format, tb, l, src.recs, nil)
		types := columnTypes(tb)
		if types["quality_score"] != "DOUBLE" || types["pii_masked"] != "BOOLEAN" || types["pii.email"] != "BIGINT" {
			t.Errorf("%s types: quality_score %s, pii_masked %s, pii.email %s", format, types["quality_score"], types["pii_masked"], types["pii.email"])
		}
		if !strings.HasSuffix(types["line_items"], "[]") {
			t.Errorf("%s: line_items read as %s, want a list (arrays stay arrays in JSON)", format, types["line_items"])
		}
	}
}

func TestHFReadByApacheArrow(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := hostileSource()
	l := NewLayout(src.schema)
	dir, names := unzipTo(t, exportFile(t, "hf", src, Options{}))
	want := []string{"data-00000-of-00001.arrow", "dataset_info.json", "state.json"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("zip entries %v, want %v", names, want)
	}
	r := readBack(t, "hf", dir)
	checkRows(t, "hf", r.Tables["rows"], l, src.recs, nil)
	checkHF(t, r, 1)
	types := columnTypes(r.Tables["rows"])
	for col, want := range map[string]string{
		"quality_score": "Float64", "item_count": "Int64", "paid": "Bool", "invoice_date": "Date32<DAY>",
		"created_at": "Timestamp<MICROSECOND, UTC>", "text": "Utf8",
	} {
		if types[col] != want {
			t.Errorf("arrow %s is %s, want %s", col, types[col], want)
		}
	}
}

func TestHFShardsBySize(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	recs := make([]*Record, 2500)
	for i := range recs {
		recs[i] = &Record{ExecutionID: fmt.Sprintf("exec_%04d", i), QualityScore: float64(i % 100), Pages: []string{"page text"}}
	}
	src := sliceSource{schema: Schema{Slug: "big"}, recs: recs}
	// A one-byte limit closes a shard after every batch (1000 rows).
	dir, names := unzipTo(t, exportFile(t, "hf", src, Options{ShardBytes: 1}))
	if names[0] != "data-00000-of-00003.arrow" || names[2] != "data-00002-of-00003.arrow" {
		t.Fatalf("zip entries %v, want three shards", names)
	}
	r := readBack(t, "hf", dir)
	checkHF(t, r, 3)
	counts := []int{}
	for _, s := range r.HF.Shards {
		counts = append(counts, s.Count)
	}
	if fmt.Sprint(counts) != "[1000 1000 500]" {
		t.Errorf("shard rows %v, want [1000 1000 500]", counts)
	}
	rows := r.Tables["rows"].Rows
	if len(rows) != 2500 || rows[2499]["execution_id"] != "exec_2499" {
		t.Errorf("rows %d, last %v", len(rows), rows[len(rows)-1]["execution_id"])
	}
}

func checkHF(t *testing.T, r readResult, shards int) {
	t.Helper()
	if len(r.HF.Shards) != shards {
		t.Fatalf("state.json lists %d shards, want %d", len(r.HF.Shards), shards)
	}
	for _, s := range r.HF.Shards {
		if !s.IsStream || !s.SameSchema {
			t.Errorf("shard %s: stream %v, same schema %v", s.Filename, s.IsStream, s.SameSchema)
		}
	}
	if len(r.HF.FeatureMismatches) > 0 {
		t.Errorf("dataset_info.json features do not match the Arrow schema: %v", r.HF.FeatureMismatches)
	}
	if got := strings.Join(r.HF.StateKeys, ","); got != "_data_files,_fingerprint,_format_columns,_format_kwargs,_format_type,_output_all_columns,_split" {
		t.Errorf("state.json keys %s", got)
	}
	if got := strings.Join(r.HF.InfoKeys, ","); got != "citation,description,features,homepage,license" {
		t.Errorf("dataset_info.json keys %s", got)
	}
}

func TestXLSXReadByExcelJS(t *testing.T) {
	t.Parallel()
	requireReaders(t)
	src := hostileSource()
	l := NewLayout(src.schema)
	r := readBack(t, "xlsx", exportFile(t, "xlsx", src, Options{}))
	if strings.Join(r.Sheets, ",") != "rows,line_items" {
		t.Fatalf("sheets %v, want rows,line_items", r.Sheets)
	}
	// ExcelJS gives each cell its type and value; check both per kind.
	main := r.Tables["rows"]
	cellType := map[Kind]string{KindString: "String", KindJSON: "String", KindFloat: "Number", KindInt: "Number", KindBool: "Boolean", KindDate: "Date", KindTimestamp: "Date"}
	flat := readTable{Count: main.Count, Columns: main.Columns}
	for i, row := range main.Rows {
		vals := map[string]any{}
		for _, c := range l.Columns {
			cell, _ := row[c.Name].(map[string]any)
			want := c.Value(src.recs[i])
			if want != nil && want != "" && cell["type"] != cellType[c.Kind] {
				t.Errorf("xlsx row %d %s: cell type %v, want %s", i, c.Name, cell["type"], cellType[c.Kind])
			}
			vals[c.Name] = cell["value"]
		}
		flat.Rows = append(flat.Rows, vals)
	}
	checkRows(t, "xlsx", flat, l, src.recs, spreadsheetText)

	items := r.Tables["line_items"]
	if items.Count != 2 {
		t.Fatalf("line_items sheet has %d rows, want 2", items.Count)
	}
	first := items.Rows[1]
	if v := first["execution_id"].(map[string]any)["value"]; v != "exec_01" {
		t.Errorf("child row parent = %v", v)
	}
	if v := first["description"].(map[string]any)["value"]; v != "'-Şeker" {
		t.Errorf("child description = %v, want the formula-neutralised text", v)
	}
	if c := first["quantity"].(map[string]any); c["type"] != "Number" || c["value"] != 1.5 {
		t.Errorf("child quantity = %v", c)
	}
}

// spreadsheetText is what csv and xlsx readers give back for a text: the
// formula apostrophe added, and null for an empty cell.
func spreadsheetText(_ Kind, s string) any {
	if s == "" {
		return nil
	}
	return neutralizeFormula(s)
}
