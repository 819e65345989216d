package queue

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// PeriodicJob runs Args every Every, once per interval across all
// processes sharing the database: the schedule is one job row (id
// "periodic_"+Name) that every pool ensures at start and claims like any
// job, so the lease decides who runs it; its completion moves run_at to
// the next slot instead of ending the row.
type PeriodicJob struct {
	Name  string // stable: it names the row
	Every time.Duration
	Args  Args
}

// AddPeriodic registers a schedule. Its kind must be registered with
// AddWorker too; a duplicate name panics.
func (r *Registry) AddPeriodic(pj PeriodicJob) {
	if pj.Name == "" || pj.Every <= 0 || pj.Args == nil {
		panic("queue: a periodic job needs a name, an interval and args")
	}
	for _, x := range r.periodic {
		if x.Name == pj.Name {
			panic("queue: periodic job registered twice: " + pj.Name)
		}
	}
	r.periodic = append(r.periodic, pj)
}

func periodicID(name string) string { return store.PeriodicJobIDPrefix + name }

// ensurePeriodic inserts the row of each schedule this pool runs, unless
// another process did already; its first slot is one interval from now.
func (p *Pool) ensurePeriodic(ctx context.Context) {
	for _, pj := range p.reg.periodic {
		row, err := NewJob(pj.Args, InsertOpts{ID: periodicID(pj.Name), Ref: pj.Name, RunAt: p.clock.Now().Add(pj.Every)})
		if err == nil {
			row.IfAbsent = true
			err = p.cfg.Store.JobInsert(ctx, row)
		}
		if err != nil && ctx.Err() == nil {
			p.cfg.Log.Warn("ensuring periodic job failed", "name", pj.Name, "err", err)
		}
	}
}

// nextSlot is the slot after the one that ran (scheduled at ran). When
// the schedule fell more than one interval behind (every process was
// down), it runs once for the current interval instead of once per
// missed one.
func nextSlot(ran time.Time, every time.Duration, now time.Time) time.Time {
	n := max(1, int64(now.Sub(ran)/every))
	return ran.Add(time.Duration(n) * every)
}
