package execution

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// KindBlobSweep is the periodic removal of blobs no extraction references.
const KindBlobSweep = "blob_sweep"

// BlobSweepEvery is how often the sweep runs. Orphans are rare (a submit
// that stored its files and then lost an idempotency race or the
// database), so an hour's delay past the grace period costs little.
const BlobSweepEvery = time.Hour

// BlobSweepArgs runs one sweep; a sweep has no arguments.
type BlobSweepArgs struct{}

// Kind implements queue.Args.
func (BlobSweepArgs) Kind() string { return KindBlobSweep }

// SweepResult counts what one sweep saw.
type SweepResult struct {
	Listed, Deleted int
}

// SweepBlobs deletes the blobs no stored request references that were
// last written before olderThan.
//
// Files are written to the blob store before their row is inserted, so a
// blob without a row is normal for as long as a submit takes; the grace
// period covers that. The referenced keys are read first and the blobs
// listed after: a row inserted meanwhile references a blob its submit
// just wrote (or re-wrote, which renews its time), so the listing sees it
// as fresh and keeps it.
func SweepBlobs(ctx context.Context, st store.Store, blobs blob.Lister, olderThan time.Time) (SweepResult, error) {
	var res SweepResult
	referenced := map[string]bool{}
	err := st.ExtractionRequestScan(ctx, func(raw []byte) error {
		sr, err := ParseRequest(raw)
		if err != nil {
			// A row whose request cannot be read references nothing the
			// sweep can know about; refusing to sweep at all would let
			// one bad row keep every orphan for ever, so it is skipped.
			return nil
		}
		for _, f := range sr.Files {
			if f.BlobKey != "" {
				referenced[f.BlobKey] = true
			}
		}
		return nil
	})
	if err != nil {
		return res, err
	}
	err = blobs.List(ctx, func(b blob.Info) error {
		res.Listed++
		if referenced[b.Key] || !b.ModTime.Before(olderThan) {
			return nil
		}
		if err := blobs.Delete(ctx, b.Key); err != nil {
			return err
		}
		res.Deleted++
		return nil
	})
	return res, err
}

// blobSweepWorker runs SweepBlobs on the periodic schedule.
type blobSweepWorker struct {
	s     *Service
	blobs blob.Lister
	grace time.Duration
}

func (w *blobSweepWorker) Work(ctx context.Context, j *queue.Job[BlobSweepArgs]) error {
	res, err := SweepBlobs(ctx, w.s.store, w.blobs, j.Now().Add(-w.grace))
	if err != nil {
		// The next slot sweeps again; retrying sooner would only repeat
		// a full listing against a store that just failed.
		j.Log().Warn("blob sweep failed", "err", err, "deleted", res.Deleted)
		return nil
	}
	j.Log().Info("blob sweep finished", "listed", res.Listed, "deleted", res.Deleted)
	return nil
}
