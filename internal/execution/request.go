package execution

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
)

// StoredRequest is the request as an extraction row keeps it: the
// request JSON with each file's bytes moved to the blob store and
// replaced by its key. Both the sync and the async path write it; the
// workers read it back.
type StoredRequest struct {
	*api.ExtractRequest
	Files []StoredFile `json:"files"`
}

// StoredFile is one file of a StoredRequest.
type StoredFile struct {
	api.FileInput
	BlobKey string `json:"blob_key"`
	Bytes   int    `json:"bytes"`
}

// PersistRequest stores each file's bytes in blobs and returns the
// StoredRequest JSON.
func PersistRequest(ctx context.Context, blobs blob.Store, req *api.ExtractRequest) ([]byte, error) {
	sr := StoredRequest{ExtractRequest: req}
	for _, f := range req.Files {
		key, err := blobs.Put(ctx, f.Data)
		if err != nil {
			return nil, err
		}
		f.ContentBase64 = ""
		sr.Files = append(sr.Files, StoredFile{FileInput: f, BlobKey: key, Bytes: len(f.Data)})
	}
	return json.Marshal(sr)
}

// ParseRequest reads a StoredRequest without loading any file.
func ParseRequest(raw []byte) (*StoredRequest, error) {
	sr := StoredRequest{ExtractRequest: &api.ExtractRequest{}}
	if err := json.Unmarshal(raw, &sr); err != nil {
		return nil, queue.Permanent(fmt.Errorf("stored request is unreadable: %w", err))
	}
	return &sr, nil
}

// LoadRequest rebuilds the request with each file's bytes from blobs.
func LoadRequest(ctx context.Context, blobs blob.Store, raw []byte) (*api.ExtractRequest, error) {
	sr, err := ParseRequest(raw)
	if err != nil {
		return nil, err
	}
	req := *sr.ExtractRequest
	req.Files = nil
	for _, f := range sr.Files {
		data, err := blobs.Get(ctx, f.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("file %q: %w", f.Filename, err)
		}
		fi := f.FileInput
		fi.Data = data
		req.Files = append(req.Files, fi)
	}
	return &req, nil
}

// wantsRefine reports whether the stored request asked for the
// bbox-refinement leg.
func wantsRefine(raw []byte) bool {
	sr, err := ParseRequest(raw)
	return err == nil && sr.Options.Enabled(api.StageBboxRefine)
}
