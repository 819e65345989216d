package pipeline

import (
	"context"
	"time"
)

// PagesPerStageLimit is how many pages a stage's reference time limit is
// meant for. Async runs scale a stage's limit by the run's pages in steps
// of this size, so that a 1,999-page PDF gets 40 times the reference's
// limit where a one-page invoice gets it once.
const PagesPerStageLimit = 50

type budgetKey struct{}

// WithBudget marks ctx as an async run whose whole pipeline may take up to
// budget (QUARRY_ASYNC_TIMEOUT_S). The reference's stage limits are sized
// for a sync request answered within a minute; an async run of a long
// document must not fail in one stage while most of its budget is unused.
func WithBudget(ctx context.Context, budget time.Duration) context.Context {
	return context.WithValue(ctx, budgetKey{}, budget)
}

// Budget returns the async budget set by WithBudget, or 0 for a sync run.
func Budget(ctx context.Context) time.Duration {
	d, _ := ctx.Value(budgetKey{}).(time.Duration)
	return d
}

// StageLimit is the time limit of stage st in a run over pages pages.
// A sync run (budget 0) gets the reference's limit. An async run's load
// stage gets the whole budget: it is fatal, and how many pages it reads is
// not known before it runs, so any smaller share would only turn a slow
// but legal document into a failure. Later stages get the reference's
// limit once per PagesPerStageLimit pages, never more than the budget;
// the run's own deadline (the budget) still bounds every stage, so a stage
// never outlives the job.
func StageLimit(st Stage, budget time.Duration, pages int) time.Duration {
	if budget <= 0 {
		return st.Timeout
	}
	if st.Name == StageLoad {
		return budget
	}
	steps := (pages + PagesPerStageLimit - 1) / PagesPerStageLimit
	limit := st.Timeout * time.Duration(max(steps, 1))
	return min(max(limit, st.Timeout), budget)
}

// pages is the number of pages read so far, over every file of the run.
func (r *Run) pages() int {
	n := 0
	for _, f := range r.Files {
		n += f.File.PageCount
	}
	return n
}
