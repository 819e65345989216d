package pipeline

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

func TestStageLimit(t *testing.T) {
	t.Parallel()
	load := Stage{Name: StageLoad, Timeout: 20 * time.Second}
	extract := Stage{Name: StageExtract, Timeout: 600 * time.Second}
	quality := Stage{Name: StageQuality, Timeout: 5 * time.Second}
	cases := []struct {
		name   string
		st     Stage
		budget time.Duration
		pages  int
		want   time.Duration
	}{
		{"SyncLoadKeepsReferenceLimit", load, 0, 1999, 20 * time.Second},
		{"SyncLaterStageKeepsReferenceLimit", quality, 0, 1999, 5 * time.Second},
		{"AsyncLoadGetsWholeBudget", load, 20 * time.Minute, 0, 20 * time.Minute},
		{"AsyncOnePageKeepsReferenceLimit", quality, 20 * time.Minute, 1, 5 * time.Second},
		{"AsyncNoPagesKeepsReferenceLimit", quality, 20 * time.Minute, 0, 5 * time.Second},
		{"AsyncScalesByPages", quality, 20 * time.Minute, 1999, 40 * 5 * time.Second},
		{"AsyncStepBoundary", quality, 20 * time.Minute, 51, 2 * 5 * time.Second},
		{"AsyncCappedByBudget", extract, 20 * time.Minute, 1999, 20 * time.Minute},
		{"AsyncBudgetBelowReference", extract, time.Minute, 1, time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := StageLimit(c.st, c.budget, c.pages); got != c.want {
				t.Fatalf("StageLimit = %s, want %s", got, c.want)
			}
		})
	}
}

// TestAsyncLoadGetsTheBudget runs the engine with a load stage that
// reports its deadline: a sync run's load stage must end within the
// reference's 20 s, an async run's may use the whole budget.
func TestAsyncLoadGetsTheBudget(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		budget   time.Duration
		min, max time.Duration // the load stage's deadline, from the run's start
	}{
		{"Sync", 0, 19 * time.Second, 20 * time.Second},
		{"Async", 20 * time.Minute, 19 * time.Minute, 20 * time.Minute},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEngine(t)
			var left time.Duration
			e.stages[0].Run = func(e *Engine, ctx context.Context, r *Run) (string, error) {
				d, ok := ctx.Deadline()
				if !ok {
					t.Error("load stage has no deadline")
				}
				left = time.Until(d)
				return e.stageLoad(ctx, r)
			}
			ctx := context.Background()
			if c.budget > 0 {
				ctx = WithBudget(ctx, c.budget)
			}
			res, err := e.Run(ctx, "ext_budget", pdfRequest(t))
			if err != nil || res.Status != api.StatusSuccess {
				t.Fatalf("run: %v", err)
			}
			if left < c.min || left > c.max {
				t.Fatalf("load stage had %s left, want between %s and %s", left, c.min, c.max)
			}
		})
	}
}

// TestPDFOverPageLimitIs413: the engine refuses a PDF over
// QUARRY_MAX_PAGES with limit_exceeded (413) naming the limit, sync or
// async, instead of spending the load stage's time on it.
func TestPDFOverPageLimitIs413(t *testing.T) {
	t.Parallel()
	if ingest.FindEngines().PDFInfo == "" {
		t.Skip("needs Poppler's pdfinfo")
	}
	pages := make([][]string, 4)
	for i := range pages {
		pages[i] = []string{"Account statement page with enough words to skip OCR"}
	}
	data, _ := fixture.TextPDF(pages)
	lim := ingest.DefaultLimits()
	lim.MaxPages = 3
	e := New(lim, Capabilities{Tools: ingest.FindEngines()})
	for _, ctx := range []context.Context{context.Background(), WithBudget(context.Background(), time.Hour)} {
		_, err := e.Run(ctx, "ext_big", &api.ExtractRequest{Files: []api.FileInput{{Filename: "big.pdf", Data: data}}})
		p, ok := problem.As(err)
		if !ok || p.Code != problem.LimitExceeded || p.Status != 413 || !strings.Contains(p.Detail, "page limit (QUARRY_MAX_PAGES) is 3") {
			t.Fatalf("err = %v, want 413 limit_exceeded naming the page limit", err)
		}
	}
}
