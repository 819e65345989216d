package dataset

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// BuildArgs build one version of a dataset.
type BuildArgs struct {
	DatasetID string `json:"dataset_id"`
	Version   int    `json:"version"`
}

// Kind implements queue.Args.
func (BuildArgs) Kind() string { return KindBuild }

// Register adds the build worker to reg.
func (s *Service) Register(reg *queue.Registry) {
	queue.AddWorker[BuildArgs](reg, &buildWorker{s: s})
}

type buildWorker struct{ s *Service }

func (w *buildWorker) Work(ctx context.Context, j *queue.Job[BuildArgs]) error {
	st := w.s.store
	v, err := st.DatasetVersionGet(ctx, j.WorkspaceID, j.Args.DatasetID, j.Args.Version)
	if errors.Is(err, store.ErrNotFound) {
		return j.CompleteNote(ctx, "the dataset was deleted")
	}
	if err != nil {
		return err
	}
	if v.Status != store.DatasetBuilding {
		return j.CompleteNote(ctx, "the version was already "+v.Status)
	}
	d, err := st.DatasetGet(ctx, j.WorkspaceID, v.DatasetID)
	if errors.Is(err, store.ErrNotFound) {
		return j.CompleteNote(ctx, "the dataset was deleted")
	}
	if err != nil {
		return err
	}
	out, berr := w.s.build(ctx, d, v)
	if berr != nil {
		return j.RetryOrFail(ctx, berr, func() error {
			return j.Fail(ctx, berr.Error(), func(tx store.Tx) error { return w.s.fail(ctx, tx, d, v, berr) })
		})
	}
	return j.Complete(ctx, func(tx store.Tx) error { return w.s.ready(ctx, tx, d, v, out) })
}

// built is what a build produced, written when its job completes.
type built struct {
	rows    int
	skipped int
	profile []byte
	schema  []byte
}

// build writes the version's rows (in batches, each its own transaction:
// the version is not served until ready commits) and returns its profile
// and schema.
func (s *Service) build(ctx context.Context, d *store.Dataset, v *store.DatasetVersion) (*built, error) {
	var sp Spec
	if err := json.Unmarshal(d.Spec, &sp); err != nil {
		return nil, queue.Permanent(err)
	}
	// A retried build starts over: rows of an earlier attempt go first.
	if err := s.store.InTx(ctx, func(tx store.Tx) error { return tx.DatasetRowsClear(ctx, d.WorkspaceID, d.ID, v.Version) }); err != nil {
		return nil, err
	}
	ids, err := s.candidates(ctx, d.WorkspaceID, sp)
	if err != nil {
		return nil, err
	}
	prof, schema := newProfiler(sp.Mask), newSchemaBuilder()
	out := &built{}
	batch := make([]store.DatasetRow, 0, rowBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.store.InTx(ctx, func(tx store.Tx) error { return tx.DatasetRowsInsert(ctx, batch) })
		batch = batch[:0]
		return err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, ok, err := s.load(ctx, d.WorkspaceID, id, sp.Mask)
		if err != nil {
			return nil, err
		}
		if !ok || !sp.Filter.matches(c.rec) {
			out.skipped++
			continue
		}
		if out.rows >= s.opt.MaxRows {
			return nil, queue.Permanent(tooMany(s.opt.MaxRows))
		}
		body, err := json.Marshal(c.rec)
		if err != nil {
			return nil, err
		}
		out.rows++
		batch = append(batch, store.DatasetRow{WorkspaceID: d.WorkspaceID, DatasetID: d.ID, Version: v.Version, Seq: out.rows,
			ExecutionID: id, DocumentID: c.rec.DocumentID, Body: string(body)})
		prof.add(c.rec)
		schema.add(c)
		if len(batch) == rowBatch {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	fields := schema.fields
	p := prof.finish(export.Schema{Name: d.Name, Slug: d.Slug, Fields: fields})
	if out.profile, err = json.Marshal(p); err != nil {
		return nil, err
	}
	if out.schema, err = json.Marshal(fields); err != nil {
		return nil, err
	}
	return out, nil
}

// ready serves the new version, fires dataset.ready and records the build,
// inside the transaction that completes the job.
func (s *Service) ready(ctx context.Context, tx store.Tx, d *store.Dataset, v *store.DatasetVersion, out *built) error {
	now := s.now()
	v.Status, v.RowCount, v.Profile, v.Schema, v.FinishedAt = store.DatasetReady, out.rows, out.profile, out.schema, &now
	if err := tx.DatasetVersionFinish(ctx, v); err != nil {
		return err
	}
	cur, err := tx.DatasetGet(ctx, d.WorkspaceID, d.ID)
	if err != nil {
		return err
	}
	cur.Status, cur.Version, cur.RowCount, cur.UpdatedAt = store.DatasetReady, v.Version, out.rows, now
	if err := tx.DatasetUpdate(ctx, cur); err != nil {
		return err
	}
	if err := emitReady(ctx, tx, cur, v); err != nil {
		return err
	}
	return audit.Record(ctx, tx, d.WorkspaceID, audit.Event{Action: "dataset.built", Subject: d.ID, Actor: audit.ActorSystem,
		Details: map[string]any{"version": v.Version, "rows": out.rows, "skipped": out.skipped}})
}

// fail records a build that gave up. The dataset keeps serving its
// previous version when it has one.
func (s *Service) fail(ctx context.Context, tx store.Tx, d *store.Dataset, v *store.DatasetVersion, cause error) error {
	now := s.now()
	v.Status, v.Error, v.FinishedAt = store.DatasetFailed, cause.Error(), &now
	if err := tx.DatasetVersionFinish(ctx, v); err != nil {
		return err
	}
	cur, err := tx.DatasetGet(ctx, d.WorkspaceID, d.ID)
	if err != nil {
		return err
	}
	cur.Status, cur.UpdatedAt = store.DatasetFailed, now
	if cur.Version > 0 {
		cur.Status = store.DatasetReady
	}
	if err := tx.DatasetUpdate(ctx, cur); err != nil {
		return err
	}
	if err := tx.DatasetRowsClear(ctx, d.WorkspaceID, d.ID, v.Version); err != nil {
		return err
	}
	return audit.Record(ctx, tx, d.WorkspaceID, audit.Event{Action: "dataset.build_failed", Subject: d.ID, Actor: audit.ActorSystem,
		Outcome: audit.Failure, Details: map[string]any{"version": v.Version}})
}

// ReadyEvent is the body of a dataset.ready webhook: the job event's keys
// with the dataset's id, version and row count.
type ReadyEvent struct {
	Event       string `json:"event"`
	EventID     string `json:"event_id"`
	JobID       string `json:"job_id"`
	JobType     string `json:"job_type"`
	Status      string `json:"status"`
	DatasetID   string `json:"dataset_id"`
	DatasetName string `json:"dataset_name"`
	Version     int    `json:"version"`
	RowCount    int    `json:"row_count"`
	Timestamp   string `json:"timestamp"`
}

// emitReady writes the dataset.ready event and one delivery job per hook
// that subscribed to it, through the platform's webhook outbox.
func emitReady(ctx context.Context, tx store.Tx, d *store.Dataset, v *store.DatasetVersion) error {
	hooks, err := tx.HookList(ctx, d.WorkspaceID)
	if err != nil || len(hooks) == 0 {
		return err
	}
	now := time.Now().UTC()
	ev := ReadyEvent{Event: EventReady, EventID: eventID(), JobID: v.JobID, JobType: KindBuild, Status: "completed",
		DatasetID: d.ID, DatasetName: d.Name, Version: v.Version, RowCount: v.RowCount, Timestamp: now.Format(time.RFC3339)}
	body, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if err := tx.EventInsert(ctx, store.Event{ID: ev.EventID, WorkspaceID: d.WorkspaceID, Subject: d.ID, Type: EventReady,
		OccurredAt: now, Payload: body}); err != nil {
		return err
	}
	for _, h := range hooks {
		if !h.Active || !slices.Contains(h.Events, EventReady) {
			continue
		}
		if err := queue.Insert(ctx, tx, execution.PlatformWebhookArgs{EventID: ev.EventID, HookID: h.ID}, queue.InsertOpts{
			WorkspaceID: d.WorkspaceID, Ref: ev.EventID, MaxAttempts: 5}); err != nil {
			return err
		}
	}
	return nil
}

// eventID is a random UUID, the form the job events use for de-duplication.
func eventID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return strings.Join([]string{h[:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}
