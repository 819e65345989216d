package execution

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/pipeline"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// extractionWorker runs the main pipeline of one async extraction.
type extractionWorker struct {
	s *Service
	c WorkerConfig
}

type extractionJob = queue.Job[ExtractionArgs]

func (w *extractionWorker) Work(ctx context.Context, j *extractionJob) error {
	st := w.s.store
	id := j.Args.ExtractionID
	if id == "" { // a job enqueued before jobs carried args
		id = j.Ref
	}
	e, err := st.ExtractionGet(ctx, j.WorkspaceID, id)
	if errors.Is(err, store.ErrNotFound) {
		return j.Fail(ctx, "extraction not found", nil)
	}
	if err != nil {
		return retryTransient(ctx, j.Run, err)
	}
	if isTerminal(e.Status) { // cancelled, or finished by an earlier run
		return j.CompleteNote(ctx, "extraction already "+e.Status)
	}
	if j.Attempts > j.MaxAttempts {
		// Only reaped runs get here: each crash of a worker used one attempt.
		return w.fail(ctx, j, e, fmt.Sprintf("gave up after %d attempts; last: %s", j.MaxAttempts, j.LastError))
	}
	now := j.Now().UTC()
	start := store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
		FromStatuses: []string{api.ExtractionQueued, api.ExtractionRunning},
		Status:       ptr(api.ExtractionRunning), Attempts: ptr(j.Attempts), ClearError: true}
	if e.StartedAt == nil { // started_at is the first start; attempts counts the runs
		start.StartedAt = &now
	}
	err = j.Extend(ctx, func(tx store.Tx) error {
		var err error
		e, err = tx.ExtractionUpdate(ctx, start)
		return err
	})
	if errors.Is(err, store.ErrConflict) { // cancelled between claim and start
		return j.CompleteNote(ctx, "extraction no longer queued")
	}
	if err != nil {
		return retryTransient(ctx, j.Run, err)
	}
	res, runErr := w.runPipeline(ctx, j, e)
	j.ReleaseSlot()
	if runErr != nil {
		if queue.LeaseLost(ctx) {
			return store.ErrLeaseLost
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, refused := problem.As(runErr); refused {
			runErr = queue.Permanent(runErr)
		}
		return j.RetryOrFail(ctx, runErr, func() error { return w.fail(ctx, j, e, runErr.Error()) })
	}
	return w.succeed(ctx, j, e, res)
}

func (w *extractionWorker) runPipeline(ctx context.Context, j *extractionJob, e *store.Extraction) (*api.ExtractionResult, error) {
	req, err := LoadRequest(ctx, w.s.blobs, e.Request)
	if err != nil {
		return nil, err
	}
	// Like the sync path: the run belongs to the extraction's workspace
	// (PII hash keys are per workspace) and logs carry its correlation id.
	rctx := tenant.With(ctx, tenant.Principal{WorkspaceID: e.WorkspaceID})
	rctx = obs.WithIDs(rctx, obs.IDs{RequestID: e.ID, CorrelationID: e.CorrelationID, TenantID: e.TenantID})
	// The stages derive their limits from the job's budget, not from the
	// sync request's reference limits (pipeline.StageLimit).
	rctx = pipeline.WithBudget(rctx, w.c.Timeout)
	rctx, cancel := context.WithTimeout(rctx, w.c.Timeout)
	defer cancel()
	var res *api.ExtractionResult
	if w.c.BeforeRun != nil {
		err = w.c.BeforeRun(rctx, e.ID, j.Attempts)
	}
	if err == nil {
		res, err = w.s.engine.Run(rctx, e.ID, req)
	}
	if err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return nil, fmt.Errorf("async time limit of %s exceeded", w.c.Timeout)
	}
	return res, err
}

// succeed stores the result, the succeeded state, the events, the webhook
// and the bbox-refinement job in one lease-guarded transaction.
func (w *extractionWorker) succeed(ctx context.Context, j *extractionJob, e *store.Extraction, res *api.ExtractionResult) error {
	body, err := json.Marshal(res)
	if err != nil {
		return err
	}
	done := *e
	now := j.Now().UTC()
	done.Status, done.FinishedAt, done.Error = api.ExtractionSucceeded, &now, nil
	types := []string{EventCompleted}
	refine := wantsRefine(e.Request)
	if refine {
		pp, _ := json.Marshal(api.PostProcessing{BboxRefinement: &api.PostProcessingLeg{Status: api.PostPending}})
		done.PostProcessing = pp
		types = append(types, EventPostProcessingRequested)
	}
	upd := store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID, FromStatuses: []string{api.ExtractionRunning},
		Status: &done.Status, FinishedAt: &now, Result: body, ClearError: true, PostProcessing: done.PostProcessing}
	err = j.Complete(ctx, func(tx store.Tx) error {
		if _, err := tx.ExtractionUpdate(ctx, upd); err != nil {
			return err
		}
		// A credit held at admission is charged here, in the transaction
		// that completes the work, so it is charged once whatever ran
		// before (retries, a crashed worker); /api/v1 work holds none.
		if err := tx.CreditCharge(ctx, e.WorkspaceID, e.ID, now); err != nil {
			return err
		}
		if err := emit(ctx, tx, &done, body, w.c.WebhookMaxAttempts, types...); err != nil {
			return err
		}
		if err := emitPlatform(ctx, tx, &done, body, w.c.WebhookMaxAttempts); err != nil {
			return err
		}
		if err := auditJob(ctx, tx, &done, body); err != nil {
			return err
		}
		if w.c.OnSucceeded != nil {
			if err := w.c.OnSucceeded(ctx, tx, &done); err != nil {
				return err
			}
		}
		if !refine {
			return nil
		}
		return queue.Insert(ctx, tx, RefineArgs{ExtractionID: e.ID}, queue.InsertOpts{WorkspaceID: e.WorkspaceID,
			Ref: e.ID, MaxAttempts: w.c.MaxAttempts})
	})
	if err == nil {
		j.Log().Info("extraction succeeded", "extraction_id", e.ID)
	}
	return err
}

func (w *extractionWorker) fail(ctx context.Context, j *extractionJob, e *store.Extraction, msg string) error {
	done := *e
	now := j.Now().UTC()
	done.Status, done.FinishedAt, done.Error = api.ExtractionFailed, &now, &msg
	err := j.Fail(ctx, msg, func(tx store.Tx) error {
		if _, err := tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
			FromStatuses: []string{api.ExtractionQueued, api.ExtractionRunning},
			Status:       &done.Status, FinishedAt: &now, Error: &msg}); err != nil {
			return err
		}
		if err := tx.CreditRelease(ctx, e.WorkspaceID, e.ID); err != nil { // a failed document costs nothing
			return err
		}
		if err := emitPlatform(ctx, tx, &done, nil, w.c.WebhookMaxAttempts); err != nil {
			return err
		}
		if err := auditJob(ctx, tx, &done, nil); err != nil {
			return err
		}
		return emit(ctx, tx, &done, nil, w.c.WebhookMaxAttempts, EventCompleted)
	})
	if errors.Is(err, store.ErrConflict) { // cancelled or finished meanwhile: nothing to fail
		return j.CompleteNote(ctx, msg)
	}
	return err
}
