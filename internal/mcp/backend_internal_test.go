package mcp

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestInProcessAnswerStopsAtTheLimit checks that a reader stopping at
// its size limit ends the handler's writes instead of leaving the
// handler blocked on the pipe.
func TestInProcessAnswerStopsAtTheLimit(t *testing.T) {
	t.Parallel()
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		chunk := make([]byte, 64<<10)
		var err error
		for i := 0; i < 1000 && err == nil; i++ { // 64 MB if nobody stops it
			_, err = w.Write(chunk)
		}
		done <- err
	})
	_, err := inProcess(h).do(context.Background(), "", http.MethodGet, "/x", nil, "", 1<<20)
	if !errors.Is(err, errTooLarge) {
		t.Fatalf("err = %v, want errTooLarge", err)
	}
	select {
	case werr := <-done:
		if werr == nil {
			t.Fatal("the handler wrote everything: the pipe was not closed")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the handler is still blocked writing")
	}
}

func TestInProcessCarriesStatusHeadersAndKey(t *testing.T) {
	t.Parallel()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-API-Key") != "dfx_k" || r.URL.Path != "/v1/jobs/job_1" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"status":"error","data":null,"error":{"code":"NOT_FOUND","message":"No job job_1."}}`))
	})
	_, err := inProcess(h).v1(context.Background(), "dfx_k", http.MethodGet, "/v1/jobs/job_1", nil)
	var ce *callError
	if !errors.As(err, &ce) || ce.Status != 404 || ce.Code != "NOT_FOUND" || !strings.Contains(err.Error(), "No job job_1.") {
		t.Fatalf("err = %#v", err)
	}
	panics := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })
	if _, err := inProcess(panics).v1(context.Background(), "", http.MethodGet, "/v1/x", nil); err == nil {
		t.Fatal("a panicking handler answered")
	}
}
