package billing_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
)

func TestLedgerAgainstPlans(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	now := set.Add(24 * time.Hour)
	l := billing.Ledger{Now: func() time.Time { return now }}
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w"}); err != nil {
		t.Fatal(err)
	}
	if err := db.WorkspaceSetPlan(ctx, "w", billing.PlanTrial, set); err != nil {
		t.Fatal(err)
	}
	hold := func(ref string) error {
		return db.InTx(ctx, func(tx store.Tx) error { return l.Hold(ctx, tx, "w", ref) })
	}
	for i := 0; i < 3; i++ {
		if err := hold(string(rune('a' + i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.InTx(ctx, func(tx store.Tx) error {
		if err := l.Charge(ctx, tx, "w", "a"); err != nil {
			return err
		}
		return l.Release(ctx, tx, "w", "b")
	}); err != nil {
		t.Fatal(err)
	}
	u, err := l.Usage(ctx, db, "w")
	if err != nil || u.Used != 2 || u.Limit != 1200 || u.Remaining != 1198 || !u.PeriodStart.Equal(set) || !u.TrialEndsAt.Equal(set.AddDate(0, 0, 30)) {
		t.Fatalf("usage = %+v, %v", u, err)
	}
	now = set.AddDate(0, 0, 30)
	if err := hold("late"); !errors.Is(err, billing.ErrTrialExpired) {
		t.Fatalf("hold after the trial: %v", err)
	}
	// A plan change starts a new period with the plan's credits.
	if err := db.WorkspaceSetPlan(ctx, "w", billing.PlanStarter, now); err != nil {
		t.Fatal(err)
	}
	if err := hold("late"); err != nil {
		t.Fatalf("hold on starter: %v", err)
	}
	if u, _ := l.Usage(ctx, db, "w"); u.Used != 1 || u.Plan.ID != billing.PlanStarter || !u.TrialEndsAt.IsZero() {
		t.Fatalf("starter usage = %+v", u)
	}
}

func TestQuotaExceeded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)
	l := billing.Ledger{Now: func() time.Time { return now }}
	if err := db.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "w", Plan: billing.PlanStarter}); err != nil {
		t.Fatal(err)
	}
	start, _ := mustPlan(t, billing.PlanStarter).Period(now, now)
	for i := 0; i < 1200; i++ { // spend the month's credits directly in the ledger
		if err := db.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: "w", Ref: string(rune(0x1000 + i)), Credits: 1, PeriodStart: start, Limit: -1, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	err = db.InTx(ctx, func(tx store.Tx) error { return l.Hold(ctx, tx, "w", "one-more") })
	if !errors.Is(err, billing.ErrQuotaExceeded) {
		t.Fatalf("hold past 1,200: %v", err)
	}
	now = now.AddDate(0, 1, 0) // the next month resets
	if err := db.InTx(ctx, func(tx store.Tx) error { return l.Hold(ctx, tx, "w", "one-more") }); err != nil {
		t.Fatalf("hold in the next month: %v", err)
	}
}

func mustPlan(t *testing.T, id string) billing.Plan {
	p, ok := billing.Lookup(id)
	if !ok {
		t.Fatalf("no plan %s", id)
	}
	return p
}
