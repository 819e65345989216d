package sqlite

import (
	"context"
	"os"
	"time"

	"github.com/quarrydev/quarry/internal/store/sqldb"
)

// How JobWake watches for commits of other processes. Commits of this
// process wake their workers directly (sqldb.JobsDue), so these only
// bound the pick-up latency across processes. A stat of the WAL file is
// one cheap system call, so it runs four times a second; PRAGMA
// data_version is a read with its file locks, so it runs once a second
// as the backstop for commits the stat cannot see (a reset WAL rewritten
// within one timestamp tick). At 25 ms the read, and the wake-ups it
// caused, cost most of a core on an idle server; at 100 ms and 500 ms an
// idle server still spent 0.7 % of a core (1.3 % on a busy machine,
// over issue 9's bound of 1 %); at 250 ms and 1 s it spends about 0.35 %
// (TestIdleWorkersUseAlmostNoCPU), and a job another process commits is
// picked up within a quarter of a second.
const (
	statEvery    = 250 * time.Millisecond
	versionEvery = time.Second
)

// JobWake returns a channel that receives a value after a commit of this
// process made jobs due, and soon after another process (or another
// handle on the same file) committed anything. SQLite has no NOTIFY:
// every commit appends to the WAL file (its size or modification time
// changes), and PRAGMA data_version changes exactly when another
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

// walState is what a commit changes about the WAL file.
type walState struct {
	size int64
	mod  time.Time
}

func (db *DB) walState() walState {
	fi, err := os.Stat(db.path + "-wal")
	if err != nil {
		return walState{}
	}
	return walState{fi.Size(), fi.ModTime()}
}

func (db *DB) watch(ctx context.Context, ch chan struct{}) {
	// data_version is per connection, so hold one.
	conn, err := db.Read.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
		return v, err
	}
	lastVersion, err := version()
	if err != nil {
		return
	}
	lastWAL, lastRead := db.walState(), time.Now()
	t := time.NewTicker(statEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		changed := false
		if w := db.walState(); w != lastWAL {
			lastWAL, changed = w, true
		}
		if time.Since(lastRead) >= versionEvery {
			v, err := version()
			if err != nil {
				return
			}
			lastRead = time.Now()
			changed = changed || v != lastVersion
			lastVersion = v
		}
		if changed {
			sqldb.Poke(ch)
		}
	}
}
