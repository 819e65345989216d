package sqldb

import (
	"context"

	"github.com/quarrydev/quarry/internal/store"
)

// PlatformTotals counts across workspaces for the metrics endpoint.
func (db *DB) PlatformTotals(ctx context.Context) (store.PlatformTotals, error) {
	t := store.PlatformTotals{ExtractionsByState: map[string]int64{}}
	err := db.Read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN state = 'charged' THEN credits ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN state = 'held' THEN credits ELSE 0 END), 0) FROM credit_ledger`).Scan(&t.CreditsCharged, &t.CreditsHeld)
	if err != nil {
		return t, err
	}
	err = db.Read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN error = '' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN error <> '' THEN 1 ELSE 0 END), 0) FROM hook_deliveries`).Scan(&t.DeliveriesOK, &t.DeliveriesFailed)
	if err != nil {
		return t, err
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT status, count(*) FROM extractions GROUP BY status`)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int64
		if err := rows.Scan(&s, &n); err != nil {
			return t, err
		}
		t.ExtractionsByState[s] = n
	}
	return t, rows.Err()
}
