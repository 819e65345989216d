package execution

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// refineWorker runs the bbox-refinement leg: it re-reads the files,
// re-grades each grounded field's box (fields.RefineBoxes), records the
// leg's state and updates the stored result in place.
type refineWorker struct {
	s *Service
	c WorkerConfig
}

type refineJob = queue.Job[RefineArgs]

func (w *refineWorker) Work(ctx context.Context, j *refineJob) error {
	id := j.Args.ExtractionID
	if id == "" { // a job enqueued before jobs carried args
		id = j.Ref
	}
	e, err := w.s.store.ExtractionGet(ctx, j.WorkspaceID, id)
	if errors.Is(err, store.ErrNotFound) {
		return j.Fail(ctx, "extraction not found", nil)
	}
	if err != nil {
		return retryTransient(ctx, j.Run, err)
	}
	var pp api.PostProcessing
	if e.Status != api.ExtractionSucceeded || json.Unmarshal(e.PostProcessing, &pp) != nil || pp.BboxRefinement == nil ||
		pp.BboxRefinement.Status == api.PostSucceeded || pp.BboxRefinement.Status == api.PostFailed {
		return j.CompleteNote(ctx, "nothing to refine")
	}
	leg := pp.BboxRefinement
	if j.Attempts > j.MaxAttempts {
		return w.finish(ctx, j, e, &pp, nil, fmt.Sprintf("gave up after %d attempts; last: %s", j.MaxAttempts, j.LastError))
	}
	now := j.Now().UTC()
	leg.Status, leg.Attempts, leg.Error = api.PostRunning, j.Attempts, nil
	if leg.StartedAt == nil {
		leg.StartedAt = &now
	}
	ppJSON, _ := json.Marshal(pp)
	if err := j.Extend(ctx, func(tx store.Tx) error {
		var err error
		e, err = tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID, PostProcessing: ppJSON})
		return err
	}); err != nil {
		return retryTransient(ctx, j.Run, err)
	}
	rctx, cancel := context.WithTimeout(ctx, w.c.RefineTimeout)
	defer cancel()
	result, rerr := w.refine(rctx, e)
	j.ReleaseSlot()
	if rerr != nil {
		if queue.LeaseLost(ctx) {
			return store.ErrLeaseLost
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return j.RetryOrFail(ctx, rerr, func() error { return w.finish(ctx, j, e, &pp, nil, rerr.Error()) })
	}
	return w.finish(ctx, j, e, &pp, result, "")
}

// finish ends the leg (succeeded with result, or failed with msg) with
// its event and webhook in one lease-guarded transaction.
func (w *refineWorker) finish(ctx context.Context, j *refineJob, e *store.Extraction, pp *api.PostProcessing, result []byte, msg string) error {
	now := j.Now().UTC()
	leg := pp.BboxRefinement
	leg.FinishedAt = &now
	if msg != "" {
		leg.Status, leg.Error = api.PostFailed, &api.ExtractionError{Code: api.ErrCodeBboxRefineFailed, Message: msg}
	} else {
		leg.Status, leg.Error = api.PostSucceeded, nil
	}
	ppJSON, _ := json.Marshal(pp)
	done := *e
	done.PostProcessing = ppJSON
	effects := func(tx store.Tx) error {
		if _, err := tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
			FromStatuses: []string{api.ExtractionSucceeded}, PostProcessing: ppJSON, Result: result}); err != nil {
			return err
		}
		return emit(ctx, tx, &done, nil, w.c.WebhookMaxAttempts, EventPostProcessingCompleted)
	}
	if msg != "" {
		return j.Fail(ctx, msg, effects)
	}
	return j.Complete(ctx, effects)
}

// refine re-reads the files and returns the result JSON with every field
// box re-graded.
func (w *refineWorker) refine(ctx context.Context, e *store.Extraction) ([]byte, error) {
	var res api.ExtractionResult
	if err := json.Unmarshal(e.Result, &res); err != nil {
		return nil, queue.Permanent(fmt.Errorf("stored result is unreadable: %w", err))
	}
	req, err := LoadRequest(ctx, w.s.blobs, e.Request)
	if err != nil {
		return nil, err
	}
	layouts := map[string]*doc.Layout{}
	for _, f := range req.Files {
		files, err := w.s.engine.Loader.Load(ctx, ingest.Input{Name: f.Filename, Data: f.Data, DeclaredType: f.ContentType})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, queue.Permanent(fmt.Errorf("re-reading %q: %w", f.Filename, err))
		}
		for _, lf := range files {
			layouts[lf.Name] = lf.Layout
		}
	}
	fields.RefineBoxes(&res, layouts)
	return json.Marshal(&res)
}
