package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// upload posts files (name -> bytes) to /v1/data-process/async.
func upload(t *testing.T, url, key string, files map[string][]byte, order ...string) (int, map[string]any) {
	t.Helper()
	return uploadWith(t, url, key, "", files, order...)
}

// uploadWith is upload with a pipeline_config form field.
func uploadWith(t *testing.T, url, key, pipelineConfig string, files map[string][]byte, order ...string) (int, map[string]any) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("locale", "und")
	if pipelineConfig != "" {
		_ = mw.WriteField("pipeline_config", pipelineConfig)
	}
	for _, name := range order {
		fw, _ := mw.CreateFormFile("files", name)
		_, _ = fw.Write(files[name])
	}
	_ = mw.Close()
	req, _ := http.NewRequest("POST", url+"/v1/data-process/async", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-API-KEY", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("upload answer is not JSON: %s", raw)
	}
	return res.StatusCode, env
}

// TestV1UploadJobsAndCredits is the newcomer's path of issue 13 on the
// parts that exist: upload three files, watch the jobs complete, read a
// job with its quality and PII, see the balance go down by exactly the
// accepted documents, re-upload one without charge, and run out of
// credits.
func TestV1UploadJobsAndCredits(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, nil, nil)
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanStarter}); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "globex"}); err != nil {
		t.Fatal(err)
	}
	keys := apikey.Service{Store: a.Store}
	key, _, _ := keys.Create(ctx, "acme", "", tenant.RoleMember)
	viewer, _, _ := keys.Create(ctx, "acme", "", tenant.RoleViewer)
	stranger, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond) // the server rechecks for stored keys every 2 s

	files := map[string][]byte{
		"invoice.pdf": pdfBytes,
		"note.txt":    []byte("Invoice INV-7 from Acme GmbH. Contact: jane.doe@example.com, IBAN DE89 3704 0044 0532 0130 00. Total 99.00 EUR"),
		"empty.txt":   {},
		"blob.bin":    {0x00, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x00, 0x00, 0x10, 0x20},
	}
	if code, env := upload(t, ts.URL, viewer, files, "note.txt"); code != 403 || errCode(env) != "FORBIDDEN" {
		t.Fatalf("a viewer uploads: %d %v", code, env)
	}
	code, env := upload(t, ts.URL, key, files, "invoice.pdf", "note.txt", "empty.txt", "blob.bin")
	d := dataOf(env)
	if code != 202 || env["status"] != "accepted" || d["accepted"] != float64(2) || len(d["rejected"].([]any)) != 2 || len(d["job_ids"].([]any)) != 2 {
		t.Fatalf("upload: %d %v", code, env)
	}
	if poll, _ := env["meta"].(map[string]any)["poll"].(string); poll == "" {
		t.Fatalf("no poll link: %v", env)
	}
	var jobIDs []string
	for _, j := range d["jobs"].([]any) {
		jm := j.(map[string]any)
		jobIDs = append(jobIDs, jm["job_id"].(string))
		if jm["status"] != "queued" || jm["is_duplicate"] != false || jm["document_id"] == "" {
			t.Fatalf("job entry %v", jm)
		}
	}
	// Held credits count as used at once.
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/usage/current", key, nil); dataOf(env)["credits_used"] != float64(2) {
		t.Fatalf("usage right after the upload: %v", env)
	}
	var job map[string]any
	for _, id := range jobIDs {
		deadline := time.Now().Add(30 * time.Second)
		for {
			_, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+id, key, nil)
			job = dataOf(env)
			if job["status"] == "completed" || job["status"] == "failed" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("job %s never finished: %v", id, env)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if job["status"] != "completed" || job["job_id"] != id || job["job_type"] != "data_process" {
			t.Fatalf("job %s: %v", id, job)
		}
		q, _ := job["quality"].(map[string]any)
		if g, _ := q["grade"].(string); g == "" {
			t.Fatalf("job %s has no grade: %v", id, job)
		}
	}
	// The text job carried an e-mail and an IBAN: counted and masked.
	ps := job["processing_summary"].(map[string]any)
	if job["pii_findings_count"].(float64) < 2 || job["privacy_applied"] != true || ps["pii_type_summary"].(map[string]any)["email"] == nil {
		t.Fatalf("privacy of the text job: %v", job)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/usage/current", key, nil); dataOf(env)["credits_used"] != float64(2) {
		t.Fatalf("usage after completion: %v (want exactly 2 charged)", env)
	}
	u, _ := a.Store.CreditUsage(ctx, "acme", mustPeriod(t, billing.PlanStarter))
	if u.Charged != 2 || u.Held != 0 {
		t.Fatalf("ledger = %+v, want 2 charged", u)
	}

	// A re-upload is a duplicate of the first job and costs nothing.
	code, env = upload(t, ts.URL, key, files, "note.txt")
	d = dataOf(env)
	dup := d["jobs"].([]any)[0].(map[string]any)
	if code != 202 || d["accepted"] != float64(0) || dup["is_duplicate"] != true || dup["existing_job_id"] != jobIDs[1] || dup["status"] != "completed" {
		t.Fatalf("re-upload: %d %v", code, env)
	}
	if u, _ := a.Store.CreditUsage(ctx, "acme", mustPeriod(t, billing.PlanStarter)); u.Charged+u.Held != 2 {
		t.Fatalf("a duplicate was charged: %+v", u)
	}

	// Jobs list, and another workspace sees none of it.
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs?page_size=1", key, nil); dataOf(env)["total"] != float64(2) || len(dataOf(env)["items"].([]any)) != 1 {
		t.Fatalf("jobs list: %v", env)
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+jobIDs[0], stranger, nil); code != 404 || errCode(env) != "NOT_FOUND" {
		t.Fatalf("another workspace reads the job: %d %v", code, env)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs", stranger, nil); dataOf(env)["total"] != float64(0) {
		t.Fatalf("another workspace lists: %v", env)
	}

	// Out of credits: spend the rest of the month in the ledger, then one
	// file of two gets in and a lone upload is refused.
	start := mustPeriod(t, billing.PlanStarter)
	for i := 0; i < 1200-2-1; i++ {
		if err := a.Store.CreditHold(ctx, store.CreditHoldParams{WorkspaceID: "acme", Ref: fmt.Sprintf("spent_%d", i), Credits: 1,
			PeriodStart: start, Limit: -1, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	more := map[string][]byte{"a.txt": []byte("first extra document"), "b.txt": []byte("second extra document")}
	code, env = upload(t, ts.URL, key, more, "a.txt", "b.txt")
	d = dataOf(env)
	if code != 202 || d["accepted"] != float64(1) || d["rejected"].([]any)[0].(map[string]any)["error"] != "QUOTA_EXCEEDED" {
		t.Fatalf("upload at the limit: %d %v", code, env)
	}
	code, env = upload(t, ts.URL, key, map[string][]byte{"c.txt": []byte("third extra document")}, "c.txt")
	if code != 402 || errCode(env) != "QUOTA_EXCEEDED" {
		t.Fatalf("upload past the limit: %d %v", code, env)
	}
	if _, total, _ := a.Store.DocumentList(ctx, "acme", 10, 0); total != 3 {
		t.Fatalf("documents stored = %d, want 3 (a refused file stores nothing)", total)
	}

	// The operator sees the same on /actuator/metrics.
	res, err := http.Get(ts.URL + "/actuator/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	// The third document may finish while this runs: at least 2, at most 3.
	for series, bounds := range map[string][2]float64{`quarry_quota_refusals_total{reason="quota_exceeded"}`: {2, 2},
		`quarry_credits{state="charged"}`: {2, 3}, `quarry_jobs{status="completed"}`: {2, 3}, `quarry_jobs{status="failed"}`: {0, 0}} {
		m := regexp.MustCompile(regexp.QuoteMeta(series) + ` ([0-9.e+]+)`).FindStringSubmatch(string(raw))
		if m == nil {
			t.Errorf("metrics lack %s", series)
			continue
		}
		if v, _ := strconv.ParseFloat(m[1], 64); v < bounds[0] || v > bounds[1] {
			t.Errorf("%s = %v, want %v..%v", series, v, bounds[0], bounds[1])
		}
	}
}

func mustPeriod(t *testing.T, plan string) time.Time {
	t.Helper()
	p, _ := billing.Lookup(plan)
	start, _ := p.Period(time.Now(), time.Now())
	return start
}
