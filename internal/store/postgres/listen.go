package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/quarrydev/quarry/internal/store/sqldb"
)

// JobWake returns a channel that receives a value soon after any process
// commits a due job: at once for commits of this process (sqldb.JobsDue),
// through LISTEN/NOTIFY for the others, so idle workers on other machines
// start at once instead of at their next poll. The listener holds one
// dedicated connection and reconnects after errors (a database restart);
// polling remains the safety net for missed notifications.
func (db *DB) JobWake(ctx context.Context) <-chan struct{} {
	ch := db.Subscribe(ctx)
	go func() {
		backoff := 100 * time.Millisecond
		for ctx.Err() == nil {
			if err := db.listen(ctx, ch); err == nil {
				backoff = 100 * time.Millisecond
			}
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 5*time.Second)
		}
	}()
	return ch
}

func (db *DB) listen(ctx context.Context, ch chan struct{}) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var channel string
	if err := conn.QueryRow(ctx, "SELECT "+jobChannelSQL).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		sqldb.Poke(ch)
	}
}
