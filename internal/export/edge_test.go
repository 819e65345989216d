package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"iter"
	"testing"

	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/xuri/excelize/v2"
)

func TestXLSXTableGoesOnInANewSheetPastTheRowLimit(t *testing.T) {
	t.Parallel()
	src := hostileSource()
	var buf bytes.Buffer
	// Three rows per sheet: the header and two records.
	if err := writeXLSXRows(t.Context(), &buf, src, NewLayout(src.schema), 3); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 3 || got[0] != "rows" || got[1] != "line_items" || got[2] != "rows (2)" {
		t.Fatalf("sheets %q, want rows, line_items, rows (2)", got)
	}
	first, _ := f.GetRows("rows")
	second, _ := f.GetRows("rows (2)")
	if len(first) != 3 || len(second) != 2 || second[0][0] != "execution_id" || second[1][0] != "exec_03" {
		t.Errorf("rows sheet %d rows, continuation %v", len(first), second)
	}
}

// failingSource yields one record, then an error, like a store whose
// cursor breaks mid-export.
type failingSource struct{ sliceSource }

var errCursor = errors.New("cursor broke")

func (s failingSource) Records(ctx context.Context) iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		if !yield(s.recs[0], nil) {
			return
		}
		yield(nil, errCursor)
	}
}

func TestSourceErrorsAndCancellationStopEveryWriter(t *testing.T) {
	t.Parallel()
	for _, f := range Formats() {
		err := Write(t.Context(), io.Discard, f.ID, failingSource{hostileSource()}, Options{TempDir: t.TempDir()})
		if !errors.Is(err, errCursor) {
			t.Errorf("%s: source error gave %v", f.ID, err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if err := Write(ctx, io.Discard, f.ID, hostileSource(), Options{TempDir: t.TempDir()}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: cancelled export gave %v", f.ID, err)
		}
	}
}

// Row groups are cut by payload too: four documents of 11 MB text make
// two row groups (33 MB passes the 32 MB cap), not one of 44 MB.
func TestParquetRowGroupsAreBoundedByBytes(t *testing.T) {
	t.Parallel()
	big := string(bytes.Repeat([]byte("metin "), 11<<20/6))
	recs := make([]*Record, 4)
	for i := range recs {
		recs[i] = &Record{ExecutionID: "exec", Pages: []string{big}}
	}
	var buf bytes.Buffer
	if err := Write(t.Context(), &buf, "parquet", sliceSource{recs: recs}, Options{}); err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if pf.NumRowGroups() != 2 || pf.NumRows() != 4 {
		t.Errorf("%d row groups, %d rows; want 2 and 4", pf.NumRowGroups(), pf.NumRows())
	}
}
