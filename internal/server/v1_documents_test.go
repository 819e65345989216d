package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// waitJob polls a /v1 job until it ends.
func waitJob(t *testing.T, url, key, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, _, env := v1Call(t, "GET", url+"/v1/jobs/"+id, key, nil)
		if j := dataOf(env); j["status"] == "completed" || j["status"] == "failed" {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s never ended", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestV1DocumentsExecutionsFeedback reads what an upload leaves behind:
// the document with its history and file, the execution with PII
// positions and masked records, feedback, and a reprocess that charges
// one more credit and keeps the first result.
func TestV1DocumentsExecutionsFeedback(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, nil, nil)
	ctx := context.Background()
	for _, ws := range []string{"acme", "globex"} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: billing.PlanStarter}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	member, _, _ := keys.Create(ctx, "acme", "", tenant.RoleMember)
	viewer, _, _ := keys.Create(ctx, "acme", "", tenant.RoleViewer)
	admin, _, _ := keys.Create(ctx, "acme", "", tenant.RoleAdmin)
	stranger, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond)

	text := []byte("Invoice INV-42\nCustomer e-mail: jane.doe@example.com\nIBAN: DE89 3704 0044 0532 0130 00\nTotal: 120.00 EUR\n")
	_, env := upload(t, ts.URL, member, map[string][]byte{"inv.txt": text}, "inv.txt")
	first := dataOf(env)["jobs"].([]any)[0].(map[string]any)
	job, doc := first["job_id"].(string), first["document_id"].(string)
	if j := waitJob(t, ts.URL, member, job); j["status"] != "completed" {
		t.Fatalf("job: %v", j)
	}

	exec := "exec_" + strings.TrimPrefix(job, "job_")
	code, _, env := v1Call(t, "GET", ts.URL+"/v1/executions/"+exec, viewer, nil)
	x := dataOf(env)
	if code != 200 || x["job_id"] != job || x["document_id"] != doc || x["status"] != "completed" {
		t.Fatalf("execution: %d %v", code, env)
	}
	p := x["pii"].(map[string]any)
	if p["count"].(float64) < 2 || len(p["findings"].([]any)) < 2 {
		t.Fatalf("execution PII: %v", p)
	}
	for _, f := range p["findings"].([]any) {
		fm := f.(map[string]any)
		if _, has := fm["start"]; !has || fm["value"] != nil {
			t.Fatalf("a finding without a position or with its value: %v", fm)
		}
	}
	masked, _ := x["masked_text"].(string)
	if masked == "" || strings.Contains(masked, "jane.doe@example.com") || strings.Contains(masked, "0532 0130") {
		t.Fatalf("masked text %q", masked)
	}
	if strings.Contains(string(mustJSON(t, x["records"])), "jane.doe@example.com") {
		t.Fatalf("records show a masked value: %v", x["records"])
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/executions/"+exec, stranger, nil); code != 404 {
		t.Fatalf("another workspace reads the execution: %d", code)
	}

	// The document, its file (not for viewers) and its history.
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/documents", member, nil); code != 200 || dataOf(env)["total"] != float64(1) {
		t.Fatalf("documents: %d %v", code, env)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/v1/documents/"+doc+"/file", nil)
	req.Header.Set("X-API-KEY", member)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != string(text) || !strings.Contains(res.Header.Get("Content-Disposition"), "inv.txt") {
		t.Fatalf("file: %d %q", res.StatusCode, body)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/documents/"+doc+"/file", viewer, nil); code != 403 {
		t.Fatalf("a viewer fetched the original bytes: %d", code)
	}

	// Reprocess: a new job, one more credit, the first result kept.
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/documents/"+doc+"/reprocess", member, map[string]any{})
	again, _ := dataOf(env)["job_id"].(string)
	if code != 202 || again == "" || again == job || env["status"] != "accepted" {
		t.Fatalf("reprocess: %d %v", code, env)
	}
	waitJob(t, ts.URL, member, again)
	code, _, env = v1Call(t, "GET", ts.URL+"/v1/documents/"+doc, member, nil)
	d := dataOf(env)
	if code != 200 || d["processing_count"] != float64(2) || d["status"] != "processed" || len(d["processing_history"].([]any)) != 2 ||
		d["latest_execution"].(map[string]any)["job_id"] != again {
		t.Fatalf("document: %d %v", code, env)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+job, member, nil); dataOf(env)["status"] != "completed" {
		t.Fatalf("the first job after a reprocess: %v", env)
	}
	if u, _ := a.Store.CreditUsage(ctx, "acme", mustPeriod(t, billing.PlanStarter)); u.Charged != 2 {
		t.Fatalf("credits after upload and reprocess = %+v, want 2 charged", u)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/jobs?document_id="+doc, member, nil)
	if items := dataOf(env)["items"].([]any); dataOf(env)["total"] != float64(2) || items[0].(map[string]any)["job_id"] != again {
		t.Fatalf("jobs of the document, newest first: %v", env)
	}
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	for q, want := range map[string]float64{"?created_after=" + tomorrow: 0, "?created_before=" + tomorrow: 2,
		"?job_type=dataset_build": 0, "?document_id=doc_unknown": 0, "?status=failed": 0} {
		if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs"+q, member, nil); dataOf(env)["total"] != want {
			t.Fatalf("jobs%s: %v, want %v", q, env, want)
		}
	}
	if code, _, _ := v1Call(t, "POST", ts.URL+"/v1/documents/"+doc+"/reprocess", stranger, map[string]any{}); code != 404 {
		t.Fatalf("another workspace reprocesses: %d", code)
	}

	// Feedback is an upsert, readable back, and null before any.
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+again+"/feedback", member, nil); env["data"] != nil {
		t.Fatalf("feedback before any: %v", env)
	}
	if code, _, _ := v1Call(t, "POST", ts.URL+"/v1/jobs/"+job+"/feedback", member, map[string]any{"rating": "meh"}); code != 422 {
		t.Fatalf("bad rating: %d", code)
	}
	v1Call(t, "POST", ts.URL+"/v1/jobs/"+job+"/feedback", member, map[string]any{"rating": "down", "issue": "wrong_values"})
	v1Call(t, "POST", ts.URL+"/v1/jobs/"+job+"/feedback", member, map[string]any{"rating": "up", "notes": "fine now"})
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/jobs/"+job+"/feedback", viewer, nil)
	if f := dataOf(env); f["rating"] != "up" || f["notes"] != "fine now" || f["issue"] != nil || f["job_id"] != job {
		t.Fatalf("feedback after the upsert: %v", env)
	}
	if code, _, _ := v1Call(t, "POST", ts.URL+"/v1/jobs/"+job+"/feedback", viewer, map[string]any{"rating": "up"}); code != 403 {
		t.Fatalf("a viewer gave feedback: %d", code)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/jobs/"+job+"/feedback", stranger, nil); code != 404 {
		t.Fatalf("another workspace reads feedback: %d", code)
	}

	// The audit trail has what happened, and none of the data.
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/audit/export", member, nil); code != 403 {
		t.Fatalf("a member exported the audit trail: %d", code)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/audit/export?format=json", admin, nil)
	seen := map[string]int{}
	for _, it := range dataOf(env)["items"].([]any) {
		e := it.(map[string]any)
		seen[e["event_type"].(string)]++
		if e["tenant_id"] != "acme" || e["timestamp"] == "" || (e["outcome"] != "success" && e["outcome"] != "failure") {
			t.Fatalf("audit entry %v", e)
		}
	}
	for _, want := range []string{"document.uploaded", "job.completed", "document.downloaded", "document.reprocessed"} {
		if seen[want] == 0 {
			t.Errorf("the audit trail lacks %s: %v", want, seen)
		}
	}
	if seen["job.completed"] != 2 || strings.Contains(string(mustJSON(t, env)), "jane.doe") {
		t.Fatalf("audit export: %v", env)
	}
	req, _ = http.NewRequest("GET", ts.URL+"/v1/audit/export?format=csv", nil)
	req.Header.Set("X-API-KEY", admin)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	csvBody, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(string(csvBody), "timestamp,event_type,tenant_id,document_id,outcome") || !strings.Contains(string(csvBody), "job.completed") {
		t.Fatalf("csv export: %d %s", res.StatusCode, csvBody)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/audit/export", stranger, nil); strings.Contains(string(mustJSON(t, env)), "document.uploaded") {
		t.Fatalf("another workspace sees acme's trail: %v", env)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/compliance/record", viewer, nil)
	rec := dataOf(env)
	act := rec["processing_activities"].([]any)[0].(map[string]any)
	cats := strings.Join(toStrings(act["data_categories"]), ",")
	if rec["documents_processed"] != float64(2) || !strings.Contains(cats, "contact") || !strings.Contains(cats, "financial") || act["retention_period"] != "30 days" {
		t.Fatalf("compliance record: %v", env)
	}

	// Today's history: two jobs, two credits; the trend grades both.
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/usage/history?period=7d", viewer, nil)
	days, _ := env["data"].([]any)
	if len(days) != 1 || days[0].(map[string]any)["credits_used"] != float64(2) || days[0].(map[string]any)["jobs_count"] != float64(2) {
		t.Fatalf("usage history: %v", env)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/usage/quality-trend", viewer, nil)
	trend, _ := env["data"].([]any)
	if len(trend) != 1 || trend[0].(map[string]any)["job_count"] != float64(2) || trend[0].(map[string]any)["avg_quality_score"] == nil {
		t.Fatalf("quality trend: %v", env)
	}
	graded := 0.0
	for _, n := range trend[0].(map[string]any)["grade_distribution"].(map[string]any) {
		graded += n.(float64)
	}
	if graded != 2 {
		t.Fatalf("grades of %v jobs, want 2: %v", graded, env)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/usage/history?period=1y", viewer, nil); code != 422 {
		t.Fatalf("a bad period: %d", code)
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestV1PipelineConfig: document_type_hint pins the document type, and
// mask_pii false keeps the text in clear (no masking, no privacy applied).
func TestV1PipelineConfig(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, nil, nil)
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanPro}); err != nil {
		t.Fatal(err)
	}
	key, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleMember)
	time.Sleep(2100 * time.Millisecond)
	text := map[string][]byte{"s.txt": []byte("Statement for jane.doe@example.com\nOpening balance 100.00 EUR\nClosing balance 80.00 EUR")}
	code, env := uploadWith(t, ts.URL, key, `{"document_type_hint":"bank_statement","mask_pii":false}`, text, "s.txt")
	if code != 202 {
		t.Fatalf("upload: %d %v", code, env)
	}
	job := dataOf(env)["job_ids"].([]any)[0].(string)
	if j := waitJob(t, ts.URL, key, job); j["privacy_applied"] != false || j["pii_findings_count"].(float64) < 1 {
		t.Fatalf("job with mask_pii false: %v", j)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/executions/exec_"+strings.TrimPrefix(job, "job_"), key, nil)
	if x := dataOf(env); x["document_type"] != "bank_statement" || x["masked_text"] != nil {
		t.Fatalf("execution: %v", env)
	}
	if code, env := uploadWith(t, ts.URL, key, `{not json`, map[string][]byte{"t.txt": []byte("x y z")}, "t.txt"); code != 422 || errCode(env) != "VALIDATION_ERROR" {
		t.Fatalf("a bad pipeline_config: %d %v", code, env)
	}
}
