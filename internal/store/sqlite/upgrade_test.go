package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
)

// Jobs queued by a release before the generic queue (no args column) must
// still run after the upgrade: the migration gives them the arguments
// their kind reads now, taken from the job's ref.
func TestUpgradeGivesQueuedJobsTheirArgs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "q.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, raw, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for _, j := range []struct{ id, kind, ref string }{{"job_a", "extraction", "ext_1"}, {"job_b", "bbox_refine", "ext_1"}, {"job_c", "webhook", "evt_9"}} {
		if _, err := raw.ExecContext(ctx, `INSERT INTO jobs (id, kind, workspace_id, ref, state, max_attempts, run_at, created_at)
			VALUES (?, ?, 'default', ?, 'available', 3, 0, 0)`, j.id, j.kind, j.ref); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := map[string]map[string]string{
		"job_a": {"extraction_id": "ext_1"}, "job_b": {"extraction_id": "ext_1"}, "job_c": {"event_id": "evt_9"},
	}
	rows, err := db.Read.QueryContext(ctx, `SELECT id, args FROM jobs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		var args []byte
		if err := rows.Scan(&id, &args); err != nil {
			t.Fatal(err)
		}
		var got map[string]string
		if err := json.Unmarshal(args, &got); err != nil || len(got) != 1 || got[firstKey(want[id])] != want[id][firstKey(want[id])] {
			t.Errorf("%s: args %s, want %v", id, args, want[id])
		}
		n++
	}
	if n != 3 {
		t.Fatalf("%d jobs after the upgrade, want 3", n)
	}
}

func firstKey(m map[string]string) string {
	for k := range m {
		return k
	}
	return ""
}
