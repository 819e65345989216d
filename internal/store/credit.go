package store

import (
	"context"
	"errors"
	"time"
)

// Credits is the ledger of charged work: one row per workspace and ref
// (the job that costs credits), first held when the work is admitted,
// then charged when it completes, or released when it fails. A ref
// appears once, so nothing is charged twice.
type Credits interface {
	// CreditHold holds p.Credits for p.Ref when the period's held and
	// charged credits leave room under p.Limit (a negative limit is
	// unlimited); ErrNoCredit otherwise. Holding a ref already in the
	// ledger changes nothing and succeeds. Concurrent holds of one
	// workspace are serialised, so the limit is never overrun.
	CreditHold(ctx context.Context, p CreditHoldParams) error
	// CreditCharge turns a hold into a charge (idempotent).
	CreditCharge(ctx context.Context, workspaceID, ref string, at time.Time) error
	// CreditRelease drops a hold that was not charged (idempotent).
	CreditRelease(ctx context.Context, workspaceID, ref string) error
	// CreditUsage sums the period's ledger.
	CreditUsage(ctx context.Context, workspaceID string, periodStart time.Time) (CreditUsage, error)
	// CreditDaily sums the credits charged from since on per UTC day
	// (the day's midnight as key).
	CreditDaily(ctx context.Context, workspaceID string, since time.Time) (map[time.Time]int64, error)
}

// ErrNoCredit is returned by CreditHold when the period's credits are
// spent.
var ErrNoCredit = errors.New("store: no credits left in the period")

// CreditHoldParams is one admission.
type CreditHoldParams struct {
	WorkspaceID string
	Ref         string
	Credits     int64
	PeriodStart time.Time
	Limit       int64
	At          time.Time
}

// CreditUsage is a period's credits by state.
type CreditUsage struct {
	Charged int64
	Held    int64
}
