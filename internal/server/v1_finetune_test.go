package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// A dataset goes to the provider's files API as chat-format, masked
// JSONL; the job is created with the base model and suffix, and GET
// follows it until the provider reports the tuned model.
func TestV1FineTune(t *testing.T) {
	t.Parallel()
	var polls atomic.Int32
	provider := llmtest.New(t, func(r llmtest.Recorded) llmtest.Reply {
		switch {
		case r.Method == "POST" && r.Path == "/v1/files":
			return llmtest.OpenAIFile("file-abc", len(r.Raw))
		case r.Method == "POST" && r.Path == "/v1/fine_tuning/jobs":
			return llmtest.OpenAIFineTuneJob("ftjob-1", "validating_files", "gpt-4o-mini-2024-07-18", "file-abc", "", "")
		case r.Method == "GET" && r.Path == "/v1/fine_tuning/jobs/ftjob-1":
			if polls.Add(1) == 1 {
				return llmtest.OpenAIFineTuneJob("ftjob-1", "running", "gpt-4o-mini-2024-07-18", "file-abc", "", "")
			}
			return llmtest.OpenAIFineTuneJob("ftjob-1", "succeeded", "gpt-4o-mini-2024-07-18", "file-abc", "ft:gpt-4o-mini:acme:invoices:1", "")
		}
		return llmtest.Error(404, "no route "+r.Path, nil)
	})
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.SecretKey, c.WebhookAllowPrivate = testSecretKey, true }, nil)
	ctx := context.Background()
	for ws, plan := range map[string]string{"acme": billing.PlanPro, "small": billing.PlanStarter} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: plan}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	key, _, _ := keys.Create(ctx, "acme", "", tenant.RoleOwner)
	small, _, _ := keys.Create(ctx, "small", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond) // the cached "auth is off" verdict lapses

	_, env := upload(t, ts.URL, key, map[string][]byte{"inv.txt": []byte("Invoice INV-2025-001 from Acme Trading Ltd\nContact jane.doe@example.com\nIssue date 15 May 2025\nTotal 1.234,56 EUR")}, "inv.txt")
	job := dataOf(env)["jobs"].([]any)[0].(map[string]any)["job_id"].(string)
	waitJob(t, ts.URL, key, job)
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets", key, map[string]any{"name": "invoices", "job_ids": []string{job}})
	ds := dataOf(env)["dataset_id"].(string)
	waitJob(t, ts.URL, key, dataOf(env)["job_id"].(string))

	body := map[string]any{"dataset_id": ds, "model": "gpt-4o-mini-2024-07-18", "suffix": "invoices"}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/fine-tune", small, body); code != http.StatusForbidden || env["error"].(map[string]any)["code"] != "PLAN_UPGRADE_REQUIRED" {
		t.Fatalf("starter plan: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/fine-tune", key, body); code != 422 || !strings.Contains(env["error"].(map[string]any)["message"].(string), "llm-config") {
		t.Fatalf("without settings: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/settings/llm-config", key, map[string]any{"model": "openai:gpt-4o-mini", "api_key": "sk-ft", "base_url": provider.URL + "/v1"}); code != 200 {
		t.Fatalf("settings: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/fine-tune", key, map[string]any{"dataset_id": "ds_nope", "model": "m"}); code != 404 {
		t.Fatalf("unknown dataset: %d %v", code, env)
	}
	code, _, env := v1Call(t, "POST", ts.URL+"/v1/fine-tune", key, body)
	d := dataOf(env)
	if code != http.StatusAccepted || env["status"] != "accepted" || d["status"] != "queued" || d["dataset_id"] != ds || d["fine_tuned_model"] != nil {
		t.Fatalf("submit: %d %v", code, env)
	}
	id := d["job_id"].(string)

	reqs := provider.Requests()
	if len(reqs) != 2 || reqs[0].Header.Get("Authorization") != "Bearer sk-ft" {
		t.Fatalf("provider saw %d requests", len(reqs))
	}
	upload := string(reqs[0].Raw)
	if !strings.Contains(upload, "fine-tune") || !strings.Contains(upload, `"role":"assistant"`) || !strings.Contains(upload, "INV-2025-001") {
		t.Fatalf("training upload is not chat-format JSONL of the dataset: %.600s", upload)
	}
	if strings.Contains(upload, "jane.doe@example.com") {
		t.Fatal("the training file carries unmasked PII")
	}
	if reqs[1].Body["training_file"] != "file-abc" || reqs[1].Body["model"] != "gpt-4o-mini-2024-07-18" || reqs[1].Body["suffix"] != "invoices" {
		t.Fatalf("job request: %v", reqs[1].Body)
	}

	for _, want := range []string{"running", "succeeded", "succeeded"} {
		code, _, env := v1Call(t, "GET", ts.URL+"/v1/fine-tune/"+id, key, nil)
		if code != 200 || dataOf(env)["status"] != want {
			t.Fatalf("poll: %d %v, want %s", code, env, want)
		}
	}
	if got := dataOf(env)["fine_tuned_model"]; got != nil {
		t.Fatalf("the submit answer changed: %v", got)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/fine-tune/"+id, key, nil)
	if dataOf(env)["fine_tuned_model"] != "ft:gpt-4o-mini:acme:invoices:1" {
		t.Fatalf("finished job: %v", env)
	}
	if n := polls.Load(); n != 2 {
		t.Fatalf("asked the provider %d times; a finished job is answered from the store", n)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/fine-tune/"+id, small, nil); code != 404 {
		t.Fatalf("another workspace read the job: %d", code)
	}
}
