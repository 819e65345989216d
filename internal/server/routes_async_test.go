package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/webhook"
)

// asyncApp is testApp with a fast in-process worker pool (workers > 0).
func asyncApp(t *testing.T, workers int, mutate func(*config.Config), tweak func(*app.WorkerConfig)) (*app.App, *httptest.Server) {
	t.Helper()
	return asyncAppOn(t, nil, workers, mutate, tweak)
}

// asyncAppOn is asyncApp on the database dbURL makes (nil: SQLite).
func asyncAppOn(t *testing.T, dbURL func(*testing.T, string) string, workers int, mutate func(*config.Config), tweak func(*app.WorkerConfig)) (*app.App, *httptest.Server) {
	t.Helper()
	a, ts := edgeServer(t, dbURL, mutate)
	if workers > 0 {
		jc := a.JobConfig(workers)
		jc.BackoffBase, jc.BackoffMax, jc.Poll, jc.Lease = 10*time.Millisecond, 40*time.Millisecond, 20*time.Millisecond, 2*time.Second
		if tweak != nil {
			tweak(&jc)
		}
		a.StartWorkers(jc)
		t.Cleanup(a.StopWorkers)
	}
	return a, ts
}

func submitJSON(t *testing.T, ts *httptest.Server, extra string, hdr map[string]string) response {
	t.Helper()
	return do(t, ts, "POST", "/api/v1/extractions", "application/json", strings.NewReader(jsonBody(pdfFileJSON(), extra)), hdr)
}

// waitFor polls the extraction until cond holds or 20 s pass.
func waitFor(t *testing.T, ts *httptest.Server, id string, cond func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r := do(t, ts, "GET", "/api/v1/extractions/"+id, "", nil, nil)
		if r.status == 200 && cond(r.body) {
			return r.body
		}
		if time.Now().After(deadline) {
			t.Fatalf("extraction %s never reached the state: %s", id, r.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(s string) func(map[string]any) bool {
	return func(b map[string]any) bool { return b["status"] == s }
}

func TestAsyncSubmitQueuedThenCancel(t *testing.T) {
	t.Parallel()
	_, ts := asyncApp(t, 0, nil, nil)
	r := Scenario{Method: "POST", URL: "/api/v1/extractions", Body: jsonBody(pdfFileJSON(), ""), ExpectedStatus: 202,
		After: func(t *testing.T, r response) {
			id, _ := r.body["id"].(string)
			if r.body["status"] != "queued" || r.body["attempts"].(float64) != 0 || !strings.HasPrefix(id, "ext_") {
				t.Fatalf("submit = %d %s", r.status, r.raw)
			}
			for _, k := range []string{"started_at", "finished_at", "error", "post_processing"} {
				if v, ok := r.body[k]; !ok || v != nil {
					t.Errorf("%s must be present and null, got %v (present %v)", k, v, ok)
				}
			}
		}}.Run(t, ts)
	id, _ := r.body["id"].(string)
	// In order: the first cancel is what makes the second one conflict.
	runScenarios(t, ts, []Scenario{
		{Name: "ResultWhileQueued", URL: "/api/v1/extractions/" + id + "/result", ExpectedStatus: 409, ExpectedCode: "not_ready",
			After: func(t *testing.T, res response) {
				if res.body["extensions"].(map[string]any)["extraction"].(map[string]any)["status"] != "queued" {
					t.Fatalf("result while queued = %d %s", res.status, res.raw)
				}
			}},
		{Name: "QueuedIsCancelled", Method: "DELETE", URL: "/api/v1/extractions/" + id, ExpectedStatus: 200,
			After: func(t *testing.T, d response) {
				if d.body["status"] != "cancelled" {
					t.Fatalf("DELETE = %d %s", d.status, d.raw)
				}
			}},
		{Name: "SecondCancelConflicts", Method: "DELETE", URL: "/api/v1/extractions/" + id, ExpectedStatus: 409, ExpectedCode: "not_cancellable"},
		{Name: "UnknownIs404", Method: "DELETE", URL: "/api/v1/extractions/ext_01HEM2ZZ7M0Q8ZV4Q2C1N2B3D4", ExpectedStatus: 404, ExpectedCode: "not_found"},
	})
}

func TestAsyncRunsToSucceededWithEvents(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, nil, nil)
	r := submitJSON(t, ts, `"metadata":{"tenant_id":"acme","external_id":"x-1"}`, map[string]string{"X-Correlation-Id": "corr-42"})
	id := r.body["id"].(string)
	got := waitFor(t, ts, id, status("succeeded"))
	if got["attempts"].(float64) != 1 || got["started_at"] == nil || got["finished_at"] == nil || got["error"] != nil {
		t.Fatalf("succeeded extraction = %v", got)
	}
	Scenario{URL: "/api/v1/extractions/" + id + "/result", ExpectedStatus: 200, After: func(t *testing.T, res response) {
		if res.body["result"].(map[string]any)["id"] != id {
			t.Fatalf("result = %d %s", res.status, res.raw)
		}
	}}.Run(t, ts)
	evs, err := a.Store.EventList(context.Background(), store.DefaultWorkspace, id)
	if err != nil || len(evs) != 2 || evs[0].Type != execution.EventSubmitted || evs[1].Type != execution.EventCompleted {
		t.Fatalf("events = %v, %v", evs, err)
	}
	for _, ev := range evs {
		wiretest.Validate(t, "EventEnvelope", ev.Payload)
	}
	var env map[string]any
	_ = json.Unmarshal(evs[1].Payload, &env)
	meta, _ := env["metadata"].(map[string]any)
	if env["version"] != "1.0.0" || env["correlation_id"] != "corr-42" || env["tenant_id"] != "acme" || meta["external_id"] != "x-1" ||
		env["result"] == nil || env["extraction"].(map[string]any)["status"] != "succeeded" || len(env["event_id"].(string)) != 36 {
		t.Fatalf("completed envelope = %s", evs[1].Payload)
	}
}

func TestAsyncIdempotencyReplays(t *testing.T) {
	t.Parallel()
	_, ts := asyncApp(t, 0, nil, nil)
	h := map[string]string{"Idempotency-Key": "order-77"}
	first := submitJSON(t, ts, "", h)
	second := submitJSON(t, ts, "", h)
	if first.status != 202 || second.status != 202 || first.body["id"] != second.body["id"] || string(first.raw) != string(second.raw) {
		t.Fatalf("replay: %s vs %s", first.raw, second.raw)
	}
	Scenario{URL: "/api/v1/extractions?idempotency_key=order-77", ExpectedStatus: 200, After: func(t *testing.T, l response) {
		if l.body["total"].(float64) != 1 {
			t.Fatalf("list by key = %s", l.raw)
		}
	}}.Run(t, ts)
}

func TestAsyncListValidation(t *testing.T) {
	t.Parallel()
	_, ts := asyncApp(t, 0, nil, nil)
	for i := 0; i < 3; i++ {
		submitJSON(t, ts, "", nil)
	}
	cases := []struct {
		query  string
		status int
		total  float64
		items  int
	}{
		{"", 200, 3, 3},
		{"?limit=2&offset=1", 200, 3, 2},
		{"?status=queued,running", 200, 3, 3},
		{"?status=succeeded", 200, 0, 0},
		{"?post_processing_status=pending", 200, 0, 0},
		{"?created_after=2000-01-01T00:00:00Z&created_before=2100-01-01T00:00:00Z", 200, 3, 3},
		{"?created_after=2100-01-01T00:00:00Z", 200, 0, 0},
		{"?status=queued,bogus", 400, 0, 0},
		{"?post_processing_status=done", 400, 0, 0},
		{"?limit=0", 400, 0, 0},
		{"?limit=501", 400, 0, 0},
		{"?limit=ten", 400, 0, 0},
		{"?offset=-1", 400, 0, 0},
		{"?created_before=yesterday", 400, 0, 0},
	}
	var scenarios []Scenario
	for _, c := range cases {
		s := Scenario{Name: c.query, URL: "/api/v1/extractions" + c.query, ExpectedStatus: c.status}
		if c.status == 400 {
			s.ExpectedCode = "invalid_request"
		} else {
			s.After = func(t *testing.T, r response) {
				if r.body["total"].(float64) != c.total || len(r.body["items"].([]any)) != c.items {
					t.Fatalf("body = %s", r.raw)
				}
			}
		}
		scenarios = append(scenarios, s)
	}
	scenarios = append(scenarios, Scenario{Name: "DefaultPageNewestFirst", URL: "/api/v1/extractions", After: func(t *testing.T, r response) {
		items := r.body["items"].([]any)
		if r.body["limit"].(float64) != 50 || items[0].(map[string]any)["submitted_at"].(string) < items[2].(map[string]any)["submitted_at"].(string) {
			t.Fatalf("default page not newest first: %s", r.raw)
		}
	}})
	runScenarios(t, ts, scenarios)
}

func TestAsyncCallbackSSRFGuard(t *testing.T) {
	t.Parallel()
	cases := []struct {
		url          string
		allowPrivate bool
		status       int
	}{
		{"http://127.0.0.1:9/hook", false, 422},
		{"http://localhost/hook", false, 422},
		{"http://10.1.2.3/hook", false, 422},
		{"http://192.168.0.10/hook", false, 422},
		{"http://169.254.169.254/latest/meta-data", false, 422},
		{"http://[fd00::1]/hook", false, 422},
		{"http://[::ffff:127.0.0.1]/hook", false, 422},
		{"ftp://example.com/hook", false, 422},
		// Issue 11: forms the submit check used to accept.
		{"http://[::1%25lo]:9/hook", false, 422},
		{"http://[fe80::1%25lo]/hook", false, 422},
		{"http://[::127.0.0.1]/hook", false, 422},
		{"http://[2002:7f00:1::1]/hook", false, 422},
		{"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", false, 422},
		{"http://[fec0::1]/hook", false, 422},
		{"http://[64:ff9b::7f00:1]/hook", false, 422},
		{"http://2130706433/hook", false, 422},
		{"http://0x7f.1/hook", false, 422},
		{"http://017700000001/hook", false, 422},
		{"http://93.184.215.14/hook", false, 202},
		{"http://127.0.0.1:9/hook", true, 202},
	}
	for _, c := range cases {
		// No '%' in the name: t.TempDir derives the SQLite path from it.
		name := strings.ReplaceAll(fmt.Sprintf("%s/private=%v", c.url, c.allowPrivate), "%", "pct")
		t.Run(name, func(t *testing.T) {
			t.Parallel() // each row has its own app
			_, ts := asyncApp(t, 0, func(cfg *config.Config) { cfg.WebhookAllowPrivate = c.allowPrivate }, nil)
			s := Scenario{Method: "POST", URL: "/api/v1/extractions", Body: jsonBody(pdfFileJSON(), `"callback_url":"`+c.url+`"`),
				ExpectedStatus: c.status}
			if c.status == 422 {
				s.ExpectedCode = "validation_failed"
				s.After = func(t *testing.T, r response) {
					if !strings.Contains(r.body["detail"].(string), "callback_url") {
						t.Fatalf("= %d %s", r.status, r.raw)
					}
				}
			}
			s.Run(t, ts)
		})
	}
}

// TestAsyncRetriesThenSucceedsOrFails is not parallel. Only the case that
// hangs tests the time limit (150 ms); the others run under a limit of
// 10 s, since their last attempt is a real extraction, which took over
// 150 ms while the rest of make test loaded the 2-core machine.
func TestAsyncRetriesThenSucceedsOrFails(t *testing.T) {
	cases := []struct {
		name      string
		failFirst int
		hang      bool // outlive the per-job time limit instead of failing
		status    string
		attempts  float64
		errText   string
	}{
		{"SucceedsOnThirdAttempt", 2, false, "succeeded", 3, ""},
		{"FailsAfterMaxAttempts", 99, false, "failed", 3, "flaky dependency"},
		{"TimeLimitFailsEachAttempt", 99, true, "failed", 3, "async time limit of 150ms exceeded"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ts := asyncApp(t, 1, nil, func(jc *app.WorkerConfig) {
				jc.Timeout = 10 * time.Second
				if c.hang {
					jc.Timeout = 150 * time.Millisecond
				}
				jc.BeforeRun = func(ctx context.Context, id string, attempt int) error {
					if attempt <= c.failFirst {
						if c.hang {
							<-ctx.Done()
							return ctx.Err()
						}
						return errors.New("flaky dependency")
					}
					return nil
				}
			})
			id := submitJSON(t, ts, "", nil).body["id"].(string)
			got := waitFor(t, ts, id, status(c.status))
			if got["attempts"].(float64) != c.attempts {
				t.Fatalf("attempts = %v", got["attempts"])
			}
			if c.status == "failed" && !strings.Contains(fmt.Sprint(got["error"]), c.errText) {
				t.Fatalf("error = %v", got["error"])
			}
		})
	}
}

func TestAsyncBboxRefineLegAndLongPoll(t *testing.T) {
	t.Parallel()
	_, ts := asyncApp(t, 2, nil, nil)
	body := `"document_types":[{"id":"invoice","field_groups":[{"name":"main","fields":[{"name":"invoice_number"},{"name":"total_amount","type":"number"}]}]}],"options":{"stages":{"bbox_refine":true}}`
	r := submitJSON(t, ts, body, nil)
	if r.status != 202 {
		t.Fatalf("submit = %d %s", r.status, r.raw)
	}
	id := r.body["id"].(string)
	waitFor(t, ts, id, status("succeeded"))
	res := Scenario{URL: "/api/v1/extractions/" + id + "/result?wait_for_bboxes=true&timeout=15", ExpectedStatus: 200}.Run(t, ts)
	got := do(t, ts, "GET", "/api/v1/extractions/"+id, "", nil, nil)
	leg := got.body["post_processing"].(map[string]any)["bbox_refinement"].(map[string]any)
	if leg["status"] != "succeeded" || leg["attempts"].(float64) != 1 || leg["finished_at"] == nil {
		t.Fatalf("leg = %v", leg)
	}
	// Every grounded box now carries the refinement's verdict.
	boxes, refined := 0, 0
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if b, ok := x["bbox"].(map[string]any); ok {
				boxes++
				if b["refinement_confidence"] != nil {
					refined++
				}
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(res.body["result"])
	if boxes == 0 || refined != boxes {
		t.Fatalf("%d boxes, %d refined: %s", boxes, refined, res.raw)
	}
	Scenario{URL: "/api/v1/extractions?post_processing_status=succeeded", After: func(t *testing.T, l response) {
		if l.body["total"].(float64) != 1 {
			t.Fatalf("pp filter = %s", l.raw)
		}
	}}.Run(t, ts)
}

func TestAsyncLongPollTimesOutWith200(t *testing.T) {
	t.Parallel()
	// The pool runs only main extractions, so the leg stays pending and
	// the long-poll must give up at its timeout with the current result.
	_, ts := asyncApp(t, 1, nil, func(jc *app.WorkerConfig) { jc.Kinds = []string{execution.KindExtraction} })
	id := submitJSON(t, ts, `"options":{"stages":{"bbox_refine":true}}`, nil).body["id"].(string)
	got := waitFor(t, ts, id, status("succeeded"))
	if leg := got["post_processing"].(map[string]any)["bbox_refinement"].(map[string]any); leg["status"] != "pending" {
		t.Fatalf("leg = %v", leg)
	}
	start := time.Now()
	res := do(t, ts, "GET", "/api/v1/extractions/"+id+"/result?wait_for_bboxes=true&timeout=0.6", "", nil, nil)
	if el := time.Since(start); res.status != 200 || res.body["id"] != id || el < 550*time.Millisecond || el > 5*time.Second {
		t.Fatalf("long-poll = %d after %s: %s", res.status, el, res.raw)
	}
	Scenario{URL: "/api/v1/extractions/" + id + "/result", ExpectedStatus: 200}.Run(t, ts)
}

func TestAsyncWebhookRetriedUntilAccepted(t *testing.T) {
	t.Parallel()
	const secret = "s3cret"
	var calls atomic.Int32
	var mu sync.Mutex
	var accepted [][]byte
	var sigOK bool
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if calls.Add(1) <= 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		accepted = append(accepted, body)
		sigOK = webhook.Verify(secret, body, r.Header.Get("X-Flydocs-Signature"))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer recv.Close()
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.WebhookAllowPrivate, c.HMACSecret = true, secret }, nil)
	id := submitJSON(t, ts, `"callback_url":"`+recv.URL+`/hook"`, nil).body["id"].(string)
	waitFor(t, ts, id, status("succeeded"))
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(accepted)
		mu.Unlock()
		if n > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(accepted) != 1 || !sigOK || calls.Load() != 4 {
		t.Fatalf("accepted %d deliveries in %d calls, signature ok %v", len(accepted), calls.Load(), sigOK)
	}
	wiretest.Validate(t, "EventEnvelope", accepted[0])
	var env map[string]any
	_ = json.Unmarshal(accepted[0], &env)
	if env["event_type"] != "extraction.completed" || env["result"] == nil || env["extraction"].(map[string]any)["id"] != id {
		t.Fatalf("delivered = %s", accepted[0])
	}
	// The receiver answers before the worker commits the job as done, so
	// wait for the commit rather than read the row at once.
	var jobsOf []*store.Job
	for deadline := time.Now().Add(10 * time.Second); ; {
		jobsOf, _ = a.Store.JobList(context.Background(), store.JobListParams{Kind: execution.KindWebhook})
		if (len(jobsOf) == 1 && jobsOf[0].State == store.JobDone) || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(jobsOf) != 1 || jobsOf[0].State != store.JobDone || jobsOf[0].Attempts != 4 {
		t.Fatalf("webhook job = %+v", jobsOf)
	}
}

func TestAsyncWebhookEventSelection(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var types []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var env execution.Envelope
		_ = json.NewDecoder(r.Body).Decode(&env)
		mu.Lock()
		types = append(types, env.EventType)
		mu.Unlock()
	}))
	defer recv.Close()
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.WebhookAllowPrivate = true }, nil)
	id := submitJSON(t, ts, `"callback_url":"`+recv.URL+`","options":{"stages":{"bbox_refine":true}}`, nil).body["id"].(string)
	waitFor(t, ts, id, func(b map[string]any) bool {
		pp, _ := b["post_processing"].(map[string]any)
		leg, _ := pp["bbox_refinement"].(map[string]any)
		return leg != nil && leg["status"] == "succeeded"
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		mu.Lock()
		n := len(types)
		mu.Unlock()
		if n >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // room for a wrong extra delivery to show up
	mu.Lock()
	got := strings.Join(types, ",")
	mu.Unlock()
	if got != "extraction.completed,extraction.post_processing.completed" && got != "extraction.post_processing.completed,extraction.completed" {
		t.Fatalf("webhooks delivered: %q", got)
	}
	evs, _ := a.Store.EventList(context.Background(), store.DefaultWorkspace, id)
	var all []string
	for _, e := range evs {
		all = append(all, e.Type)
	}
	if strings.Join(all, ",") != "extraction.submitted,extraction.completed,extraction.post_processing.requested,extraction.post_processing.completed" {
		t.Fatalf("outbox = %v", all)
	}
}
