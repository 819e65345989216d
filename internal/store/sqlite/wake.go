package sqlite

import (
	"context"
	"time"
)

// wakeEvery is how often JobWake looks for commits of other processes.
const wakeEvery = 25 * time.Millisecond

// JobWake returns a channel that receives a value soon after another
// connection (this process's writer, or another process on the same file)
// commits. SQLite has no NOTIFY; PRAGMA data_version is a read that
// changes exactly then, so watching it is far cheaper than trying to
// claim (a write) on every tick. Workers still poll as a safety net.
func (db *DB) JobWake(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
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
			select {
			case ch <- struct{}{}:
			default:
			}
		}
		last = v
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
