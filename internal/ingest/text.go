package ingest

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
	"golang.org/x/text/encoding/charmap"
)

func init() {
	RegisterReader("reader.text", textReader{}, "text/plain", "text/markdown", "application/json",
		"application/x-ndjson", "text/x-rst")
	RegisterReader("reader.csv", csvReader{}, "text/csv", "text/tab-separated-values")
}

// DecodeText returns data as UTF-8: BOMs and UTF-16 are honoured, and bytes
// that are not UTF-8 are read as Windows-1252 (the usual culprit).
func DecodeText(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], true)
	case len(data) >= 4 && data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return decodeUTF16(data, false)
	case len(data) >= 4 && data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return decodeUTF16(data, true)
	}
	if utf8.Valid(data) {
		return string(data)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(s)
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return string(utf16.Decode(u))
}

type textReader struct{}

func (textReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	text := DecodeText(in.Data)
	n, err := checkWords(ctx, env, in.Name, text)
	if err != nil {
		return nil, err
	}
	b := doc.NewBuilder()
	b.Grow(n, len(text))
	b.StartPage(doc.Page{Source: doc.SourceNative})
	if err := eachLine(ctx, text, b.AddTextLine); err != nil {
		return nil, err
	}
	return &Read{Layout: b.Layout()}, nil
}

type csvReader struct{}

// Read keeps a CSV/TSV as one table; each row is also a line of text.
func (csvReader) Read(ctx context.Context, env *Env, in Input) (*Read, error) {
	text := DecodeText(in.Data)
	n, err := checkWords(ctx, env, in.Name, text)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if strings.HasSuffix(strings.ToLower(in.Name), ".tsv") || Sniff(in.Data, in.Name, in.DeclaredType) == "text/tab-separated-values" {
		r.Comma = '\t'
	}
	b := doc.NewBuilder()
	b.Grow(n, len(text))
	b.StartPage(doc.Page{Source: doc.SourceNative})
	var cells []doc.Cell
	rows, cols := 0, 0
	for {
		if rows%ctxEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		rec, err := r.Read()
		if err != nil {
			break
		}
		var line []doc.Word
		for c, v := range rec {
			for _, f := range strings.Fields(v) {
				line = append(line, doc.Word{Text: f})
			}
			cells = append(cells, doc.Cell{Row: rows, Col: c, Text: strings.TrimSpace(v), FirstWord: -1, EndWord: -1})
		}
		if len(rec) > cols {
			cols = len(rec)
		}
		b.AddLine(line)
		rows++
	}
	if rows == 0 {
		// Not parseable as CSV: keep the text.
		if err := eachLine(ctx, text, b.AddTextLine); err != nil {
			return nil, err
		}
	} else {
		b.AddTable(doc.Table{Cells: cells, Rows: rows, Cols: cols})
	}
	return &Read{Layout: b.Layout()}, nil
}
