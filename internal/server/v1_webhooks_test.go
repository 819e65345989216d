package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

// hookReceiver records /v1 webhook deliveries with their signatures.
type hookReceiver struct {
	mu    sync.Mutex
	got   []hookDelivery
	ready chan struct{}
}

type hookDelivery struct {
	sig  string
	body []byte
}

func newHookReceiver(t *testing.T) (*hookReceiver, *httptest.Server) {
	h := &hookReceiver{ready: make(chan struct{}, 16)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, hookDelivery{sig: r.Header.Get("X-Flexorch-Signature"), body: body})
		h.mu.Unlock()
		h.ready <- struct{}{}
	}))
	t.Cleanup(srv.Close)
	return h, srv
}

// TestV1WebhookSignedJobCompleted registers a hook without a secret,
// keeps the one Quarry returns once, uploads a document and verifies the
// signed job.completed delivery and its record.
func TestV1WebhookSignedJobCompleted(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.WebhookAllowPrivate = true }, nil)
	ctx := context.Background()
	for _, ws := range []string{"acme", "globex"} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: billing.PlanPro}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	admin, _, _ := keys.Create(ctx, "acme", "", tenant.RoleAdmin)
	member, _, _ := keys.Create(ctx, "acme", "", tenant.RoleMember)
	stranger, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond)

	rec, srv := newHookReceiver(t)
	failedOnly, failedSrv := newHookReceiver(t)
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", member, map[string]any{"url": srv.URL, "events": []string{"job.completed"}}); code != 403 {
		t.Fatalf("a member registers a hook: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", admin, map[string]any{"url": srv.URL, "events": []string{"job.done"}}); code != 422 || errCode(env) != "VALIDATION_ERROR" {
		t.Fatalf("unknown event: %d %v", code, env)
	}
	code, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", admin, map[string]any{"url": srv.URL + "/hook", "events": []string{"job.completed", "job.failed"}})
	hook := dataOf(env)
	secret, _ := hook["secret"].(string)
	if code != 201 || len(secret) < 32 || hook["active"] != true {
		t.Fatalf("register: %d %v", code, env)
	}
	if _, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", admin, map[string]any{"url": failedSrv.URL, "events": []string{"job.failed"}, "secret": "mine"}); dataOf(env)["secret"] != nil {
		t.Fatalf("a caller's own secret is echoed: %v", env)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/webhooks", admin, nil)
	for _, it := range dataOf(env)["items"].([]any) {
		if _, shown := it.(map[string]any)["secret"]; shown {
			t.Fatal("the list shows a secret")
		}
	}

	code, env = upload(t, ts.URL, member, map[string][]byte{"n.txt": []byte("Invoice 12 to jane.doe@example.com, total 10 EUR")}, "n.txt")
	if code != 202 {
		t.Fatalf("upload: %d %v", code, env)
	}
	job := dataOf(env)["job_ids"].([]any)[0].(string)
	select {
	case <-rec.ready:
	case <-time.After(30 * time.Second):
		t.Fatal("no job.completed delivery")
	}
	rec.mu.Lock()
	d := rec.got[0]
	rec.mu.Unlock()
	if d.sig != webhook.SignHex(secret, d.body) || d.sig == webhook.SignHex("other", d.body) {
		t.Fatalf("signature %q does not verify with the returned secret", d.sig)
	}
	var ev map[string]any
	if err := json.Unmarshal(d.body, &ev); err != nil {
		t.Fatal(err)
	}
	if ev["event"] != "job.completed" || ev["job_id"] != job || ev["status"] != "completed" || ev["event_id"] == "" ||
		ev["pii_findings_count"].(float64) < 1 || ev["quality_grade"] == nil || ev["timestamp"] == "" {
		t.Fatalf("payload = %s", d.body)
	}
	select {
	case <-failedOnly.ready:
		t.Fatal("a job.failed-only hook got job.completed")
	case <-time.After(300 * time.Millisecond):
	}
	hid := hook["id"].(string)
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, _, env = v1Call(t, "GET", ts.URL+"/v1/webhooks/"+hid+"/deliveries", admin, nil)
		if items, _ := dataOf(env)["items"].([]any); len(items) == 1 {
			if it := items[0].(map[string]any); it["success"] != true || it["http_status"] != float64(200) || it["event_type"] != "job.completed" {
				t.Fatalf("delivery record %v", it)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery never recorded: %v", env)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if code, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/webhooks/"+hid, stranger, nil); code != 404 {
		t.Fatalf("another workspace deletes the hook: %d", code)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/webhooks/"+hid+"/deliveries", stranger, nil); code != 404 {
		t.Fatalf("another workspace reads the deliveries: %d", code)
	}
	if code, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/webhooks/"+hid, admin, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/webhooks/"+hid, admin, nil); code != 404 {
		t.Fatalf("second delete: %d", code)
	}
}
