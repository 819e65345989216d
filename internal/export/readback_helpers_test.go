package export

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
)

// jsTools is tools/js, where scripts/deps.sh installs the readers.
const jsTools = "../../tools/js"

// requireReaders skips when node or the npm readers are missing, except
// under CI=true where a missing reader is a failure: the proof that others
// can read the files must not quietly vanish.
func requireReaders(t *testing.T) {
	t.Helper()
	_, nodeErr := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(jsTools, "node_modules", "@duckdb", "node-api"))
	if nodeErr == nil && modErr == nil {
		return
	}
	fixture.Missing(t, "independent readers missing (need node and `npm ci --prefix tools/js`, which scripts/deps.sh runs)")
}

type readTable struct {
	Count   int `json:"count"`
	Columns []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	} `json:"columns"`
	Rows []map[string]any `json:"rows"`
}

type readResult struct {
	Tables  map[string]readTable `json:"tables"`
	Parquet struct {
		RowGroups any      `json:"row_groups"`
		Codecs    []string `json:"codecs"`
	} `json:"parquet"`
	HF struct {
		Shards []struct {
			Filename   string `json:"filename"`
			IsStream   bool   `json:"isStream"`
			Count      int    `json:"count"`
			SameSchema bool   `json:"sameSchema"`
		} `json:"shards"`
		StateKeys         []string `json:"stateKeys"`
		InfoKeys          []string `json:"infoKeys"`
		FeatureMismatches []string `json:"featureMismatches"`
	} `json:"hf"`
	Sheets []string `json:"sheets"`
}

// exportFile writes src in format to a temp file and returns its path.
func exportFile(t *testing.T, format string, src Source, opt Options) string {
	t.Helper()
	f, _ := Lookup(format)
	path := filepath.Join(t.TempDir(), "out."+f.Ext)
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(t.Context(), out, format, src, opt); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// readBack runs tools/js/readback.mjs on path and decodes its answer.
func readBack(t *testing.T, format, path string) readResult {
	t.Helper()
	script, _ := filepath.Abs(filepath.Join(jsTools, "readback.mjs"))
	cmd := exec.CommandContext(t.Context(), "node", script, format, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("readback %s: %v\n%s", format, err, stderr.String())
	}
	var r readResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("readback %s: %v\n%s", format, err, out)
	}
	return r
}

// unzipTo extracts an hf export for the Arrow reader (Go's archive/zip
// only unpacks; the Arrow files are read by apache-arrow).
func unzipTo(t *testing.T, zipPath string) (string, []string) {
	t.Helper()
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatalf("hf zip: %v", err)
	}
	defer zr.Close()
	dir := t.TempDir()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if strings.ContainsAny(f.Name, `/\`) {
			t.Fatalf("zip entry %q is not at the top level", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir, names
}

// sameValue reports whether a reader's value got matches the exported
// value want of a column of kind k. Readers differ in how they hand back
// numbers (JSON number or string for 64-bit), dates and timestamps, so
// each kind is compared by meaning, never by one reader's spelling.
func sameValue(k Kind, want, got any) bool {
	if want == nil {
		return got == nil || got == ""
	}
	switch k {
	case KindString:
		s, ok := got.(string)
		return ok && s == want.(string)
	case KindFloat:
		f, ok := number(got)
		return ok && math.Abs(f-want.(float64)) < 1e-9
	case KindInt:
		f, ok := number(got)
		return ok && f == float64(want.(int64))
	case KindBool:
		switch g := got.(type) {
		case bool:
			return g == want.(bool)
		case string:
			return g == strconv.FormatBool(want.(bool))
		}
		return false
	case KindDate:
		s, ok := got.(string)
		return ok && strings.HasPrefix(s, want.(time.Time).Format(time.DateOnly))
	case KindTimestamp:
		s, ok := got.(string)
		if !ok {
			return false
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05Z07", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05"} {
			if g, err := time.Parse(layout, s); err == nil {
				return g.Equal(want.(time.Time))
			}
		}
		return false
	case KindJSON:
		w := roundTrip(want)
		if s, ok := got.(string); ok { // JSON text in a flat format
			var g any
			if json.Unmarshal([]byte(s), &g) != nil {
				return false
			}
			got = g
		}
		return jsonCovers(w, got)
	}
	return false
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func roundTrip(v any) any {
	b, _ := json.Marshal(v)
	var out any
	_ = json.Unmarshal(b, &out)
	return out
}

// jsonCovers: got holds every value of want; keys only got has must be
// null (DuckDB gives JSON objects read as one STRUCT type every key of
// every row).
func jsonCovers(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !jsonCovers(v, g[k]) {
				return false
			}
		}
		for k, v := range g {
			if _, ok := w[k]; !ok && v != nil {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !jsonCovers(w[i], g[i]) {
				return false
			}
		}
		return true
	case float64:
		f, ok := number(got)
		return ok && f == w
	}
	return want == got
}

// checkRows compares every value of every record with what the reader
// returned, in order. display adjusts a wanted text the way the format
// documents (the formula apostrophe in csv and xlsx; an empty text there
// is an empty cell, which readers give back as null).
func checkRows(t *testing.T, format string, tb readTable, l Layout, recs []*Record, display func(Kind, string) any) {
	t.Helper()
	if tb.Count != len(recs) || len(tb.Rows) != len(recs) {
		t.Fatalf("%s: reader counted %d rows (%d returned), want %d", format, tb.Count, len(tb.Rows), len(recs))
	}
	if len(tb.Columns) != len(l.Columns) {
		t.Fatalf("%s: reader sees %d columns, want %d", format, len(tb.Columns), len(l.Columns))
	}
	for i, c := range l.Columns {
		if tb.Columns[i].Name != c.Name {
			t.Errorf("%s: column %d is %q, want %q", format, i, tb.Columns[i].Name, c.Name)
		}
	}
	for i, r := range recs {
		for _, c := range l.Columns {
			want := c.Value(r)
			if s, ok := want.(string); ok && display != nil {
				want = display(c.Kind, s)
			}
			if !sameValue(c.Kind, want, tb.Rows[i][c.Name]) {
				t.Errorf("%s: row %d %s = %#v, want %#v", format, i, c.Name, tb.Rows[i][c.Name], want)
			}
		}
	}
}

// columnTypes maps column name to the reader's type name.
func columnTypes(tb readTable) map[string]string {
	m := map[string]string{}
	for _, c := range tb.Columns {
		m[c.Name] = c.Type
	}
	return m
}
