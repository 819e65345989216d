package execution

import (
	"context"
	"errors"

	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// platformHookWorker delivers a /v1 event to one registered hook, signed
// with the hook's secret, and records every attempt.
type platformHookWorker struct {
	s *Service
	c WorkerConfig
}

func (w *platformHookWorker) Work(ctx context.Context, j *queue.Job[PlatformWebhookArgs]) error {
	st := w.s.store
	ev, err := st.EventGet(ctx, j.Args.EventID)
	if errors.Is(err, store.ErrNotFound) {
		return j.Fail(ctx, "event not found", nil)
	}
	if err != nil {
		return err
	}
	h, err := st.HookGet(ctx, ev.WorkspaceID, j.Args.HookID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !h.Active {
		return j.CompleteNote(ctx, "the webhook was deleted")
	}
	if err != nil {
		return err
	}
	if w.c.BeforeDeliver != nil {
		if err := w.c.BeforeDeliver(ctx, ev, h); err != nil {
			return j.RetryOrFail(ctx, err, func() error { return j.Fail(ctx, err.Error(), nil) })
		}
	}
	out := w.c.Webhook.DeliverSigned(ctx, h.URL, ev.Payload, webhook.PlatformSignatureHeader, webhook.SignHex(h.Secret, ev.Payload))
	if queue.LeaseLost(ctx) {
		return store.ErrLeaseLost
	}
	rec := &store.HookDelivery{ID: ids.New("whd"), WorkspaceID: ev.WorkspaceID, HookID: h.ID, EventID: ev.ID,
		EventType: ev.Type, Attempt: j.Attempts, HTTPStatus: out.Status, At: j.Now().UTC()}
	if out.Err != nil {
		rec.Error = out.Err.Error()
	}
	record := func(tx store.Tx) error { return tx.HookDeliveryInsert(ctx, rec) }
	if out.Err == nil {
		j.Log().Info("platform webhook delivered", "event_id", ev.ID, "event_type", ev.Type, "status", out.Status)
		return j.Complete(ctx, record)
	}
	// The attempt is recorded even when it is retried: its own
	// transaction, since a retry's completion takes no effects.
	if err := st.InTx(ctx, record); err != nil {
		j.Log().Warn("recording a webhook attempt failed", "err", err)
	}
	derr := out.Err
	if !out.Retryable {
		derr = queue.Permanent(derr)
	}
	return j.RetryOrFail(ctx, derr, func() error { return j.Fail(ctx, out.Err.Error(), nil) })
}
