package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/postgres/pgtest"
)

// Child-process switch: the crash test re-runs this test binary as a
// worker it can kill -9.
const (
	childEnv   = "QUARRY_TEST_CHILD_WORKER"
	childSlow  = "QUARRY_TEST_CHILD_SLOW_MS"
	childLease = 1500 * time.Millisecond
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		runChildWorker()
		return
	}
	if os.Getenv(childIdle) == "1" {
		runIdleChild()
		return
	}
	os.Exit(m.Run())
}

// runChildWorker runs a worker pool from QUARRY_* settings until killed.
func runChildWorker() {
	cfg, err := config.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	slow, _ := strconv.Atoi(os.Getenv(childSlow))
	jc := fastJobs(a.JobConfig(2))
	jc.BeforeRun = func(ctx context.Context, id string, attempt int) error {
		select { // a slow stage, so the parent can kill us mid-job
		case <-time.After(time.Duration(slow) * time.Millisecond):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	a.StartWorkers(jc)
	select {}
}

// fastJobs shortens every delay so the reliability tests run in seconds.
func fastJobs(jc app.WorkerConfig) app.WorkerConfig {
	jc.BackoffBase, jc.BackoffMax = 20*time.Millisecond, 100*time.Millisecond
	jc.Poll, jc.Lease, jc.ReapEvery = 20*time.Millisecond, childLease, 200*time.Millisecond
	return jc
}

// backend is one database the tests run against.
type backend struct {
	name string
	url  func(t *testing.T, dir string) string
}

var backends = []backend{
	{"sqlite", func(t *testing.T, dir string) string { return filepath.Join(dir, "q.db") }},
	{"postgres", func(t *testing.T, dir string) string { return pgtest.SchemaURL(t) }},
}

// env is one deployment under test: settings, an API (no workers) and a
// webhook receiver.
type env struct {
	vars map[string]string
	api  *app.App
	ts   *httptest.Server
	hook *receiver
}

func newEnv(t *testing.T, b backend) *env { return newEnvWith(t, b, nil) }

func newEnvWith(t *testing.T, b backend, extra map[string]string) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{hook: newReceiver(t)}
	e.vars = map[string]string{
		"QUARRY_DATA_DIR": dir, "QUARRY_DATABASE_URL": b.url(t, dir), "QUARRY_BLOB_URL": filepath.Join(dir, "blobs"),
		"QUARRY_WEBHOOK_ALLOW_PRIVATE": "true", "QUARRY_WEBHOOK_HMAC_SECRET": "k", "QUARRY_LOG_LEVEL": "warn",
	}
	for k, v := range extra {
		e.vars[k] = v
	}
	e.api = e.open(t)
	e.ts = httptest.NewServer(e.api.Server.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// open builds another app instance (its own connections) on the same
// database and blobs.
func (e *env) open(t *testing.T) *app.App {
	t.Helper()
	cfg, err := config.FromLookup(func(k string) (string, bool) { v, ok := e.vars[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(context.Background()) })
	return a
}

func (e *env) startChild(t *testing.T, slowMS int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childSlow+"="+strconv.Itoa(slowMS))
	for k, v := range e.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stderr = io.Discard
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	return cmd
}

var tinyPDF, _ = fixture.TextPDF([][]string{{"Invoice INV-1 total 10.00 EUR"}})

// submit posts one extraction (a tiny text file, or the PDF) and returns its id.
func (e *env) submit(t testing.TB, key string, pdf bool) (string, int) {
	data, name := []byte("hello "+key), "note.txt"
	if pdf {
		data, name = tinyPDF, "inv.pdf"
	}
	body, _ := json.Marshal(map[string]any{
		"files":        []map[string]string{{"filename": name, "content_base64": base64.StdEncoding.EncodeToString(data)}},
		"callback_url": e.hook.srv.URL + "/hook",
	})
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/extractions", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return "", 0
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	// Check, not Validate: submit runs on goroutines, where a skip is not
	// allowed; an absent schema is not a failure.
	if err := wiretest.Check("Extraction", raw); err != nil && !errors.Is(err, wiretest.ErrMissing) {
		t.Error(err)
	}
	var out api.Extraction
	_ = json.Unmarshal(raw, &out)
	return out.ID, res.StatusCode
}

// waitSettled waits until no job is available or running.
func (e *env) waitSettled(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		st, err := e.api.Store.JobStats(context.Background())
		if err == nil && st[store.JobAvailable] == 0 && st[store.JobRunning] == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs not settled after %s: %v %v", timeout, st, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkExactlyOnce asserts every id succeeded, has exactly one completed
// event, and that the receiver got its webhook.
func (e *env) checkExactlyOnce(t *testing.T, ids []string) {
	t.Helper()
	ctx := context.Background()
	for _, id := range ids {
		x, err := e.api.Store.ExtractionGet(ctx, store.DefaultWorkspace, id)
		if err != nil || x.Status != api.ExtractionSucceeded || len(x.Result) == 0 {
			t.Fatalf("%s: %v %v", id, x, err)
		}
		wiretest.Validate(t, "ExtractionResult", x.Result)
		evs, _ := e.api.Store.EventList(ctx, store.DefaultWorkspace, id)
		completed := 0
		for _, ev := range evs {
			wiretest.Validate(t, "EventEnvelope", ev.Payload) // what the webhook delivers
			if ev.Type == execution.EventCompleted {
				completed++
			}
		}
		if completed != 1 {
			t.Fatalf("%s has %d completed events, want exactly 1", id, completed)
		}
		if e.hook.count(id) < 1 {
			t.Fatalf("%s: completed webhook never delivered", id)
		}
	}
}

// receiver is a webhook endpoint counting deliveries per extraction.
type receiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	per map[string]int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{per: map[string]int{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var env execution.Envelope
		if err := json.NewDecoder(req.Body).Decode(&env); err != nil {
			w.WriteHeader(400)
			return
		}
		r.mu.Lock()
		r.per[env.Extraction.ID]++
		r.mu.Unlock()
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.per[id]
}
