package ingest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterUnpacker("unpack.tar", tarUnpacker{}, "application/x-tar")
	RegisterUnpacker("unpack.gzip", gzipUnpacker{}, "application/gzip")
}

type tarUnpacker struct{}

func (tarUnpacker) Unpack(ctx context.Context, env *Env, in Input) ([]Input, error) {
	return untar(ctx, env, in, bytes.NewReader(in.Data), nil)
}

// untar reads regular files from a tar stream. compressed, when set, counts
// the compressed bytes behind the stream (tar.gz) for the ratio check.
func untar(ctx context.Context, env *Env, in Input, r io.Reader, compressed func() int64) ([]Input, error) {
	tr := tar.NewReader(r)
	x := newExpander(env, in.Name)
	var out []Input
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(out) == 0 {
				return nil, problem.New(problem.ArchiveExtractionFailed, "%q is not a readable TAR archive: %v", in.Name, err)
			}
			return nil, problem.New(problem.ArchiveExtractionFailed, "%q is damaged after %d files: %v", in.Name, len(out), err)
		}
		// tar.Reader reports the old TypeRegA as TypeReg.
		regular := h.Typeflag == tar.TypeReg
		if h.Typeflag == tar.TypeDir {
			continue
		}
		name, err := memberPath(h.Name)
		if d, ok := dropReason(err, h.Typeflag == tar.TypeSymlink || h.Typeflag == tar.TypeLink); ok {
			if m, ok := x.drop(h.Name, d); ok {
				out = append(out, m)
			}
			continue
		}
		if err != nil || !regular {
			continue
		}
		if err := x.entry(); err != nil {
			return nil, err
		}
		data, err := x.read(name, tr, compressed)
		if err != nil {
			return nil, err
		}
		out = append(out, Input{Name: in.Name + "/" + name, Data: data})
	}
	return out, nil
}

type gzipUnpacker struct{}

// Unpack decompresses a gzip file: a tar inside fans out into its members,
// anything else becomes one member named without the .gz suffix.
func (gzipUnpacker) Unpack(ctx context.Context, env *Env, in Input) ([]Input, error) {
	src := &countingReader{r: bytes.NewReader(in.Data)}
	zr, err := gzip.NewReader(src)
	if err != nil {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q is not a readable gzip file: %v", in.Name, err)
	}
	zr.Multistream(true)
	counted := func() int64 { return src.n }
	// Peek at the first block to see whether this is a tar.
	head := make([]byte, 512)
	n, err := io.ReadFull(zr, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, problem.New(problem.ArchiveExtractionFailed, "%q is damaged: %v", in.Name, err)
	}
	head = head[:n]
	body := io.MultiReader(bytes.NewReader(head), zr)
	if n == 512 && string(head[257:262]) == "ustar" {
		return untar(ctx, env, in, body, counted)
	}
	name := path.Base(in.Name)
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".tgz"):
		name = name[:len(name)-4] + ".tar"
	case strings.HasSuffix(lower, ".gz"):
		name = name[:len(name)-3]
	case zr.Name != "":
		if clean, err := memberPath(zr.Name); err == nil {
			name = path.Base(clean)
		}
	}
	x := newExpander(env, in.Name)
	if err := x.entry(); err != nil {
		return nil, err
	}
	data, err := x.read(name, body, counted)
	if err != nil {
		return nil, err
	}
	return []Input{{Name: in.Name + "/" + name, Data: data}}, nil
}
