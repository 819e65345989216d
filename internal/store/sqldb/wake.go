package sqldb

import (
	"context"
	"sync"
)

// waker fans a "jobs became due" signal out to this process's
// subscribers. A commit in this process wakes its own idle workers
// directly, with no round trip through the database; other processes
// learn of it through the driver's watcher (NOTIFY, data_version).
type waker struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// Subscribe returns a channel that receives a value after a commit of
// this process made jobs due, until ctx ends. Sends never block: a
// pending value already says "look again".
func (db *DB) Subscribe(ctx context.Context) chan struct{} {
	ch := make(chan struct{}, 1)
	w := &db.wake
	w.mu.Lock()
	if w.subs == nil {
		w.subs = map[chan struct{}]struct{}{}
	}
	w.subs[ch] = struct{}{}
	w.mu.Unlock()
	context.AfterFunc(ctx, func() {
		w.mu.Lock()
		delete(w.subs, ch)
		w.mu.Unlock()
	})
	return ch
}

// JobsDue wakes every subscriber of this process. Callers invoke it
// after a commit that inserted jobs or made them available again.
func (db *DB) JobsDue() {
	w := &db.wake
	w.mu.Lock()
	defer w.mu.Unlock()
	for ch := range w.subs {
		Poke(ch)
	}
}

// Poke sends on ch unless a value is already pending.
func Poke(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
