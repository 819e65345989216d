package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/config"
)

// A handler that works past BodyGrace keeps its request: with no body, or
// once the body is in, the connection's read deadline no longer applies
// (net/http's background read would hit it and cancel the request, which
// cut event streams off after 30 s). A body that trickles is still cut
// off (internal/app's edge tests).
func TestDeadlinesSpareALongHandler(t *testing.T) {
	t.Parallel()
	s := &Server{cfg: config.Config{Edge: config.Edge{BodyGrace: 200 * time.Millisecond, BodyMinRate: 1024, WriteTimeout: 5 * time.Second}}}
	ts := httptest.NewServer(s.withDeadlines(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		select {
		case <-r.Context().Done():
			http.Error(w, "cancelled", http.StatusServiceUnavailable)
		case <-time.After(700 * time.Millisecond):
			_, _ = io.WriteString(w, "done")
		}
	})))
	defer ts.Close()
	for _, method := range []string{http.MethodGet, http.MethodPost} {
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader("a small body")
		}
		req, _ := http.NewRequest(method, ts.URL, body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(got) != "done" {
			t.Errorf("%s: %d %q, want 200 \"done\" (the request was cancelled at the read deadline)", method, resp.StatusCode, got)
		}
	}
}
