package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Format is one export format as the /v1 export route serves it.
type Format struct {
	ID          string // canonical id: jsonl, json, csv, parquet, md, xml, xlsx, hf, rag
	Ext         string // file extension, without the dot
	ContentType string
}

// formats lists the nine formats; aliases map onto them in Lookup.
var formats = []Format{
	{ID: "jsonl", Ext: "jsonl", ContentType: "application/x-ndjson"},
	{ID: "json", Ext: "json", ContentType: "application/json"},
	{ID: "csv", Ext: "csv", ContentType: "text/csv; charset=utf-8"},
	{ID: "parquet", Ext: "parquet", ContentType: "application/vnd.apache.parquet"},
	{ID: "md", Ext: "md", ContentType: "text/markdown; charset=utf-8"},
	{ID: "xml", Ext: "xml", ContentType: "application/xml"},
	{ID: "xlsx", Ext: "xlsx", ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{ID: "hf", Ext: "zip", ContentType: "application/zip"},
	{ID: "rag", Ext: "json", ContentType: "application/json"},
}

var aliases = map[string]string{"markdown": "md", "arrow": "hf"}

// Formats returns the nine formats in their documented order.
func Formats() []Format { return append([]Format(nil), formats...) }

// Lookup resolves a format id or alias, case-insensitively.
func Lookup(id string) (Format, bool) {
	id = strings.ToLower(strings.TrimSpace(id))
	if a, ok := aliases[id]; ok {
		id = a
	}
	for _, f := range formats {
		if f.ID == id {
			return f, true
		}
	}
	return Format{}, false
}

// Options tune one export. Zero values take the documented defaults.
type Options struct {
	// MinQuality keeps only records of this grade or better (rag only).
	MinQuality string
	// TempDir holds the hf export's shard files while the zip is written
	// (the shard count is in every shard's name, so it must be known
	// before the first one enters the zip); "" is os.TempDir().
	TempDir string
	// RowGroupRows is the Parquet row group length (default 10,000).
	RowGroupRows int
	// ShardBytes bounds one hf Arrow shard (default 256 MiB).
	ShardBytes int64
}

// ErrFormat is returned for a format id Lookup does not know.
var ErrFormat = errors.New("unknown export format")

// ErrOption is returned for an option value a writer cannot use.
var ErrOption = errors.New("invalid export option")

// Exporter writes every record of src to w in one format.
type Exporter func(ctx context.Context, w io.Writer, src Source, l Layout, opt Options) error

// exporters is filled by each format_<id>.go's init.
var exporters = map[string]Exporter{}

func register(id string, e Exporter) {
	if _, ok := Lookup(id); !ok {
		panic("export: register of a format not in the table: " + id)
	}
	exporters[id] = e
}

// Write streams src to w in the given format.
func Write(ctx context.Context, w io.Writer, format string, src Source, opt Options) error {
	f, ok := Lookup(format)
	if !ok {
		return fmt.Errorf("%w: %q", ErrFormat, format)
	}
	e, ok := exporters[f.ID]
	if !ok {
		return fmt.Errorf("%w: %q has no writer", ErrFormat, f.ID)
	}
	if opt.MinQuality != "" && gradeRank(opt.MinQuality) < 0 {
		return fmt.Errorf("%w: min_quality %q is not a grade A-D", ErrOption, opt.MinQuality)
	}
	return e(ctx, w, src, NewLayout(src.Schema()), opt)
}

// records yields src's records and stops on the context, so a client that
// hangs up ends the export at the next row.
func records(ctx context.Context, src Source, each func(*Record) error) error {
	for rec, err := range src.Records(ctx) {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if rec == nil {
			continue
		}
		if err := each(rec); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// gradeRank orders grades A (best, 3) to D (0); -1 is not a grade.
func gradeRank(g string) int {
	switch strings.ToUpper(strings.TrimSpace(g)) {
	case "A":
		return 3
	case "B":
		return 2
	case "C":
		return 1
	case "D":
		return 0
	}
	return -1
}
