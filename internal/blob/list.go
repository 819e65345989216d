package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Info describes one stored blob.
type Info struct {
	Key     string
	ModTime time.Time // when it was last written
}

// Lister is a Store that can enumerate its blobs, which the orphan sweep
// needs. Both built-in stores are Listers.
type Lister interface {
	Store
	// List calls fn for every blob, in no particular order. An error from
	// fn stops the listing and is returned.
	List(ctx context.Context, fn func(Info) error) error
}

var (
	_ Lister = (*Dir)(nil)
	_ Lister = (*S3)(nil)
)

// List walks the folder. Temporary files of Puts in flight (".tmp-*")
// and anything else that is not a blob are not listed, so the sweep never
// deletes what it does not own.
func (d *Dir) List(ctx context.Context, fn func(Info) error) error {
	return filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // removed while walking
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() || !e.Type().IsRegular() {
			return nil
		}
		key := "sha256/" + e.Name()
		if !validKey(key) || filepath.Base(filepath.Dir(p)) != e.Name()[:2] {
			return nil
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		return fn(Info{Key: key, ModTime: fi.ModTime()})
	})
}

// List pages through the objects under the store's prefix.
func (s *S3) List(ctx context.Context, fn func(Info) error) error {
	prefix := s.prefix + "/sha256/"
	if s.prefix == "" {
		prefix = "sha256/"
	}
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("blob: s3 list: %w", err)
		}
		for _, o := range page.Contents {
			if o.Key == nil {
				continue
			}
			key := "sha256/" + strings.TrimPrefix(*o.Key, prefix)
			if !validKey(key) {
				continue
			}
			var mod time.Time
			if o.LastModified != nil {
				mod = *o.LastModified
			}
			if err := fn(Info{Key: key, ModTime: mod}); err != nil {
				return err
			}
		}
	}
	return nil
}
