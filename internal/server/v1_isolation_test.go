package server_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/server"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// routeWithID is a route that names a resource in its path.
var routeWithID = regexp.MustCompile(`HandleFunc\("([A-Z]+ /v1/[^"]*\{[^"]*)"|Method: http\.Method([A-Za-z]+), Path: "(/api/v1/[^"]*\{[^"]*)"`)

// TestEveryRouteHidesOtherWorkspaces walks every route of both surfaces
// that names a resource, with workspace B's owner key against workspace
// A's ids: each answers 404 and nothing of A's. The route list is read
// from the source, so a new route without a case here fails the test.
func TestEveryRouteHidesOtherWorkspaces(t *testing.T) {
	t.Parallel()
	for name, url := range dbBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			walkRoutesAcrossWorkspaces(t, url)
		})
	}
}

func walkRoutesAcrossWorkspaces(t *testing.T, dbURL func(*testing.T, string) string) {
	a, ts := asyncAppOn(t, dbURL, 2, func(c *config.Config) { c.WebhookAllowPrivate, c.SecretKey = true, testSecretKey }, nil)
	ctx := context.Background()
	for _, ws := range []string{"acme", "globex"} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: billing.PlanPro}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	owner, ownerKey, _ := keys.Create(ctx, "acme", "", tenant.RoleOwner)
	other, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond)

	_, env := upload(t, ts.URL, owner, map[string][]byte{"a.txt": []byte("Acme secret memo for jane.doe@example.com")}, "a.txt")
	j := dataOf(env)["jobs"].([]any)[0].(map[string]any)
	job, doc := j["job_id"].(string), j["document_id"].(string)
	waitJob(t, ts.URL, owner, job)
	ext := "ext_" + strings.TrimPrefix(job, "job_")
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/webhooks", owner, map[string]any{"url": ts.URL + "/hook", "events": []string{"job.completed"}})
	hook := dataOf(env)["id"].(string)
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets", owner, map[string]any{"name": "acme-set", "job_ids": []string{job}})
	ds, _ := dataOf(env)["dataset_id"].(string)
	waitJob(t, ts.URL, owner, dataOf(env)["job_id"].(string))
	ft := &store.FineTune{ID: "ft_acme1", WorkspaceID: "acme", DatasetID: ds, BaseModel: "m", ProviderJobID: "ftjob-1",
		Status: "succeeded", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := a.Store.FineTuneInsert(ctx, ft); err != nil {
		t.Fatal(err)
	}

	_, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors", owner, map[string]any{"type": "s3", "name": "acme-bucket",
		"config": map[string]any{"bucket": "acme", "region": "eu-west-1", "aws_access_key_id": "AKIA", "aws_secret_access_key": "s"}})
	conn, _ := dataOf(env)["id"].(string)
	_, _, env = v1Call(t, "POST", ts.URL+"/v1/connectors/"+conn+"/schedules", owner, map[string]any{"cron": "0 6 * * *"})
	sch, _ := dataOf(env)["id"].(string)
	if conn == "" || sch == "" {
		t.Fatalf("connector %q, schedule %q: %v", conn, sch, env)
	}

	ids := map[string]string{
		"/v1/connectors/{id}": conn, "/v1/connectors/{id}/test": conn, "/v1/connectors/{id}/schedules": conn,
		"/v1/connectors/{id}/schedules/{sid}": conn, "/v1/connectors/{id}/schedules/{sid}/trigger": conn,
		"/v1/connectors/{id}/schedules/{sid}/logs": conn, "/v1/scheduler/schedules/{sid}": sch,
		"/v1/api-keys/{id}": ownerKey.ID, "/v1/webhooks/{id}": hook, "/v1/webhooks/{id}/deliveries": hook,
		"/v1/documents/{id}": doc, "/v1/documents/{id}/file": doc, "/v1/documents/{id}/reprocess": doc,
		"/v1/executions/{id}": "exec_" + strings.TrimPrefix(job, "job_"), "/v1/jobs/{id}": job,
		"/v1/jobs/{id}/feedback": job, "/api/v1/extractions/{id}": ext, "/api/v1/extractions/{id}/result": ext,
		"/v1/datasets/build-from-execution/{id}": "exec_" + strings.TrimPrefix(job, "job_"), "/v1/datasets/{id}": ds,
		"/v1/datasets/{id}/profile": ds, "/v1/datasets/{id}/rows": ds, "/v1/datasets/{id}/compliance-report": ds,
		"/v1/datasets/{id}/export/{fmt}": ds, "/v1/datasets/{id}/export": ds, "/v1/fine-tune/{id}": ft.ID,
		"/v1/datasets/{id}/index/status": ds, "/v1/datasets/{id}/index": ds, "/v1/datasets/{id}/export-s3": ds, "/v1/datasets/{id}/chunks": ds,
		"/v1/jobs/{id}/revisions": job, "/v1/executions/{id}/pages/{page}": "exec_" + strings.TrimPrefix(job, "job_"),
	}
	// Team routes name people, not resources of a workspace; they have
	// their own isolation test (TestV1TeamIsolation).
	elsewhere := map[string]bool{"/v1/team/members/{user_id}": true, "/v1/team/members/{user_id}/role": true}

	routes := sourceRoutes(t)
	if len(routes) < 14 {
		t.Fatalf("read only %d routes from the source: %v", len(routes), routes)
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		if elsewhere[path] {
			continue
		}
		id, ok := ids[path]
		if !ok {
			t.Errorf("route %s has no isolation case", rt)
			continue
		}
		url := ts.URL + strings.Replace(strings.Replace(path, "{id}", id, 1), "{sid}", sch, 1)
		var body io.Reader
		if method == "POST" {
			body = strings.NewReader(`{"rating":"up"}`)
		}
		req, _ := http.NewRequest(method, url, body)
		req.Header.Set("X-API-KEY", other)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound || strings.Contains(string(raw), "jane.doe") || strings.Contains(string(raw), "Acme secret") {
			t.Errorf("%s with another workspace's key: %d %s", rt, res.StatusCode, raw)
		}
	}
	// Nothing of A's was changed by B's attempts.
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+job+"/feedback", owner, nil); env["data"] != nil {
		t.Fatalf("B's feedback landed on A's job: %v", env)
	}
	if st, _, env := v1Call(t, "GET", ts.URL+"/v1/connectors/"+conn+"/schedules", owner, nil); st != http.StatusOK || len(env["data"].([]any)) != 1 {
		t.Fatalf("B's attempts changed A's connector or schedule: %d %v", st, env)
	}
	if _, err := keys.Authenticate(ctx, owner); err != nil {
		t.Fatalf("B revoked A's key: %v", err)
	}
	if st, _, env := v1Call(t, "GET", ts.URL+"/v1/datasets/"+ds, owner, nil); st != http.StatusOK || dataOf(env)["row_count"] != float64(1) {
		t.Fatalf("B's attempts changed A's dataset: %d %v", st, env)
	}
	if _, total, _ := a.Store.DatasetList(ctx, store.DatasetListParams{WorkspaceID: "globex", Limit: 10}); total != 0 {
		t.Fatalf("B's build-from-execution made %d datasets", total)
	}
	if _, total, _ := a.Store.DocumentList(ctx, "globex", 10, 0); total != 0 {
		t.Fatalf("B's reprocess created documents: %d", total)
	}
}

// sourceRoutes lists "METHOD /path" of every route with a path parameter
// declared in this package's routes_*.go files.
func sourceRoutes(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("routes_*.go")
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range routeWithID.FindAllStringSubmatch(string(src), -1) {
			if m[1] != "" {
				seen[m[1]] = true
			} else {
				seen[strings.ToUpper(m[2])+" "+m[3]] = true
			}
		}
	}
	// One dispatching pattern serves these (routes_v1_dataset_actions.go).
	for _, r := range server.DatasetActionRoutes {
		seen[r] = true
	}
	out := make([]string, 0, len(seen))
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}
