package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
)

// hf: a zip of the folder HuggingFace datasets' save_to_disk writes, so
// load_from_disk reads it after unzipping:
//
//	data-00000-of-0000N.arrow   Arrow IPC stream files (shards)
//	dataset_info.json           features matching the Arrow schema
//	state.json                  the shard list and format state
//
// Every shard's name carries the shard count N, which is only known once
// the last record is written, so shards are spilled to TempDir first and
// copied into the zip at the end: memory stays at one batch, disk holds
// the dataset once.
func init() { register("hf", writeHF) }

const (
	defaultShardBytes = 256 << 20
	// hfBatchRows matches the datasets library's default writer batch, so
	// a reader maps record batches of the same size it would write itself.
	hfBatchRows = 1000
)

func writeHF(ctx context.Context, w io.Writer, src Source, l Layout, opt Options) error {
	shardBytes := opt.ShardBytes
	if shardBytes <= 0 {
		shardBytes = defaultShardBytes
	}
	dir, err := os.MkdirTemp(opt.TempDir, "quarry-hf-*")
	if err != nil {
		return fmt.Errorf("export hf: spill folder: %w", err)
	}
	defer os.RemoveAll(dir)

	features := hfFeatures(l)
	ab := newArrowBatcher(l)
	defer ab.release()
	schema := arrow.NewSchema(ab.schema.Fields(), hfSchemaMetadata(features))

	sw := &shardWriter{dir: dir, schema: schema, limit: shardBytes}
	defer sw.abort()
	rows := 0
	err = records(ctx, src, func(r *Record) error {
		ab.append(r)
		rows++
		if ab.full(hfBatchRows) {
			return sw.write(ab.flush())
		}
		return nil
	})
	if err == nil {
		err = sw.write(ab.flush())
	}
	if err == nil {
		err = sw.closeShard()
	}
	if err != nil {
		return fmt.Errorf("export hf: %w", err)
	}
	if len(sw.shards) == 0 { // an empty dataset is one shard with no rows
		if err := sw.open(); err != nil {
			return err
		}
		if err := sw.closeShard(); err != nil {
			return err
		}
	}
	return zipHF(w, sw.shards, features, hfState(src.Schema(), sw.shards, rows))
}

// shardWriter writes record batches to Arrow stream files, starting a new
// file once one passes the size limit.
type shardWriter struct {
	dir    string
	schema *arrow.Schema
	limit  int64
	shards []string

	f   *os.File
	bw  *bufio.Writer
	cw  *countingWriter
	ipc *ipc.Writer
}

func (s *shardWriter) open() error {
	path := filepath.Join(s.dir, fmt.Sprintf("shard-%d.arrow", len(s.shards)))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	s.f, s.bw = f, bufio.NewWriterSize(f, 1<<20)
	s.cw = &countingWriter{w: s.bw}
	s.ipc = ipc.NewWriter(s.cw, ipc.WithSchema(s.schema))
	s.shards = append(s.shards, path)
	return nil
}

func (s *shardWriter) write(rec arrow.RecordBatch) error {
	if rec == nil {
		return nil
	}
	defer rec.Release()
	if s.ipc == nil {
		if err := s.open(); err != nil {
			return err
		}
	}
	if err := s.ipc.Write(rec); err != nil {
		return err
	}
	if s.cw.n >= s.limit {
		return s.closeShard()
	}
	return nil
}

func (s *shardWriter) closeShard() error {
	if s.ipc == nil {
		return nil
	}
	err := s.ipc.Close()
	if ferr := s.bw.Flush(); err == nil {
		err = ferr
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.ipc, s.f = nil, nil
	return err
}

func (s *shardWriter) abort() {
	if s.f != nil {
		s.f.Close()
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// zipHF streams the shards and the two JSON files into a zip. Deflate at
// its fastest level: text compresses several-fold, and the best levels
// would cost more time than the download saves.
func zipHF(w io.Writer, shards []string, features []byte, state []byte) error {
	zw := zip.NewWriter(w)
	now := time.Now() // entry dates: without one, unzip shows 1980
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	for i, path := range shards {
		name := fmt.Sprintf("data-%05d-of-%05d.arrow", i, len(shards))
		if err := zipFile(zw, name, path, now); err != nil {
			return fmt.Errorf("export hf: %s: %w", name, err)
		}
	}
	info := []byte(`{"citation":"","description":"","features":` + string(features) + `,"homepage":"","license":""}`)
	for _, f := range []struct {
		name string
		body []byte
	}{{"dataset_info.json", info}, {"state.json", state}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: now})
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.body); err != nil {
			return err
		}
	}
	return zw.Close()
}

func zipFile(zw *zip.Writer, name, path string, modified time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return err
	}
	_, err = io.Copy(fw, f)
	return err
}

// hfFeatures is the datasets library's Features dict for the layout, in
// column order (load_from_disk compares it with the Arrow schema field by
// field, so the order must match). Every column is a Value whose dtype is
// the datasets name of its Arrow type.
func hfFeatures(l Layout) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range l.Columns {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(c.Name)
		b.Write(name)
		fmt.Fprintf(&b, `:{"dtype":%q,"_type":"Value"}`, hfDtype(c.Kind))
	}
	b.WriteByte('}')
	return b.Bytes()
}

func hfDtype(k Kind) string {
	switch k {
	case KindFloat:
		return "float64"
	case KindInt:
		return "int64"
	case KindBool:
		return "bool"
	case KindDate:
		return "date32"
	case KindTimestamp:
		return "timestamp[us, tz=UTC]"
	}
	return "string"
}

// hfSchemaMetadata is what the datasets library's own writer stores in
// each Arrow file's schema, so a reader that opens one shard alone still
// gets the features.
func hfSchemaMetadata(features []byte) *arrow.Metadata {
	m := arrow.NewMetadata([]string{"huggingface"}, []string{`{"info":{"features":` + string(features) + `}}`})
	return &m
}

// hfState is state.json. The fingerprint is derived from the dataset's
// name, shape and row count: stable for the same export, different when
// the rows change, which is all the datasets cache uses it for.
func hfState(s Schema, shards []string, rows int) []byte {
	type dataFile struct {
		Filename string `json:"filename"`
	}
	files := make([]dataFile, len(shards))
	for i := range shards {
		files[i] = dataFile{fmt.Sprintf("data-%05d-of-%05d.arrow", i, len(shards))}
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%d|%d", s.Name, s.Slug, len(shards), rows))
	state := struct {
		DataFiles        []dataFile     `json:"_data_files"`
		Fingerprint      string         `json:"_fingerprint"`
		FormatColumns    []string       `json:"_format_columns"`
		FormatKwargs     map[string]any `json:"_format_kwargs"`
		FormatType       *string        `json:"_format_type"`
		OutputAllColumns bool           `json:"_output_all_columns"`
		Split            *string        `json:"_split"`
	}{DataFiles: files, Fingerprint: hex.EncodeToString(sum[:8]), FormatKwargs: map[string]any{}}
	b, _ := json.MarshalIndent(state, "", "  ")
	return b
}
