package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// postRaw sends body with a content type and decodes the envelope.
func postRaw(t *testing.T, url, key, contentType string, body io.Reader) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", url, body)
	req.Header.Set("X-API-KEY", key)
	req.Header.Set("Content-Type", contentType)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var env map[string]any
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("POST %s: not JSON: %s", url, raw)
	}
	return res.StatusCode, env
}

// TestV1ConnectorsEndToEnd walks a connector's life through the HTTP
// surface over in-memory buckets: create (config never answered), test,
// pull keys in the three request forms with a missing key, a schedule
// triggered and logged, the plan rules, and export-s3 of a dataset built
// from the pulled documents.
func TestV1ConnectorsEndToEnd(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.SecretKey, c.WebhookAllowPrivate = testSecretKey, true }, nil)
	ctx := context.Background()
	plans := map[string]string{"acme": billing.PlanPro, "globex": billing.PlanTrial, "initech": billing.PlanStarter}
	for ws, plan := range plans {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: plan}); err != nil {
			t.Fatal(err)
		}
	}
	bucket := connector.NewMemory()
	a.Server.Sources().SetOpener(func(_ context.Context, typ string, cfg connector.Config) (connector.Source, error) {
		if cfg.String("bucket") != "acme-docs" {
			return nil, connector.Errorf(connector.KindBucketMissing, nil, "bucket %q does not exist", cfg.String("bucket"))
		}
		return bucket, nil
	})
	keys := apikey.Service{Store: a.Store}
	admin, _, _ := keys.Create(ctx, "acme", "", tenant.RoleAdmin)
	member, _, _ := keys.Create(ctx, "acme", "", tenant.RoleMember)
	trial, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	starter, _, _ := keys.Create(ctx, "initech", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond) // the key cache of the auth middleware

	cfg := map[string]any{"bucket": "acme-docs", "region": "eu-west-1", "access_key_id": "AKIAEXAMPLE", "secret_access_key": "very-secret"}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors", member, map[string]any{"type": "s3", "name": "docs", "config": cfg}); code != 403 {
		t.Fatalf("a member creates a connector: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors", admin, map[string]any{"type": "ftp", "name": "docs", "config": cfg}); code != 422 || errCode(env) != "VALIDATION_ERROR" {
		t.Fatalf("unknown type: %d %v", code, env)
	}
	code, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors", admin, map[string]any{"type": "s3", "name": "docs", "config": cfg})
	c := dataOf(env)
	conn, _ := c["id"].(string)
	if code != 201 || !strings.HasPrefix(conn, "conn_") || c["active"] != true || c["type"] != "s3" || c["config"] != nil {
		t.Fatalf("create: %d %v", code, env)
	}
	for _, path := range []string{"/v1/connectors", "/v1/connectors/" + conn} {
		_, _, env := v1Call(t, "GET", ts.URL+path, member, nil)
		raw, _ := json.Marshal(env)
		if strings.Contains(string(raw), "very-secret") || strings.Contains(string(raw), "AKIAEXAMPLE") || !strings.Contains(string(raw), conn) {
			t.Fatalf("GET %s: %s", path, raw)
		}
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn, trial, nil); code != 404 {
		t.Fatalf("another workspace reads the connector: %d %v", code, env)
	}

	// Connectivity: good, then denied (still HTTP 200).
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/test", member, nil)
	if d := dataOf(env); d["success"] != true || d["latency_ms"] == nil {
		t.Fatalf("test: %v", env)
	}
	bucket.Fail(connector.Errorf(connector.KindDenied, nil, "the key lacks s3:ListBucket"))
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/test", member, nil)
	if d := dataOf(env); code != 200 || d["success"] != false || d["latency_ms"] != nil || !strings.Contains(d["message"].(string), "s3:ListBucket") {
		t.Fatalf("failing test: %d %v", code, env)
	}
	bucket.Fail(nil)
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn, member, nil); dataOf(env)["last_tested_at"] == nil {
		t.Fatalf("last_tested_at not set: %v", env)
	}

	// Pulls: the JSON form with a missing key, the SDKs' form forms.
	bucket.Set("in/memo-1.txt", []byte("Memo one: the quarterly report for Acme is due on Friday."))
	bucket.Set("in/memo-2.txt", []byte("Memo two: the new office opens in March next year."))
	bucket.Set("in/copy.txt", []byte("Memo one: the quarterly report for Acme is due on Friday."))
	body, _ := json.Marshal(map[string]any{"source": map[string]any{"connector_id": conn, "keys": []string{"in/memo-1.txt", "in/gone.txt"}}})
	code, env = postRaw(t, ts.URL+"/v1/data-process/async", member, "application/json", bytes.NewReader(body))
	d := dataOf(env)
	if code != 202 || d["accepted"] != float64(1) {
		t.Fatalf("JSON pull: %d %v", code, env)
	}
	rej := d["rejected"].([]any)[0].(map[string]any)
	if rej["filename"] != "in/gone.txt" || rej["error"] != "OBJECT_NOT_FOUND" || !strings.Contains(rej["message"].(string), "in/gone.txt") {
		t.Fatalf("missing key: %v", rej)
	}
	first := d["jobs"].([]any)[0].(map[string]any)
	firstJob := first["job_id"].(string)

	form := url.Values{"locale": {"en"}, "source": {`{"connector_id":"` + conn + `","keys":["in/memo-2.txt"]}`}}
	code, env = postRaw(t, ts.URL+"/v1/data-process/async", member, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if code != 202 || dataOf(env)["accepted"] != float64(1) {
		t.Fatalf("form pull: %d %v", code, env)
	}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("locale", "und")
	_ = mw.WriteField("source", `{"connector_id":"`+conn+`","keys":["in/copy.txt"]}`)
	_ = mw.Close()
	code, env = postRaw(t, ts.URL+"/v1/data-process/async", member, mw.FormDataContentType(), &mp)
	dup := dataOf(env)["jobs"].([]any)[0].(map[string]any)
	if code != 202 || dup["is_duplicate"] != true || dup["existing_job_id"] != firstJob {
		t.Fatalf("multipart pull of known bytes: %d %v", code, env)
	}
	body, _ = json.Marshal(map[string]any{"source": map[string]any{"connector_id": conn, "keys": []string{"nope.txt"}}})
	if code, env := postRaw(t, ts.URL+"/v1/data-process/async", member, "application/json", bytes.NewReader(body)); code != 404 || errCode(env) != "OBJECT_NOT_FOUND" {
		t.Fatalf("only missing keys: %d %v", code, env)
	}
	body, _ = json.Marshal(map[string]any{"source": map[string]any{"connector_id": 42, "keys": []string{"in/memo-1.txt"}}})
	if code, env := postRaw(t, ts.URL+"/v1/data-process/async", member, "application/json", bytes.NewReader(body)); code != 404 || errCode(env) != "NOT_FOUND" {
		t.Fatalf("unknown connector: %d %v", code, env)
	}
	if j := waitJob(t, ts.URL, member, firstJob); j["status"] != "completed" {
		t.Fatalf("pulled job: %v", j)
	}

	// Schedules: both spellings, trigger, logs, delete.
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/schedules", admin, map[string]any{"cron_expression": "0 2 * * *", "prefix_filter": "in/"})
	s := dataOf(env)
	sch, _ := s["id"].(string)
	if code != 201 || !strings.HasPrefix(sch, "sch_") || s["cron_expression"] != "0 2 * * *" || s["prefix_filter"] != "in/" || s["is_active"] != true ||
		!strings.HasSuffix(s["next_run_at"].(string), "T02:00:00Z") {
		t.Fatalf("cron schedule: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/schedules", admin, map[string]any{"cron": "0 6 * * 1", "prefix": "x/", "name": "Mondays"}); code != 201 || dataOf(env)["name"] != "Mondays" {
		t.Fatalf("DOCSRC spelling: %d %v", code, env)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn+"/schedules", member, nil)
	if list, ok := env["data"].([]any); !ok || len(list) != 2 {
		t.Fatalf("schedule list is not a bare array of 2: %v", env)
	}
	bucket.Set("in/memo-3.txt", []byte("Memo three: parking spaces are assigned by lottery."))
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/schedules/"+sch+"/trigger", member, nil)
	if code != 202 || env["status"] != "accepted" || dataOf(env)["status"] != "running" || dataOf(env)["schedule_id"] != sch {
		t.Fatalf("trigger: %d %v", code, env)
	}
	var log map[string]any
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, _, env = v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn+"/schedules/"+sch+"/logs", member, nil)
		if list, _ := env["data"].([]any); len(list) == 1 && list[0].(map[string]any)["status"] != "running" {
			log = list[0].(map[string]any)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the triggered run never ended: %v", env)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// memo-1, memo-2 and copy were pulled already (the ledger has them);
	// memo-3 is new.
	if log["status"] != "completed" || log["files_found"] != float64(4) || log["files_new"] != float64(1) || log["files_skipped"] != float64(3) {
		t.Fatalf("sync log: %v", log)
	}
	// One document per object: memo-1, memo-2, memo-3 (copy.txt is memo-1's bytes).
	if _, total, err := a.Store.DocumentList(ctx, "acme", 100, 0); err != nil || total != 3 {
		t.Fatalf("%d documents after the pulls and the sync, want 3 (%v)", total, err)
	}
	if code, _, env := v1Call(t, "DELETE", ts.URL+"/v1/connectors/"+conn+"/schedules/"+sch, admin, nil); code != 200 || dataOf(env)["deleted"] != true {
		t.Fatalf("delete schedule: %d %v", code, env)
	}
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/scheduler/schedules", admin, map[string]any{"connector_id": conn, "interval": "6h", "prefix": "in/", "enabled": true})
	if d := dataOf(env); code != 201 || d["interval"] != "6h" || d["enabled"] != true || d["next_run_at"] == nil {
		t.Fatalf("interval schedule: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/scheduler/schedules", admin, map[string]any{"connector_id": conn, "interval": "2h"}); code != 422 {
		t.Fatalf("bad interval: %d %v", code, env)
	}

	// Plan rules through HTTP: Trial may not, Starter not hourly.
	for ws, key := range map[string]string{"globex": trial, "initech": starter} {
		_, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors", key, map[string]any{"type": "gcs", "name": ws, "config": map[string]any{"project_id": "p", "bucket": ws, "endpoint": "http://127.0.0.1:1"}})
		id, _ := dataOf(env)["id"].(string)
		code, hdr, env := v1Call(t, "POST", ts.URL+"/v1/connectors/"+id+"/schedules", key, map[string]any{"cron": "0 * * * *"})
		want := map[string]int{"globex": 403, "initech": 429}[ws]
		if code != want || ws == "globex" && errCode(env) != "PLAN_UPGRADE_REQUIRED" || ws == "initech" && errCode(env) != "RATE_LIMIT_EXCEEDED" {
			t.Fatalf("%s hourly schedule: %d %v %v", ws, code, env, hdr)
		}
	}

	// export-s3 of a dataset built from the pulled job.
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets", member, map[string]any{"name": "memos", "job_ids": []string{firstJob}})
	ds, _ := dataOf(env)["dataset_id"].(string)
	waitJob(t, ts.URL, member, dataOf(env)["job_id"].(string))
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets/"+ds+"/export-s3", member, map[string]any{"format": "jsonl", "connector_id": conn, "prefix": "exports/"})
	p := dataOf(env)
	if code != 200 || p["s3_key"] != "exports/memos.jsonl" {
		t.Fatalf("export-s3: %d %v", code, env)
	}
	stored, ok := bucket.Get("exports/memos.jsonl")
	if !ok || p["size_bytes"] != float64(len(stored)) || !bytes.Contains(stored, []byte("\n")) {
		t.Fatalf("bucket holds %d bytes, answer says %v", len(stored), p["size_bytes"])
	}
	res, err := http.NewRequest("GET", ts.URL+"/v1/datasets/"+ds+"/export/jsonl", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Header.Set("X-API-KEY", member)
	got, err := http.DefaultClient.Do(res)
	if err != nil {
		t.Fatal(err)
	}
	download, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if !bytes.Equal(download, stored) {
		t.Fatalf("the pushed export differs from the download (%d vs %d bytes)", len(stored), len(download))
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/datasets/"+ds+"/export-s3", trial, map[string]any{"format": "jsonl", "connector_id": conn}); code != 404 {
		t.Fatalf("another workspace pushes the dataset: %d %v", code, env)
	}

	// Soft delete: 204, gone from the list, its schedules stop.
	if code, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/connectors/"+conn, admin, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn, admin, nil); code != 404 {
		t.Fatalf("deleted connector: %d", code)
	}
	if row, err := a.Store.ConnectorGet(ctx, "acme", conn); err != nil || row.Active {
		t.Fatalf("soft delete keeps the row inactive: %+v %v", row, err)
	}
}

// TestV1WebhookAutoExport: a hook with auto_export gets dataset.ready
// only once the export is in the connector's bucket.
func TestV1WebhookAutoExport(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, func(c *config.Config) { c.SecretKey, c.WebhookAllowPrivate = testSecretKey, true }, nil)
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanPro}); err != nil {
		t.Fatal(err)
	}
	bucket := connector.NewMemory()
	a.Server.Sources().SetOpener(func(context.Context, string, connector.Config) (connector.Source, error) { return bucket, nil })
	admin, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleAdmin)
	time.Sleep(2100 * time.Millisecond)

	type seen struct {
		event  string
		stored bool
	}
	got := make(chan seen, 4)
	recv := httptestServer(t, func(body []byte) {
		var ev map[string]any
		_ = json.Unmarshal(body, &ev)
		_, ok := bucket.Get("exports/memos.csv")
		got <- seen{event: ev["event"].(string), stored: ok}
	})
	_, _, env := v1Call(t, "POST", ts.URL+"/v1/connectors", admin, map[string]any{"type": "azure_blob", "name": "out",
		"config": map[string]any{"account_name": "a", "container_name": "c", "account_key": "a2V5"}})
	conn := dataOf(env)["id"].(string)
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", admin, map[string]any{"url": recv, "events": []string{"dataset.ready"},
		"auto_export": map[string]any{"connector_id": "conn_nope", "format": "csv"}}); code != 422 {
		t.Fatalf("auto_export to an unknown connector: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/webhooks", admin, map[string]any{"url": recv, "events": []string{"dataset.ready"},
		"auto_export": map[string]any{"connector_id": conn, "format": "csv", "prefix": "exports/"}}); code != 201 {
		t.Fatalf("register: %d %v", code, env)
	}
	_, env = upload(t, ts.URL, admin, map[string][]byte{"m.txt": []byte("Memo: the audit starts on Monday at nine.")}, "m.txt")
	job := dataOf(env)["jobs"].([]any)[0].(map[string]any)["job_id"].(string)
	waitJob(t, ts.URL, admin, job)
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets", admin, map[string]any{"name": "memos", "job_ids": []string{job}})
	select {
	case s := <-got:
		if s.event != "dataset.ready" || !s.stored {
			t.Fatalf("delivery %+v: the export was not in the bucket when dataset.ready arrived", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no dataset.ready delivery (build: %v)", env)
	}
	if data, _ := bucket.Get("exports/memos.csv"); !bytes.Contains(data, []byte("\n")) {
		t.Fatalf("exported csv: %q", data)
	}
}

// httptestServer runs a receiver calling fn with each request's body.
func httptestServer(t *testing.T, fn func([]byte)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fn(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
