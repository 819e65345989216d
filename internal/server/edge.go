package server

import (
	"errors"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

// errSlowBody replaces the connection's i/o timeout when a request body
// falls behind the minimum upload rate, so decoders can answer 408
// without printing socket addresses.
var errSlowBody = errors.New("request body arrived too slowly")

// withDeadlines gives each request its own connection deadlines. The
// http.Server has no ReadTimeout or WriteTimeout because a fixed one would
// either cut off a large upload on a slow link or let a trickling body
// hold the connection for as long as a large upload may take. Instead the
// body must keep an average rate: its read deadline is
// start + BodyGrace + received/BodyMinRate, moved forward as bytes arrive,
// so a client sending a byte a second is cut off after about BodyGrace
// whatever Content-Length it announced. The write deadline trails the
// read deadline by WriteTimeout, which covers the sync time-out and the
// long-poll ceiling.
func (s *Server) withDeadlines(next http.Handler) http.Handler {
	e := s.cfg.Edge
	if e.BodyGrace <= 0 && e.WriteTimeout <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rc := http.NewResponseController(w)
		d := &deadlines{rc: rc, start: start, grace: e.BodyGrace, rate: e.BodyMinRate, write: e.WriteTimeout}
		if r.Body != nil && r.Body != http.NoBody {
			d.extend(0)
			r.Body = &rateBody{ReadCloser: r.Body, d: d}
		} else if e.WriteTimeout > 0 {
			// No body, no read deadline: net/http watches a connection
			// for the client going away with a background read, and a
			// read deadline passing there cancels the request (an event
			// stream ended after BodyGrace instead of its lifetime).
			_ = rc.SetWriteDeadline(start.Add(e.BodyGrace + e.WriteTimeout))
		}
		next.ServeHTTP(w, r)
	})
}

// deadlines moves a connection's read and write deadlines.
type deadlines struct {
	rc           *http.ResponseController
	start        time.Time
	grace, write time.Duration
	rate         int64
	set          time.Time // read deadline last set
}

// extend sets the read deadline for received bytes, and the write
// deadline WriteTimeout after it. Deadlines move in steps of at least
// 100 ms so that a body read in small chunks does not reset timers on
// every call.
func (d *deadlines) extend(received int64) {
	if d.grace <= 0 {
		if d.set.IsZero() && d.write > 0 {
			d.set = d.start
			_ = d.rc.SetWriteDeadline(d.start.Add(d.write))
		}
		return
	}
	at := d.start.Add(d.grace)
	if d.rate > 0 {
		at = at.Add(time.Duration(float64(received) / float64(d.rate) * float64(time.Second)))
	}
	if !d.set.IsZero() && at.Sub(d.set) < 100*time.Millisecond {
		return
	}
	d.set = at
	// ErrNotSupported (a test recorder, a wrapped writer) leaves the
	// server's own limits in force; nothing else can fail here.
	_ = d.rc.SetReadDeadline(at)
	if d.write > 0 {
		_ = d.rc.SetWriteDeadline(at.Add(d.write))
	}
}

// rateBody extends the deadlines as the body arrives and reports a
// deadline hit as errSlowBody.
type rateBody struct {
	io.ReadCloser
	d        *deadlines
	received int64
}

func (b *rateBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.received += int64(n)
	if n > 0 {
		b.d.extend(b.received)
	}
	if err == io.EOF {
		// The body is in: the handler may now work past the deadline
		// without the connection's background read cancelling it.
		_ = b.d.rc.SetReadDeadline(time.Time{})
	}
	var ne net.Error
	if err != nil && errors.As(err, &ne) && ne.Timeout() {
		return n, errSlowBody
	}
	return n, err
}

// slowBodyProblem is the answer to a body cut off by its deadline. The
// connection is closed after it: the rest of the body is not coming in
// time and must not be read as the next request.
func (s *Server) slowBodyProblem() *problem.Problem {
	e := s.cfg.Edge
	return problem.New(problem.Timeout, "The request body arrived too slowly: after %s it must average at least %d bytes per second.",
		e.BodyGrace, e.BodyMinRate).With("min_rate_bytes_per_second", e.BodyMinRate)
}
