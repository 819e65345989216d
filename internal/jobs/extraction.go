package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Submit stores a new async extraction with its extraction.submitted
// event and its job, atomically. A taken idempotency key gives
// store.ErrConflict.
func Submit(ctx context.Context, st store.Store, e *store.Extraction, maxAttempts int) error {
	ev, err := NewEvent(EventSubmitted, e, nil, e.SubmittedAt)
	if err != nil {
		return err
	}
	return st.ExtractionSubmit(ctx, store.ExtractionSubmitParams{
		Extraction: e,
		Events:     []store.Event{ev},
		Jobs: []store.JobInsert{{ID: ids.New("job"), Kind: KindExtraction, WorkspaceID: e.WorkspaceID, Ref: e.ID,
			MaxAttempts: max(maxAttempts, 1), RunAt: e.SubmittedAt}},
	})
}

// extraction runs the main pipeline of one async extraction.
func (h *handler) extraction(ctx context.Context) error {
	cfg, j := h.pool.cfg, h.job
	e, err := cfg.Store.ExtractionGet(ctx, j.WorkspaceID, j.Ref)
	if errors.Is(err, store.ErrNotFound) {
		return h.complete(ctx, store.JobCompleteParams{State: store.JobFailed, Error: "extraction not found"})
	}
	if err != nil {
		return err
	}
	if isTerminal(e.Status) { // cancelled, or finished by an earlier run
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Error: "extraction already " + e.Status})
	}
	if j.Attempts > j.MaxAttempts {
		// Only reaped runs get here: each crash of a worker used one attempt.
		return h.failExtraction(ctx, e, fmt.Sprintf("gave up after %d attempts; last: %s", j.MaxAttempts, j.LastError))
	}
	now := time.Now().UTC()
	start := &store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
		FromStatuses: []string{api.ExtractionQueued, api.ExtractionRunning},
		Status:       ptr(api.ExtractionRunning), Attempts: ptr(j.Attempts), ClearError: true}
	if e.StartedAt == nil { // started_at is the first start; attempts counts the runs
		start.StartedAt = &now
	}
	e, err = cfg.Store.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: h.worker, Until: now.Add(cfg.Lease), Extraction: start})
	if errors.Is(err, store.ErrConflict) { // cancelled between claim and start
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Error: "extraction no longer queued"})
	}
	if err != nil {
		return err
	}
	res, runErr := h.runPipeline(ctx, e)
	h.releaseSlot()
	if runErr != nil {
		if leaseLost(ctx) {
			return store.ErrLeaseLost
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var perm errPermanent
		_, refused := problem.As(runErr)
		return h.retryOrFail(ctx, runErr.Error(), refused || errors.As(runErr, &perm), j.MaxAttempts, func() error {
			return h.failExtraction(ctx, e, runErr.Error())
		})
	}
	return h.succeed(ctx, e, res)
}

func (h *handler) runPipeline(ctx context.Context, e *store.Extraction) (*api.ExtractionResult, error) {
	cfg := h.pool.cfg
	req, err := h.loadRequest(ctx, e)
	if err != nil {
		return nil, err
	}
	// Like the sync path: the run belongs to the extraction's workspace
	// (PII hash keys are per workspace) and logs carry its correlation id.
	rctx := tenant.With(ctx, tenant.Principal{WorkspaceID: e.WorkspaceID})
	rctx = obs.WithIDs(rctx, obs.IDs{RequestID: e.ID, CorrelationID: e.CorrelationID, TenantID: e.TenantID})
	rctx, cancel := context.WithTimeout(rctx, cfg.Timeout)
	defer cancel()
	var res *api.ExtractionResult
	if cfg.BeforeRun != nil {
		err = cfg.BeforeRun(rctx, e.ID, h.job.Attempts)
	}
	if err == nil {
		res, err = cfg.Engine.Run(rctx, e.ID, req)
	}
	if err != nil && errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		return nil, fmt.Errorf("async time limit of %s exceeded", cfg.Timeout)
	}
	return res, err
}

// succeed stores the result, the succeeded state, the events, the webhook
// and the bbox-refinement job in one lease-guarded transaction.
func (h *handler) succeed(ctx context.Context, e *store.Extraction, res *api.ExtractionResult) error {
	body, err := json.Marshal(res)
	if err != nil {
		return err
	}
	done := *e
	now := time.Now().UTC()
	done.Status, done.FinishedAt, done.Error = api.ExtractionSucceeded, &now, nil
	types := []string{EventCompleted}
	var enqueue []store.JobInsert
	if wantsRefine(e) {
		pp, _ := json.Marshal(api.PostProcessing{BboxRefinement: &api.PostProcessingLeg{Status: api.PostPending}})
		done.PostProcessing = pp
		types = append(types, EventPostProcessingRequested)
		enqueue = append(enqueue, store.JobInsert{ID: ids.New("job"), Kind: KindBboxRefine, WorkspaceID: e.WorkspaceID,
			Ref: e.ID, MaxAttempts: h.pool.cfg.MaxAttempts})
	}
	evs, hooks, err := h.followUps(&done, body, types...)
	if err != nil {
		return err
	}
	upd := &store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID, FromStatuses: []string{api.ExtractionRunning},
		Status: &done.Status, FinishedAt: &now, Result: body, ClearError: true}
	if done.PostProcessing != nil {
		upd.PostProcessing = done.PostProcessing
	}
	err = h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Extraction: upd, Events: evs, Enqueue: append(hooks, enqueue...)})
	if err == nil {
		h.log.Info("extraction succeeded", "extraction_id", e.ID)
		h.pool.Notify()
	}
	return err
}

func (h *handler) failExtraction(ctx context.Context, e *store.Extraction, msg string) error {
	done := *e
	now := time.Now().UTC()
	done.Status, done.FinishedAt, done.Error = api.ExtractionFailed, &now, &msg
	evs, hooks, err := h.followUps(&done, nil, EventCompleted)
	if err != nil {
		return err
	}
	err = h.complete(ctx, store.JobCompleteParams{State: store.JobFailed, Error: msg, Events: evs, Enqueue: hooks,
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
			FromStatuses: []string{api.ExtractionQueued, api.ExtractionRunning},
			Status:       &done.Status, FinishedAt: &now, Error: &msg}})
	if errors.Is(err, store.ErrConflict) { // cancelled or finished meanwhile: nothing to fail
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Error: msg})
	}
	return err
}

func wantsRefine(e *store.Extraction) bool {
	var sr storedRequest
	if json.Unmarshal(e.Request, &sr) != nil {
		return false
	}
	return sr.Options.Enabled(api.StageBboxRefine)
}
