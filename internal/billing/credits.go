package billing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Errors a caller maps to QUOTA_EXCEEDED and TRIAL_EXPIRED.
var (
	ErrQuotaExceeded = errors.New("the workspace has no credits left in this billing period")
	ErrTrialExpired  = errors.New("the workspace's trial has ended")
)

// CreditsPerDocument is what one processed document costs.
const CreditsPerDocument = 1

// Ledger applies the plans to the store's credit ledger.
type Ledger struct {
	Now func() time.Time // nil: time.Now
}

func (l Ledger) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

// Hold admits ref (a job) in the workspace, inside tx, the transaction
// that creates the job: either both happen or neither.
func (l Ledger) Hold(ctx context.Context, tx store.Tx, workspaceID, ref string) error {
	w, err := tx.WorkspaceGet(ctx, workspaceID)
	if err != nil {
		return err
	}
	plan, ok := Lookup(w.Plan)
	if !ok {
		return fmt.Errorf("billing: workspace %s has an unknown plan %q", workspaceID, w.Plan)
	}
	now := l.now()
	if ends := plan.TrialEnds(w.PlanSince); !ends.IsZero() && !now.Before(ends) {
		return ErrTrialExpired
	}
	start, _ := plan.Period(w.PlanSince, now)
	err = tx.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: workspaceID, Ref: ref, Credits: CreditsPerDocument,
		PeriodStart: start, Limit: plan.Credits, At: now})
	if errors.Is(err, store.ErrNoCredit) {
		return ErrQuotaExceeded
	}
	return err
}

// Charge makes ref's hold a charge, in the transaction that completes
// the work. Charging twice changes nothing.
func (l Ledger) Charge(ctx context.Context, tx store.Tx, workspaceID, ref string) error {
	return tx.CreditCharge(ctx, workspaceID, ref, l.now())
}

// Release gives ref's hold back (the work failed; nothing is charged).
func (l Ledger) Release(ctx context.Context, tx store.Tx, workspaceID, ref string) error {
	return tx.CreditRelease(ctx, workspaceID, ref)
}

// Usage is a workspace's standing in its current period.
type Usage struct {
	Plan        Plan
	Used        int64 // charged plus held: what is no longer available
	Limit       int64 // Unlimited or the plan's credits
	Remaining   int64 // Unlimited when Limit is
	PeriodStart time.Time
	PeriodEnd   time.Time
	TrialEndsAt time.Time // zero unless a trial
}

// Usage reads the workspace's current period.
func (l Ledger) Usage(ctx context.Context, st store.Store, workspaceID string) (Usage, error) {
	w, err := st.WorkspaceGet(ctx, workspaceID)
	if err != nil {
		return Usage{}, err
	}
	plan, ok := Lookup(w.Plan)
	if !ok {
		return Usage{}, fmt.Errorf("billing: workspace %s has an unknown plan %q", workspaceID, w.Plan)
	}
	start, end := plan.Period(w.PlanSince, l.now())
	c, err := st.CreditUsage(ctx, workspaceID, start)
	if err != nil {
		return Usage{}, err
	}
	u := Usage{Plan: plan, Used: c.Charged + c.Held, Limit: plan.Credits, Remaining: Unlimited,
		PeriodStart: start, PeriodEnd: end, TrialEndsAt: plan.TrialEnds(w.PlanSince)}
	if plan.Credits != Unlimited {
		u.Remaining = max(plan.Credits-u.Used, 0)
	}
	return u, nil
}
