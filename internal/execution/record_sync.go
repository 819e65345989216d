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
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// SyncParams is one sync extraction.
type SyncParams struct {
	WorkspaceID string
	Request     *api.ExtractRequest
	Submitted   time.Time
	// Mark, when set, is told when the pipeline and the store are done
	// (the Server-Timing header).
	Mark func(step string)
}

// RunSync runs the pipeline under the sync time limit and stores the
// outcome: a succeeded row with its result, or a failed row on time-out.
// Refused input (load problems) is not stored: nothing was extracted.
func (s *Service) RunSync(ctx context.Context, p SyncParams) (*api.ExtractionResult, error) {
	mark := p.Mark
	if mark == nil {
		mark = func(string) {}
	}
	id := ids.New("ext")
	if _, ok := tenant.From(ctx); !ok {
		// Callers without a principal (auth off, the CLI) run in the
		// workspace they name; an authenticated principal is kept whole.
		ctx = tenant.With(ctx, tenant.Principal{WorkspaceID: p.WorkspaceID})
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.SyncTimeout)
	defer cancel()
	type outcome struct {
		res *api.ExtractionResult
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		// The pipeline honours ctx; running it in its own goroutine also
		// bounds the answer time if a stage is slow to notice.
		defer func() {
			if r := recover(); r != nil {
				done <- outcome{err: errors.New("pipeline panic")}
			}
		}()
		res, err := s.engine.Run(ctx, id, p.Request)
		done <- outcome{res, err}
	}()
	var out outcome
	select {
	case out = <-done:
	case <-ctx.Done():
		out = outcome{err: ctx.Err()}
	}
	mark("pipeline")
	if out.err != nil {
		if errors.Is(out.err, context.DeadlineExceeded) {
			_ = s.storeSync(context.WithoutCancel(ctx), id, p, nil, "sync time limit exceeded")
			return nil, problem.New(problem.Timeout, "The extraction took longer than %s; submit it as an async extraction.", s.opts.SyncTimeout).
				With("extraction_id", id)
		}
		return nil, out.err
	}
	if err := s.storeSync(ctx, id, p, out.res, ""); err != nil {
		obs.Logger(ctx).Error("storing sync extraction failed", "err", err)
		return nil, problem.New(problem.Unavailable, "The result could not be stored; retry later.")
	}
	mark("store")
	return out.res, nil
}

// storeSync writes the sync extraction in one insert, so a reader never
// sees it half-written.
func (s *Service) storeSync(ctx context.Context, id string, p SyncParams, res *api.ExtractionResult, failure string) error {
	reqJSON, err := PersistRequest(ctx, s.blobs, p.Request)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	rid := obs.GetIDs(ctx)
	e := &store.Extraction{
		ID: id, WorkspaceID: p.WorkspaceID, Mode: "sync", SubmittedAt: p.Submitted, StartedAt: &p.Submitted,
		FinishedAt: &now, Attempts: 1, CorrelationID: rid.CorrelationID, TenantID: rid.TenantID, Request: reqJSON,
	}
	if res != nil {
		e.Status = api.ExtractionSucceeded
		if e.Result, err = json.Marshal(res); err != nil {
			return err
		}
	} else {
		e.Status = api.ExtractionFailed
		e.Error = &failure
	}
	return s.store.ExtractionInsert(ctx, e)
}
