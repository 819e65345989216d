package billing

import (
	"sync"
	"time"
)

// RateLimiter counts requests per workspace in fixed one-minute windows.
// It lives in the process: with several API processes behind a balancer
// each enforces the plan's rate on its own share, which errs towards
// letting a burst through rather than refusing one. Memory is one small
// entry per workspace seen in the current window.
type RateLimiter struct {
	Now func() time.Time // nil: time.Now

	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

// RateWindow is the length of a rate window.
const RateWindow = time.Minute

// RateStatus is a workspace's standing in the current window.
type RateStatus struct {
	Limit     int // Unlimited or requests per window
	Used      int
	Remaining int
	ResetIn   time.Duration
}

// Allow counts one request of the workspace against rpm and reports
// whether it may go on. A refused request is not counted.
func (r *RateLimiter) Allow(workspaceID string, rpm int) (bool, RateStatus) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.roll()
	if rpm == Unlimited {
		r.counts[workspaceID]++
		st.Limit, st.Used, st.Remaining = Unlimited, r.counts[workspaceID], Unlimited
		return true, st
	}
	used := r.counts[workspaceID]
	if used >= rpm {
		st.Limit, st.Used, st.Remaining = rpm, used, 0
		return false, st
	}
	r.counts[workspaceID] = used + 1
	st.Limit, st.Used, st.Remaining = rpm, used+1, rpm-used-1
	return true, st
}

// Status reports the workspace's window without counting a request.
func (r *RateLimiter) Status(workspaceID string, rpm int) RateStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.roll()
	st.Limit, st.Used = rpm, r.counts[workspaceID]
	st.Remaining = Unlimited
	if rpm != Unlimited {
		st.Remaining = max(rpm-st.Used, 0)
	}
	return st
}

// roll starts a new window when the current one is over; callers hold mu.
func (r *RateLimiter) roll() RateStatus {
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	w := now.Truncate(RateWindow)
	if r.counts == nil || !w.Equal(r.window) {
		r.window, r.counts = w, map[string]int{}
	}
	return RateStatus{ResetIn: w.Add(RateWindow).Sub(now)}
}
