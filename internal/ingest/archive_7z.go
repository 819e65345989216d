package ingest

import (
	"bytes"
	"context"
	"io/fs"

	"github.com/bodgit/sevenzip"
	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterUnpacker("unpack.7z", sevenZipUnpacker{}, "application/x-7z-compressed")
}

type sevenZipUnpacker struct{}

// Unpack reads a 7z archive's regular files. 7z has no per-file compressed
// size in solid archives, so the ratio check uses the whole archive's size:
// a member may not decompress to more than MaxRatio times the archive.
func (sevenZipUnpacker) Unpack(ctx context.Context, env *Env, in Input) (out []Input, err error) {
	defer func() {
		// The 7z decoders are third-party code fed untrusted bytes.
		if r := recover(); r != nil {
			out, err = nil, problem.New(problem.ArchiveExtractionFailed, "%q is a damaged 7z archive.", in.Name)
		}
	}()
	zr, err := sevenzip.NewReader(bytes.NewReader(in.Data), int64(len(in.Data)))
	if err != nil {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q is not a readable 7z archive: %v", in.Name, err)
	}
	x := newExpander(env, in.Name)
	whole := int64(len(in.Data))
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
		rc, err := f.Open()
		if err != nil {
			return nil, problem.New(problem.ArchiveExtractionFailed, "%q inside %q cannot be opened: %v", name, in.Name, err)
		}
		data, err := x.read(name, rc, func() int64 { return whole })
		rc.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Input{Name: in.Name + "/" + name, Data: data})
	}
	return out, nil
}
