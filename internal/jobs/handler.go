package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/store"
)

// handler runs one claimed job.
type handler struct {
	pool   *Pool
	worker string
	job    *store.Job
	log    *slog.Logger
	// releaseSlot gives the pipeline slot back once the CPU-heavy part
	// is over, so the next pipeline starts during this job's commit.
	releaseSlot func()
}

// complete records the outcome. It uses a context that survives shutdown
// for a few seconds so a finished run is not thrown away; the lease guard
// still refuses it if another worker took over.
func (h *handler) complete(ctx context.Context, p store.JobCompleteParams) error {
	p.JobID, p.Worker = h.job.ID, h.worker
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	return h.pool.cfg.Store.JobComplete(cctx, p)
}

// retryOrFail schedules another attempt when one is left and the error is
// not permanent; otherwise it calls final.
func (h *handler) retryOrFail(ctx context.Context, msg string, permanent bool, maxAttempts int, final func() error) error {
	if !permanent && h.job.Attempts < maxAttempts {
		delay := Backoff(h.job.Attempts, h.pool.cfg.BackoffBase, h.pool.cfg.BackoffMax)
		h.log.Warn("job attempt failed; retrying", "err", msg, "retry_in", delay)
		return h.complete(ctx, store.JobCompleteParams{State: store.JobAvailable, RetryAt: h.pool.clock.Now().Add(delay), Error: msg})
	}
	h.log.Error("job failed for good", "err", msg)
	return final()
}

// followUps returns the event rows and the webhook jobs they cause.
func (h *handler) followUps(e *store.Extraction, result []byte, types ...string) ([]store.Event, []store.JobInsert, error) {
	var evs []store.Event
	var jobs []store.JobInsert
	now := time.Now()
	for _, typ := range types {
		var res []byte
		if typ == EventCompleted && e.Status == api.ExtractionSucceeded {
			res = result
		}
		ev, err := NewEvent(typ, e, res, now)
		if err != nil {
			return nil, nil, err
		}
		evs = append(evs, ev)
		if e.CallbackURL != "" && webhookEvents[typ] {
			jobs = append(jobs, store.JobInsert{ID: ids.New("job"), Kind: KindWebhook, WorkspaceID: e.WorkspaceID,
				Ref: ev.ID, MaxAttempts: h.pool.cfg.WebhookMaxAttempts})
		}
	}
	return evs, jobs, nil
}

// storedRequest is the request JSON the API stored: file bytes replaced
// by blob keys.
type storedRequest struct {
	api.ExtractRequest
	Files []storedFile `json:"files"`
}

type storedFile struct {
	api.FileInput
	BlobKey string `json:"blob_key"`
}

// errPermanent marks failures a retry cannot fix.
type errPermanent struct{ err error }

func (e errPermanent) Error() string { return e.err.Error() }
func (e errPermanent) Unwrap() error { return e.err }

// loadRequest rebuilds the request with each file's bytes from the blob
// store.
func (h *handler) loadRequest(ctx context.Context, e *store.Extraction) (*api.ExtractRequest, error) {
	var sr storedRequest
	if err := json.Unmarshal(e.Request, &sr); err != nil {
		return nil, errPermanent{fmt.Errorf("stored request is unreadable: %w", err)}
	}
	req := sr.ExtractRequest
	req.Files = nil
	for _, f := range sr.Files {
		data, err := h.pool.cfg.Blobs.Get(ctx, f.BlobKey)
		if err != nil {
			return nil, fmt.Errorf("file %q: %w", f.Filename, err)
		}
		fi := f.FileInput
		fi.Data = data
		req.Files = append(req.Files, fi)
	}
	return &req, nil
}

func isTerminal(status string) bool {
	return status == api.ExtractionSucceeded || status == api.ExtractionFailed || status == api.ExtractionCancelled
}

func ptr[T any](v T) *T { return &v }

func leaseLost(ctx context.Context) bool { return errors.Is(context.Cause(ctx), store.ErrLeaseLost) }
