package server

import (
	"fmt"
	"strings"
	"time"
)

// serverTiming collects phase durations for the W3C Server-Timing header,
// so a client (or bench/api) can see where a request's time went.
type serverTiming struct {
	start  time.Time
	last   time.Time
	phases []string
}

func newServerTiming() *serverTiming {
	now := time.Now()
	return &serverTiming{start: now, last: now}
}

func (t *serverTiming) mark(name string) {
	now := time.Now()
	t.phases = append(t.phases, fmt.Sprintf("%s;dur=%.2f", name, float64(now.Sub(t.last).Microseconds())/1000))
	t.last = now
}

func (t *serverTiming) header() string {
	return strings.Join(t.phases, ", ")
}
