package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// Live job list for the dashboard: GET /v1/events/jobs is a stream of
// server-sent events, one `job` event each time a job of the caller's
// workspace appears or changes state, so the page never polls. The
// server watches the workspace's newest jobs and sends what changed; the
// store wakes it early when this process (or, through the driver's
// watcher, another one) commits job work.
const (
	eventsWindow   = 50               // the newest jobs watched
	eventsTick     = time.Second      // the longest a change waits to be seen
	eventsLifetime = 10 * time.Minute // then the stream ends; EventSource reconnects by itself
	eventsMaxOpen  = 64               // streams of this server at once
	eventsWrite    = 15 * time.Second // one event's write deadline
)

// jobEvent is one row of the live list: the /v1 job with what the list
// shows beside it.
type jobEvent struct {
	v1Job
	Filename string `json:"filename,omitempty"`
	Credits  int    `json:"credits"`
}

// jobWaker is the store's commit signal, where the driver has one.
type jobWaker interface {
	JobWake(ctx context.Context) <-chan struct{}
}

func (s *Server) routeV1Events() {
	s.mux.HandleFunc("GET /v1/events/jobs", s.v1JobEvents)
}

func (s *Server) v1JobEvents(w http.ResponseWriter, r *http.Request) {
	if n := s.eventStreams.Add(1); n > eventsMaxOpen {
		s.eventStreams.Add(-1)
		v1RetryAfter(w, 5)
		v1Fail(w, r, v1RateLimited, "Too many live streams are open on this server; retry shortly.")
		return
	}
	defer s.eventStreams.Add(-1)
	ws := s.workspace(r.Context())
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // proxies must not hold events back
	w.WriteHeader(http.StatusOK)

	ctx, cancel := context.WithTimeout(r.Context(), eventsLifetime)
	defer cancel()
	var wake <-chan struct{}
	if jw, ok := s.store.(jobWaker); ok {
		wake = jw.JobWake(ctx)
	}
	seen := map[string]string{}  // job id -> what was last sent
	names := map[string]string{} // document id -> filename
	send := func(event string, v any) bool {
		body, err := json.Marshal(v)
		if err != nil {
			return false
		}
		_ = rc.SetWriteDeadline(time.Now().Add(eventsWrite))
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, body); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	// retry tells EventSource how soon to reconnect after the lifetime.
	_ = rc.SetWriteDeadline(time.Now().Add(eventsWrite))
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil {
		return
	}
	first := true
	tick := time.NewTicker(eventsTick)
	defer tick.Stop()
	for {
		list, _, err := s.store.ExtractionList(ctx, store.ExtractionListParams{WorkspaceID: ws, Limit: eventsWindow})
		if err != nil && ctx.Err() == nil {
			if !send("problem", map[string]string{"error": "Reading the jobs failed; the stream goes on."}) {
				return
			}
		}
		// Forget jobs that left the window, so the map stays its size.
		inList := make(map[string]string, len(list))
		for _, e := range list {
			inList[e.ID] = seen[e.ID]
		}
		seen = inList
		// Oldest first, so the page can prepend each one.
		for i := len(list) - 1; i >= 0; i-- {
			e := list[i]
			j := toV1Job(e)
			state := j.Status + "|" + j.CreatedAt
			if j.CompletedAt != nil {
				state += "|" + *j.CompletedAt
			}
			if seen[e.ID] == state {
				continue
			}
			seen[e.ID] = state
			ev := jobEvent{v1Job: j}
			if j.Status == "completed" {
				ev.Credits = 1 // a job holds one credit, charged when it completes
			}
			if j.DocumentID != nil {
				name, ok := names[*j.DocumentID]
				if !ok {
					if d, err := s.store.DocumentGet(ctx, ws, *j.DocumentID); err == nil {
						name = d.Filename
					}
					names[*j.DocumentID] = name
				}
				ev.Filename = name
			}
			if !send("job", ev) {
				return
			}
		}
		if first {
			first = false
			if !send("ready", map[string]int{"jobs": len(list)}) {
				return
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-tick.C:
		}
	}
}

// eventStreamsCounter counts open streams (a field of Server).
type eventStreamsCounter = atomic.Int64

func init() {
	v1Docs = append(v1Docs,
		v1Doc{http.MethodGet, "/v1/events/jobs", "A live stream (text/event-stream) of the workspace's jobs: one `job` event per new job or change of state", "Jobs", nil, nil, 200, []string{v1RateLimited}, false, true},
		v1Doc{http.MethodGet, "/v1/executions/{id}/pages/{page}", "One page of the execution's file as a PNG ({page} is N.png; ?dpi= 36 to 200)", "Jobs", nil, nil, 200, []string{v1NotFound, v1Validation}, false, true})
}
