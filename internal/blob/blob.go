// Package blob stores submitted file bytes outside the database: a local
// folder in embedded mode; an S3-compatible bucket for scale-out comes with
// the async issue. Keys are content addresses (sha256), so storing the same
// file twice costs nothing and a key never points to changed bytes.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNotFound is returned for an unknown key.
var ErrNotFound = errors.New("blob: not found")

// Store keeps blobs by key.
type Store interface {
	Put(ctx context.Context, data []byte) (key string, err error)
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// Key returns the content address of data.
func Key(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256/" + hex.EncodeToString(sum[:])
}

// Dir is a Store in a local folder.
type Dir struct{ root string }

// NewDir returns a folder store, creating the folder.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Dir{root: root}, nil
}

func (d *Dir) path(key string) (string, error) {
	if !strings.HasPrefix(key, "sha256/") || len(key) != len("sha256/")+64 || strings.ContainsAny(key[7:], "./\\") {
		return "", fmt.Errorf("blob: bad key %q", key)
	}
	h := key[7:]
	return filepath.Join(d.root, h[:2], h), nil
}

// Put writes data atomically (temp file + rename) and returns its key.
func (d *Dir) Put(ctx context.Context, data []byte) (string, error) {
	key := Key(data)
	p, _ := d.path(key)
	if _, err := os.Stat(p); err == nil {
		// A Put of bytes already stored renews their age, as an S3 upload
		// does: the orphan sweep keeps blobs written within its grace
		// period, so a row about to reference an old orphan keeps it.
		// A blob deleted meanwhile is written again below.
		now := time.Now()
		err := os.Chtimes(p, now, now)
		if err == nil {
			return key, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return key, nil
}

// Get reads a blob.
func (d *Dir) Get(ctx context.Context, key string) ([]byte, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	return b, err
}

// Delete removes a blob; deleting a missing blob is not an error.
func (d *Dir) Delete(ctx context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
