package execution

import (
	"context"
	"errors"

	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// webhookWorker delivers one outbox event to its extraction's
// callback_url.
type webhookWorker struct {
	s *Service
	c WorkerConfig
}

func (w *webhookWorker) Work(ctx context.Context, j *queue.Job[WebhookArgs]) error {
	st := w.s.store
	id := j.Args.EventID
	if id == "" { // a job enqueued before jobs carried args
		id = j.Ref
	}
	ev, err := st.EventGet(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return j.Fail(ctx, "event not found", nil)
	}
	if err != nil {
		return err
	}
	e, err := st.ExtractionGet(ctx, ev.WorkspaceID, ev.Subject)
	if err != nil {
		return err
	}
	if e.CallbackURL == "" {
		return j.CompleteNote(ctx, "no callback_url")
	}
	out := w.c.Webhook.Deliver(ctx, e.CallbackURL, ev.Payload)
	if out.Err == nil {
		j.Log().Info("webhook delivered", "event_id", ev.ID, "event_type", ev.Type, "status", out.Status)
		return j.Complete(ctx, nil)
	}
	if queue.LeaseLost(ctx) {
		return store.ErrLeaseLost
	}
	derr := out.Err
	if !out.Retryable {
		derr = queue.Permanent(derr)
	}
	return j.RetryOrFail(ctx, derr, func() error { return j.Fail(ctx, out.Err.Error(), nil) })
}
