package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// CreditHold admits p.Ref against the period's limit. Outside a
// transaction it opens one: the check and the insert must be atomic.
func (o ops) CreditHold(ctx context.Context, p store.CreditHoldParams) error {
	if o.jobsDue == nil {
		return o.db.txOn(ctx, o.db.Write, func(t ops) error { return t.CreditHold(ctx, p) })
	}
	// Serialise the workspace's admissions: PostgreSQL locks the
	// workspace row (FOR NO KEY UPDATE, see Dialect.LockRow; the sum
	// below then sees every earlier hold, as READ
	// COMMITTED takes a fresh snapshot per statement); SQLite has one
	// writer at a time already.
	var id string
	if err := o.w.QueryRowContext(ctx, o.db.q(`SELECT id FROM workspaces WHERE id = ?`+o.db.D.LockRow), p.WorkspaceID).Scan(&id); err != nil {
		if err == sql.ErrNoRows {
			return store.ErrNotFound
		}
		return err
	}
	var exists int
	err := o.w.QueryRowContext(ctx, o.db.q(`SELECT 1 FROM credit_ledger WHERE workspace_id = ? AND ref = ?`), p.WorkspaceID, p.Ref).Scan(&exists)
	if err == nil {
		return nil // already admitted: a retry of the same submission
	}
	if err != sql.ErrNoRows {
		return err
	}
	if p.Limit >= 0 {
		var used int64
		if err := o.w.QueryRowContext(ctx, o.db.q(`SELECT COALESCE(SUM(credits), 0) FROM credit_ledger WHERE workspace_id = ? AND period_start = ?`),
			p.WorkspaceID, store.Micros(p.PeriodStart)).Scan(&used); err != nil {
			return err
		}
		if used+p.Credits > p.Limit {
			return store.ErrNoCredit
		}
	}
	_, err = o.w.ExecContext(ctx, o.db.q(`INSERT INTO credit_ledger (workspace_id, ref, state, credits, period_start, created_at) VALUES (?, ?, 'held', ?, ?, ?)`),
		p.WorkspaceID, p.Ref, p.Credits, store.Micros(p.PeriodStart), store.Micros(p.At))
	return err
}

// CreditCharge turns a hold into a charge.
func (o ops) CreditCharge(ctx context.Context, workspaceID, ref string, at time.Time) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`UPDATE credit_ledger SET state = 'charged', settled_at = ? WHERE workspace_id = ? AND ref = ? AND state = 'held'`),
		store.Micros(at), workspaceID, ref)
	return err
}

// CreditRelease drops an uncharged hold.
func (o ops) CreditRelease(ctx context.Context, workspaceID, ref string) error {
	_, err := o.w.ExecContext(ctx, o.db.q(`DELETE FROM credit_ledger WHERE workspace_id = ? AND ref = ? AND state = 'held'`), workspaceID, ref)
	return err
}

// CreditUsage sums the period's ledger by state.
func (o ops) CreditUsage(ctx context.Context, workspaceID string, periodStart time.Time) (store.CreditUsage, error) {
	var u store.CreditUsage
	err := o.r.QueryRowContext(ctx, o.db.q(`SELECT
		COALESCE(SUM(CASE WHEN state = 'charged' THEN credits ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'held' THEN credits ELSE 0 END), 0)
		FROM credit_ledger WHERE workspace_id = ? AND period_start = ?`), workspaceID, store.Micros(periodStart)).Scan(&u.Charged, &u.Held)
	return u, err
}

// microsPerDay buckets integer-microsecond times into UTC days in SQL
// both dialects share.
const microsPerDay = int64(24 * time.Hour / time.Microsecond)

// CreditDaily sums charged credits per UTC day.
func (o ops) CreditDaily(ctx context.Context, workspaceID string, since time.Time) (map[time.Time]int64, error) {
	rows, err := o.r.QueryContext(ctx, o.db.q(`SELECT settled_at / ?, SUM(credits) FROM credit_ledger
		WHERE workspace_id = ? AND state = 'charged' AND settled_at >= ? GROUP BY 1`),
		microsPerDay, workspaceID, store.Micros(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[time.Time]int64{}
	for rows.Next() {
		var day, n int64
		if err := rows.Scan(&day, &n); err != nil {
			return nil, err
		}
		out[store.FromMicros(day*microsPerDay).UTC()] = n
	}
	return out, rows.Err()
}
