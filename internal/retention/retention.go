// Package retention deletes what a workspace's plan no longer keeps: an
// hourly periodic job purges documents and finished executions older
// than the plan's retention (their blobs then fall to the blob sweep) and
// dataset versions no dataset serves any more,
// records each purge in the audit trail, and drops audit events older
// than the security-log period.
package retention

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// Kind is the periodic job's kind.
const Kind = "retention_sweep"

// Every is how often the sweep runs.
const Every = time.Hour

// AuditKeep is how long audit events are kept (security logs: 90 days).
const AuditKeep = 90 * 24 * time.Hour

// Args are the sweep's (none).
type Args struct{}

// Kind implements queue.Args.
func (Args) Kind() string { return Kind }

// Register adds the sweep and its hourly schedule.
func Register(reg *queue.Registry, st store.Store) {
	queue.AddWorker[Args](reg, &worker{st: st}, queue.WorkerOpts{IO: true})
	reg.AddPeriodic(queue.PeriodicJob{Name: Kind, Every: Every, Args: Args{}})
}

type worker struct{ st store.Store }

func (w *worker) Work(ctx context.Context, j *queue.Job[Args]) error {
	n, err := Sweep(ctx, w.st, j.Now())
	if err != nil {
		return err
	}
	j.Log().Info("retention sweep", "workspaces_purged", n)
	return j.Complete(ctx, nil)
}

// Sweep purges every workspace as of now and reports how many workspaces
// had something deleted.
func Sweep(ctx context.Context, st store.Store, now time.Time) (int, error) {
	list, err := st.WorkspaceList(ctx)
	if err != nil {
		return 0, err
	}
	purged := 0
	for _, ws := range list {
		plan, ok := billing.Lookup(ws.Plan)
		if !ok || plan.Retention <= 0 {
			continue
		}
		p, err := st.RetentionPurge(ctx, ws.ID, now.Add(-plan.Retention))
		if err != nil {
			return purged, err
		}
		// A dataset's earlier versions follow the same retention; the
		// version a dataset serves stays however old it is.
		versions, err := st.DatasetVersionPurge(ctx, ws.ID, now.Add(-plan.Retention))
		if err != nil {
			return purged, err
		}
		if p.Documents+p.Extractions+versions == 0 {
			continue
		}
		purged++
		if err := audit.Record(ctx, st, ws.ID, audit.Event{Action: "retention.purged", Actor: audit.ActorSystem,
			Details: map[string]any{"documents": p.Documents, "executions": p.Extractions, "dataset_versions": versions,
				"retention_days": int(plan.Retention / (24 * time.Hour))}}); err != nil {
			return purged, err
		}
	}
	_, err = st.AuditPrune(ctx, now.Add(-AuditKeep))
	return purged, err
}
