package sqlite

import (
	"context"
	"time"

	"github.com/quarrydev/quarry/internal/store/sqldb"
)

// wakeEvery is how often JobWake looks for commits of other processes.
// Commits of this process wake their workers directly (sqldb.JobsDue), so
// this only bounds the pick-up latency across processes; a quarter of a
// second keeps an idle server near zero CPU (at 25 ms the read, its file
// locks and the wake-ups it caused cost most of a core).
const wakeEvery = 250 * time.Millisecond

// JobWake returns a channel that receives a value after a commit of this
// process made jobs due, and soon after another process (or another
// handle on the same file) committed anything. SQLite has no NOTIFY;
// PRAGMA data_version is a cheap read that changes exactly when another
// connection commits. Workers still poll as a safety net.
func (db *DB) JobWake(ctx context.Context) <-chan struct{} {
	ch := db.Subscribe(ctx)
	go func() {
		for ctx.Err() == nil {
			db.watch(ctx, ch)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	return ch
}

func (db *DB) watch(ctx context.Context, ch chan struct{}) {
	// data_version is per connection, so hold one.
	conn, err := db.Read.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	var last int64 = -1
	t := time.NewTicker(wakeEvery)
	defer t.Stop()
	for {
		var v int64
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			return
		}
		if last >= 0 && v != last {
			sqldb.Poke(ch)
		}
		last = v
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
