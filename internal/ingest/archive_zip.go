package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"io"
	"io/fs"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterUnpacker("unpack.zip", zipUnpacker{}, "application/zip")
}

type zipUnpacker struct{}

// Unpack lists a ZIP's regular files as members named "pack.zip/path".
// Folders are skipped; links and names escaping the archive are returned
// as dropped members (Input.Dropped) so that the caller can say why.
func (zipUnpacker) Unpack(ctx context.Context, env *Env, in Input) ([]Input, error) {
	zr, err := zip.NewReader(bytes.NewReader(in.Data), int64(len(in.Data)))
	if err != nil {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q is not a readable ZIP archive: %v", in.Name, err)
	}
	x := newExpander(env, in.Name)
	var out []Input
	for _, f := range zr.File {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if f.Mode().IsDir() {
			continue
		}
		name, err := memberPath(f.Name)
		if d, ok := dropReason(err, f.Mode()&fs.ModeSymlink != 0); ok {
			if m, ok := x.drop(f.Name, d); ok {
				out = append(out, m)
			}
			continue
		}
		if err != nil || !f.Mode().IsRegular() {
			continue
		}
		if err := x.entry(); err != nil {
			return nil, err
		}
		data, err := readZipMember(x, name, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Input{Name: in.Name + "/" + name, Data: data})
	}
	return out, nil
}

// readZipMember decompresses one member from its raw bytes. The central
// directory's sizes are the archive's word, not a fact: a compressed size
// that lies upwards would make a 1000:1 bomb look like 60:1. So the ratio
// is checked against the compressed bytes actually consumed, the output is
// counted as it is produced (by the expander), and the result must then
// match the stated size and checksum as archive/zip itself requires.
func readZipMember(x *expander, name string, f *zip.File) ([]byte, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q cannot be opened: %v", name, x.name, err)
	}
	src := &countingReader{r: raw}
	var r io.Reader
	switch f.Method {
	case zip.Store:
		r = src
	case zip.Deflate:
		fr := flate.NewReader(src)
		defer fr.Close()
		r = fr
	default:
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q uses an unsupported compression method (%d).", name, x.name, f.Method)
	}
	data, err := x.read(name, r, func() int64 { return src.n })
	if err != nil {
		return nil, err
	}
	if uint64(len(data)) != f.UncompressedSize64 || (f.CRC32 != 0 && crc32.ChecksumIEEE(data) != f.CRC32) {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q is damaged: its size or checksum does not match the archive's directory.", name, x.name).
			With("filename", x.name)
	}
	return data, nil
}
