package ingest

import (
	"archive/zip"
	"bytes"
	"context"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterUnpacker("unpack.zip", zipUnpacker{}, "application/zip")
}

type zipUnpacker struct{}

// Unpack lists a ZIP's regular files as members named "pack.zip/path".
// Symlinks, folders and names escaping the archive are skipped.
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
		if !f.Mode().IsRegular() {
			continue
		}
		name, err := memberPath(f.Name)
		if err != nil {
			continue
		}
		if err := x.entry(); err != nil {
			return nil, err
		}
		rc, err := f.Open()
		if err != nil {
			return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q cannot be opened: %v", name, in.Name, err)
		}
		comp := int64(f.CompressedSize64)
		data, err := x.read(name, rc, func() int64 { return comp })
		rc.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Input{Name: in.Name + "/" + name, Data: data})
	}
	return out, nil
}
