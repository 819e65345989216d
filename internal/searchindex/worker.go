package searchindex

import (
	"context"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// IndexExecutionArgs index one succeeded execution.
type IndexExecutionArgs struct {
	ExtractionID string `json:"extraction_id"`
}

// Kind implements queue.Args.
func (IndexExecutionArgs) Kind() string { return KindIndexExecution }

// IndexDatasetArgs index one dataset version.
type IndexDatasetArgs struct {
	DatasetID string `json:"dataset_id"`
	Version   int    `json:"version"`
}

// Kind implements queue.Args.
func (IndexDatasetArgs) Kind() string { return KindIndexDataset }

// OnExtractionSucceeded enqueues the execution's indexing inside the
// transaction that completes it (execution.WorkerConfig.OnSucceeded), so
// every succeeded execution is indexed once the job commits, and none is
// if it rolls back.
func (s *Service) OnExtractionSucceeded(ctx context.Context, tx store.Tx, e *store.Extraction) error {
	return queue.Insert(ctx, tx, IndexExecutionArgs{ExtractionID: e.ID}, queue.InsertOpts{WorkspaceID: e.WorkspaceID,
		Ref: e.ID, MaxAttempts: s.opt.MaxAttempts})
}

type executionWorker struct{ s *Service }

func (w *executionWorker) Work(ctx context.Context, j *queue.Job[IndexExecutionArgs]) error {
	note, err := w.s.indexExecution(ctx, j.WorkspaceID, j.Args.ExtractionID)
	if err != nil {
		return j.RetryOrFail(ctx, err, func() error { return j.Fail(ctx, err.Error(), nil) })
	}
	if note != "" {
		j.Log().Warn("search index", "extraction_id", j.Args.ExtractionID, "note", note)
		return j.CompleteNote(ctx, note)
	}
	return j.Complete(ctx, nil)
}

type datasetWorker struct{ s *Service }

func (w *datasetWorker) Work(ctx context.Context, j *queue.Job[IndexDatasetArgs]) error {
	st := w.s.store
	ix, err := st.SearchIndexGet(ctx, j.WorkspaceID, j.Args.DatasetID)
	if errors.Is(err, store.ErrNotFound) {
		return j.CompleteNote(ctx, "the index state is gone")
	}
	if err != nil {
		return err
	}
	if ix.JobID != j.ID || ix.Status != store.IndexIndexing {
		return j.CompleteNote(ctx, "a later index request took over")
	}
	if ierr := w.s.indexDataset(ctx, ix); ierr != nil {
		if errors.Is(ierr, ErrNotFound) || errors.Is(ierr, ErrNotReady) {
			ierr = queue.Permanent(ierr)
		}
		return j.RetryOrFail(ctx, ierr, func() error {
			return j.Fail(ctx, ierr.Error(), func(tx store.Tx) error {
				ix.Status, ix.Error, ix.UpdatedAt = store.IndexFailed, ierr.Error(), w.s.now()
				return tx.SearchIndexPut(ctx, ix)
			})
		})
	}
	return j.Complete(ctx, func(tx store.Tx) error {
		ix.Status, ix.Error, ix.UpdatedAt = store.IndexReady, "", w.s.now()
		return tx.SearchIndexPut(ctx, ix)
	})
}

// newJobID is the id of a dataset index job, known before it is queued
// so the index state can name it (a later request supersedes it).
func newJobID() string { return ids.New("job") }

func insertJob(ctx context.Context, tx store.Tx, args IndexDatasetArgs, workspaceID, ref, jobID string, attempts int) error {
	return queue.Insert(ctx, tx, args, queue.InsertOpts{ID: jobID, WorkspaceID: workspaceID, Ref: ref, MaxAttempts: attempts})
}

// mapDataset turns the dataset service's errors into this service's.
func mapDataset(err error) error {
	switch {
	case errors.Is(err, dataset.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, dataset.ErrNotReady):
		return ErrNotReady
	}
	return err
}

// KindPurge is the periodic purge of chunks whose source is gone.
const KindPurge = "search_purge"

// PurgeEvery is how often the purge runs: as often as the retention
// sweep, so masked text leaves the index within the hour its execution
// does.
const PurgeEvery = time.Hour

// PurgeArgs run one purge.
type PurgeArgs struct{}

// Kind implements queue.Args.
func (PurgeArgs) Kind() string { return KindPurge }

type purgeWorker struct{ s *Service }

func (w *purgeWorker) Work(ctx context.Context, j *queue.Job[PurgeArgs]) error {
	n, err := w.s.store.SearchChunksPurge(ctx)
	if err != nil {
		return err
	}
	j.Log().Info("search purge", "chunks_removed", n)
	return j.Complete(ctx, nil)
}
