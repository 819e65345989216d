package server

import (
	"context"
	"io"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/quarrydev/quarry/internal/problem"
)

// budget bounds what the process holds for requests at once: request
// bytes in memory (bodies as they are read, plus base64-decoded files)
// and running sync pipelines. A request that would exceed either waits
// up to wait, then gets 503 unavailable with Retry-After, instead of
// every request slowing down together until the process runs out of
// memory.
type budget struct {
	mem      *semaphore.Weighted
	memTotal int64
	pipes    *semaphore.Weighted
	wait     time.Duration
}

func newBudget(memBytes int64, pipelines int, wait time.Duration) *budget {
	b := &budget{wait: wait}
	if memBytes > 0 {
		b.mem, b.memTotal = semaphore.NewWeighted(memBytes), memBytes
	}
	if pipelines > 0 {
		b.pipes = semaphore.NewWeighted(int64(pipelines))
	}
	return b
}

// retryAfter is the Retry-After of a refusal, in whole seconds: about the
// time the refused request would have waited.
func (b *budget) retryAfter() int {
	return max(1, int(math.Ceil(b.wait.Seconds())))
}

func (b *budget) busy(what string) *problem.Problem {
	return problem.New(problem.Unavailable, "The server is at its limit of %s; retry after %d s.", what, b.retryAfter()).
		With("retry_after_seconds", b.retryAfter())
}

// acquire takes n from sem within the bounded wait.
func (b *budget) acquire(ctx context.Context, sem *semaphore.Weighted, n int64) bool {
	if sem.TryAcquire(n) {
		return true
	}
	if b.wait <= 0 {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, b.wait)
	defer cancel()
	return sem.Acquire(ctx, n) == nil
}

// pipeline takes a pipeline slot; the returned release must be called.
func (b *budget) pipeline(ctx context.Context) (release func(), err error) {
	if b.pipes == nil {
		return func() {}, nil
	}
	if !b.acquire(ctx, b.pipes, 1) {
		return nil, b.busy("concurrent extractions")
	}
	return func() { b.pipes.Release(1) }, nil
}

// lease is one request's share of the memory budget, released when the
// request ends. A request is charged at most the whole budget, so one
// larger than the budget runs alone rather than never.
type lease struct {
	b    *budget
	ctx  context.Context
	mu   sync.Mutex
	held int64
}

// grow charges n more bytes to the request.
func (l *lease) grow(n int64) error {
	if l == nil || l.b.mem == nil || n <= 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	n = min(n, l.b.memTotal-l.held)
	if n <= 0 {
		return nil
	}
	if !l.b.acquire(l.ctx, l.b.mem, n) {
		return l.b.busy("request memory")
	}
	l.held += n
	return nil
}

func (l *lease) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held > 0 {
		l.b.mem.Release(l.held)
		l.held = 0
	}
}

// leaseOf returns the request's lease (nil: no budget).
func leaseOf(r *http.Request) *lease {
	if st := stateOf(r); st != nil {
		return st.lease
	}
	return nil
}

// withBudget charges request bodies to the memory budget: the announced
// Content-Length before the handler runs (so a request that cannot fit
// is refused before its body is read), or, for a chunked body, the bytes
// as they arrive.
func (s *Server) withBudget(next http.Handler) http.Handler {
	if s.budget.mem == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
			next.ServeHTTP(w, r)
			return
		}
		l := &lease{b: s.budget, ctx: r.Context()}
		defer l.release()
		if r.ContentLength > 0 {
			if err := l.grow(min(r.ContentLength, s.cfg.MaxBodyBytes)); err != nil {
				// The body is not read: the connection cannot be reused.
				w.Header().Set("Connection", "close")
				writeProblem(w, r, problem.From(err))
				return
			}
		} else {
			r.Body = &budgetBody{ReadCloser: r.Body, l: l}
		}
		if st := stateOf(r); st != nil {
			st.lease = l
		}
		next.ServeHTTP(w, r)
	})
}

// budgetBody charges a chunked body as it arrives, a step at a time so
// that small reads do not each touch the semaphore.
type budgetBody struct {
	io.ReadCloser
	l             *lease
	read, charged int64
}

const budgetStep = 1 << 20

func (b *budgetBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if b.read > b.charged {
		step := max(budgetStep, b.read-b.charged)
		if gerr := b.l.grow(step); gerr != nil {
			return n, gerr
		}
		b.charged += step
	}
	return n, err
}

// setRetryAfter copies a problem's retry_after_seconds into the header.
func setRetryAfter(w http.ResponseWriter, p *problem.Problem) {
	if v, ok := p.Extensions["retry_after_seconds"].(int); ok {
		w.Header().Set("Retry-After", strconv.Itoa(v))
	}
}
