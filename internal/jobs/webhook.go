package jobs

import (
	"context"
	"errors"

	"github.com/quarrydev/quarry/internal/store"
)

// webhook delivers one outbox event to the extraction's callback_url.
func (h *handler) webhook(ctx context.Context) error {
	cfg, j := h.pool.cfg, h.job
	ev, err := cfg.Store.EventGet(ctx, j.Ref)
	if errors.Is(err, store.ErrNotFound) {
		return h.complete(ctx, store.JobCompleteParams{State: store.JobFailed, Error: "event not found"})
	}
	if err != nil {
		return err
	}
	e, err := cfg.Store.ExtractionGet(ctx, ev.WorkspaceID, ev.ExtractionID)
	if err != nil {
		return err
	}
	if e.CallbackURL == "" {
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Error: "no callback_url"})
	}
	out := cfg.Webhook.Deliver(ctx, e.CallbackURL, ev.Payload)
	if out.Err == nil {
		h.log.Info("webhook delivered", "event_id", ev.ID, "event_type", ev.Type, "status", out.Status)
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone})
	}
	if leaseLost(ctx) {
		return store.ErrLeaseLost
	}
	return h.retryOrFail(ctx, out.Err.Error(), !out.Retryable, j.MaxAttempts, func() error {
		return h.complete(ctx, store.JobCompleteParams{State: store.JobFailed, Error: out.Err.Error()})
	})
}
