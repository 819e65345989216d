package account

import (
	"errors"
	"sync"
	"time"
)

// Failed logins per address are limited so a password cannot be guessed
// at the rate a client can send: after loginFailures wrong passwords in a
// loginWindow, the address is refused until the window ends. The count
// lives in each process, like the plans' rate windows: behind a balancer
// each process allows its own share.
const (
	loginFailures = 10
	loginWindow   = 15 * time.Minute
	// throttleMax bounds the table; past it, ended windows are dropped.
	throttleMax = 10000
)

// ThrottledError is a login refused for too many recent failures.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string { return "account: too many failed logins; retry later" }

// ErrThrottled matches a *ThrottledError with errors.Is.
var ErrThrottled = errors.New("account: too many failed logins")

// Is lets errors.Is(err, ErrThrottled) match.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

type window struct {
	start time.Time
	fails int
}

type throttle struct {
	mu sync.Mutex
	m  map[string]*window
}

// check refuses an address that used up its failures in this window.
func (t *throttle) check(email string, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.m[email]
	if w == nil || now.Sub(w.start) >= loginWindow || w.fails < loginFailures {
		return nil
	}
	return &ThrottledError{RetryAfter: w.start.Add(loginWindow).Sub(now)}
}

func (t *throttle) fail(email string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil {
		t.m = map[string]*window{}
	}
	if len(t.m) >= throttleMax {
		for k, w := range t.m {
			if now.Sub(w.start) >= loginWindow {
				delete(t.m, k)
			}
		}
	}
	w := t.m[email]
	if w == nil || now.Sub(w.start) >= loginWindow {
		w = &window{start: now}
		t.m[email] = w
	}
	w.fails++
}

func (t *throttle) reset(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.m, email)
}
