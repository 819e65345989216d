package export

import (
	"context"
	"encoding/json"
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

// Options tune one export.
type Options struct {
	// MinQuality keeps only records of this grade or better (rag only).
	MinQuality string
}

// ErrFormat is returned for a format id Lookup does not know.
var ErrFormat = errors.New("unknown export format")

// Write streams src to w in the given format.
func Write(ctx context.Context, w io.Writer, format string, src Source, opt Options) error {
	f, ok := Lookup(format)
	if !ok {
		return fmt.Errorf("%w: %q", ErrFormat, format)
	}
	switch f.ID {
	case "jsonl":
		return writeJSONL(ctx, w, src)
	}
	// The remaining writers land with the export package's own change.
	return fmt.Errorf("export: %s writer not built yet", f.ID)
}

func writeJSONL(ctx context.Context, w io.Writer, src Source) error {
	enc := json.NewEncoder(w)
	for rec, err := range src.Records(ctx) {
		if err != nil {
			return err
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	return nil
}
