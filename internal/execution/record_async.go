package execution

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// Replay returns the first answer to an idempotency key, if the key was
// used in the workspace.
func (s *Service) Replay(ctx context.Context, workspaceID, key string) (api.Extraction, bool) {
	if key == "" {
		return api.Extraction{}, false
	}
	e, err := s.store.ExtractionGetByIdempotencyKey(ctx, workspaceID, key)
	if err != nil {
		return api.Extraction{}, false
	}
	return acceptedView(e), true
}

// SubmitParams is one async submission.
type SubmitParams struct {
	WorkspaceID    string
	IdempotencyKey string
	Request        *api.ExtractRequest
	Submitted      time.Time
	// Admit, when set, runs in the submitting transaction after the
	// extraction row is written (the platform holds a credit and records
	// the document there); its error aborts the submission and is
	// returned as it is.
	Admit func(ctx context.Context, tx store.Tx, e *store.Extraction) error
}

// Submit stores a new async extraction with its extraction.submitted
// event and its job in one transaction and returns the accepted view.
// When a concurrent request with the same idempotency key won the
// insert, it returns that request's answer. A callback_url the guard
// refuses is a validation_failed problem and stores nothing.
func (s *Service) Submit(ctx context.Context, p SubmitParams) (api.Extraction, error) {
	if u := p.Request.CallbackURL; u != "" {
		if err := s.opts.CallbackGuard.CheckURL(ctx, u); err != nil {
			return api.Extraction{}, problem.New(problem.ValidationFailed, "callback_url is not allowed: %s", err.Error()).
				With("errors", []problem.FieldError{{Path: "callback_url", Message: err.Error(), Value: u}})
		}
	}
	e, err := s.newAsync(ctx, p)
	if err == nil {
		err = s.store.InTx(ctx, func(tx store.Tx) error {
			if err := tx.ExtractionInsert(ctx, e); err != nil {
				return err
			}
			if p.Admit != nil {
				if err := p.Admit(ctx, tx, e); err != nil {
					return admitError{err}
				}
			}
			ev, err := NewEvent(EventSubmitted, e, nil, e.SubmittedAt)
			if err != nil {
				return err
			}
			if err := tx.EventInsert(ctx, ev); err != nil {
				return err
			}
			return queue.Insert(ctx, tx, ExtractionArgs{ExtractionID: e.ID}, queue.InsertOpts{WorkspaceID: e.WorkspaceID,
				Ref: e.ID, MaxAttempts: s.opts.JobMaxAttempts, RunAt: e.SubmittedAt})
		})
	}
	var refused admitError
	if errors.As(err, &refused) {
		return api.Extraction{}, refused.err
	}
	if errors.Is(err, store.ErrConflict) {
		if first, ok := s.Replay(ctx, p.WorkspaceID, p.IdempotencyKey); ok {
			return first, nil
		}
	}
	if err != nil {
		obs.Logger(ctx).Error("storing async extraction failed", "err", err)
		return api.Extraction{}, problem.New(problem.Unavailable, "The extraction could not be queued; retry later.")
	}
	return acceptedView(e), nil
}

// admitError carries the Admit hook's refusal out of the transaction, so
// that it is not taken for a store failure.
type admitError struct{ err error }

func (e admitError) Error() string { return e.err.Error() }
func (e admitError) Unwrap() error { return e.err }

func (s *Service) newAsync(ctx context.Context, p SubmitParams) (*store.Extraction, error) {
	reqJSON, err := PersistRequest(ctx, s.blobs, p.Request)
	if err != nil {
		return nil, err
	}
	rid := obs.GetIDs(ctx)
	e := &store.Extraction{
		ID: ids.New("ext"), WorkspaceID: p.WorkspaceID, Mode: "async", Status: api.ExtractionQueued,
		SubmittedAt: p.Submitted, IdempotencyKey: p.IdempotencyKey, CorrelationID: rid.CorrelationID, TenantID: rid.TenantID,
		CallbackURL: p.Request.CallbackURL, Request: reqJSON,
	}
	if e.TenantID == "" {
		if t, ok := p.Request.Metadata["tenant_id"].(string); ok {
			e.TenantID = t
		}
	}
	if p.Request.Metadata != nil {
		if e.Metadata, err = json.Marshal(p.Request.Metadata); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// Get returns one extraction; a missing one is a not_found problem.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (*store.Extraction, error) {
	e, err := s.store.ExtractionGet(ctx, workspaceID, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, problem.New(problem.NotFound, "No extraction %q.", id).With("id", id)
	}
	return e, err
}

// List returns a page of the workspace's extractions.
func (s *Service) List(ctx context.Context, p store.ExtractionListParams) (api.ExtractionList, error) {
	rows, total, err := s.store.ExtractionList(ctx, p)
	if err != nil {
		return api.ExtractionList{}, err
	}
	out := api.ExtractionList{Items: make([]api.Extraction, 0, len(rows)), Total: total, Limit: p.Limit, Offset: p.Offset}
	for _, e := range rows {
		out.Items = append(out.Items, View(e))
	}
	return out, nil
}

// Cancel moves a queued extraction to cancelled and closes its waiting
// jobs in one transaction, so no worker picks them up afterwards.
func (s *Service) Cancel(ctx context.Context, workspaceID, id string) (api.Extraction, error) {
	now := time.Now().UTC()
	var e *store.Extraction
	err := s.store.InTx(ctx, func(tx store.Tx) error {
		var err error
		e, err = tx.ExtractionUpdate(ctx, store.ExtractionUpdateParams{
			WorkspaceID: workspaceID, ID: id, FromStatuses: []string{api.ExtractionQueued},
			Status: ptr(api.ExtractionCancelled), FinishedAt: &now,
		})
		if err != nil {
			return err
		}
		if _, err = tx.JobCancel(ctx, store.JobCancelParams{WorkspaceID: workspaceID, Ref: id, Reason: "cancelled"}); err != nil {
			return err
		}
		return tx.CreditRelease(ctx, workspaceID, id) // nothing was processed
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return api.Extraction{}, problem.New(problem.NotFound, "No extraction %q.", id).With("id", id)
	case errors.Is(err, store.ErrConflict):
		cur, gerr := s.Get(ctx, workspaceID, id)
		if gerr != nil {
			return api.Extraction{}, gerr
		}
		return api.Extraction{}, problem.New(problem.NotCancellable, "Extraction %s is %s; only queued extractions can be cancelled.", cur.ID, cur.Status).
			With("extraction", View(cur))
	case err != nil:
		return api.Extraction{}, err
	}
	return View(e), nil
}

// longPollEvery is how often a wait_for_bboxes request re-reads the row.
// Reads are indexed point lookups, so a short period costs little and
// answers soon after the leg ends, across processes too.
const longPollEvery = 250 * time.Millisecond

// Result returns a succeeded extraction's result; earlier it is a
// not_ready problem. With waitForBboxes it first waits (up to timeout)
// until the bbox-refinement leg, if any, has ended; on time-out the
// current (unrefined) result is the answer.
func (s *Service) Result(ctx context.Context, workspaceID, id string, waitForBboxes bool, timeout time.Duration) (*api.ExtractionResultEnvelope, error) {
	e, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	if waitForBboxes && e.Status == api.ExtractionSucceeded {
		deadline := time.NewTimer(timeout)
		defer deadline.Stop()
		tick := time.NewTicker(longPollEvery)
		defer tick.Stop()
	wait:
		for !refineSettled(e) {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-deadline.C:
				break wait
			case <-tick.C:
				if e, err = s.Get(ctx, workspaceID, id); err != nil {
					return nil, err
				}
			}
		}
	}
	if e.Status != api.ExtractionSucceeded || len(e.Result) == 0 {
		return nil, problem.New(problem.NotReady, "Extraction %s is %s; the result is available once it has succeeded.", e.ID, e.Status).
			With("extraction", View(e))
	}
	var res api.ExtractionResult
	if err := json.Unmarshal(e.Result, &res); err != nil {
		return nil, err
	}
	return &api.ExtractionResultEnvelope{ID: e.ID, Result: &res}, nil
}

// refineSettled reports whether there is nothing (more) to wait for: no
// refinement leg, or a terminal one.
func refineSettled(e *store.Extraction) bool {
	st := store.PostProcessingStatus(e.PostProcessing)
	return st == "" || st == api.PostSucceeded || st == api.PostFailed
}
