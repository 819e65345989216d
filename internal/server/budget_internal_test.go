package server

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

func TestPipelineSlotsAreBounded(t *testing.T) {
	t.Parallel()
	b := newBudget(0, 1, 50*time.Millisecond)
	release, err := b.pipeline(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = b.pipeline(context.Background())
	pr, ok := problem.As(err)
	if !ok {
		t.Fatalf("second pipeline past a limit of 1: %v", err)
	}
	w := httptest.NewRecorder()
	setRetryAfter(w, pr)
	if w.Header().Get("Retry-After") != "1" || pr.Status != 503 || pr.Code != problem.Unavailable {
		t.Fatalf("refusal %v: status %d Retry-After %q", pr, pr.Status, w.Header().Get("Retry-After"))
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Fatalf("refused after %s, before the bounded wait", waited)
	}
	release()
	release2, err := b.pipeline(context.Background())
	if err != nil {
		t.Fatalf("slot not returned: %v", err)
	}
	release2()
}
