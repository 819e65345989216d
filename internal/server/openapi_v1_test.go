package server_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/server"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

var v1Route = regexp.MustCompile(`HandleFunc\("([A-Z]+) (/v1/[^"]+)"`)

// TestV1RoutesAreDocumented: every /v1 route of the source is an
// operation of /openapi.json, and real answers (success and error)
// match the schemas the document gives them.
func TestV1RoutesAreDocumented(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 2, nil, nil)
	res, err := http.Get(ts.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	model, errs := doc.BuildV3Model()
	if errs != nil {
		t.Fatal(errs)
	}
	files, _ := filepath.Glob("routes_v1*.go")
	n := 0
	for _, f := range files {
		src, _ := os.ReadFile(f)
		found := v1Route.FindAllStringSubmatch(string(src), -1)
		if f == "routes_v1_dataset_actions.go" {
			for _, r := range server.DatasetActionRoutes {
				method, path, _ := strings.Cut(r, " ")
				found = append(found, []string{"", method, path})
			}
		}
		for _, m := range found {
			n++
			item, ok := model.Model.Paths.PathItems.Get(m[2])
			if !ok || item.GetOperations().GetOrZero(strings.ToLower(m[1])) == nil {
				t.Errorf("%s %s is not in the OpenAPI document", m[1], m[2])
			}
		}
	}
	if n < 30 {
		t.Fatalf("read %d /v1 routes from the source", n)
	}

	v, verrs := validator.NewValidator(doc)
	if len(verrs) > 0 {
		t.Fatal(verrs)
	}
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanStarter}); err != nil {
		t.Fatal(err)
	}
	key, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond)
	_, env := upload(t, ts.URL, key, map[string][]byte{"inv.txt": []byte("Invoice 7 for jane.doe@example.com, total 12.00 EUR")}, "inv.txt")
	j := dataOf(env)["jobs"].([]any)[0].(map[string]any)
	job, docID := j["job_id"].(string), j["document_id"].(string)
	waitJob(t, ts.URL, key, job)
	exec := "exec_" + strings.TrimPrefix(job, "job_")
	_, _, benv := v1Call(t, "POST", ts.URL+"/v1/datasets", key, map[string]any{"name": "doc-set", "execution_ids": []string{exec}})
	ds, _ := dataOf(benv)["dataset_id"].(string)
	waitJob(t, ts.URL, key, dataOf(benv)["job_id"].(string))
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v1/usage/history?period=7d", ""}, {"GET", "/v1/usage/quality-trend", ""},
		{"GET", "/v1/jobs/" + job, ""}, {"GET", "/v1/executions/" + exec, ""}, {"GET", "/v1/documents/" + docID, ""},
		{"POST", "/v1/jobs/" + job + "/feedback", `{"rating":"up"}`}, {"GET", "/v1/jobs/" + job + "/feedback", ""},
		{"GET", "/v1/usage", ""}, {"GET", "/v1/usage/current", ""}, {"GET", "/v1/usage/rate-limits", ""},
		{"GET", "/v1/jobs", ""}, {"GET", "/v1/jobs/job_01M8Q5R90DABEHCE1XZMK6XH70", ""}, {"GET", "/v1/documents", ""},
		{"GET", "/v1/api-keys", ""}, {"POST", "/v1/api-keys", `{"label":"ci","role":"member"}`},
		{"POST", "/v1/webhooks", `{"url":"http://127.0.0.1/x","events":["job.completed"]}`},
		{"GET", "/v1/webhooks", ""}, {"GET", "/v1/compliance/record", ""}, {"GET", "/v1/audit/export", ""},
		{"POST", "/v1/datasets", `{"name":"all","filter":{"min_grade":"D"}}`}, {"POST", "/v1/datasets", `{"name":"none"}`},
		{"POST", "/v1/datasets/build-from-execution/" + exec, ""}, {"GET", "/v1/datasets", ""}, {"GET", "/v1/datasets/" + ds, ""},
		{"GET", "/v1/datasets/" + ds + "/profile", ""}, {"GET", "/v1/datasets/" + ds + "/rows", ""},
		{"GET", "/v1/datasets/" + ds + "/compliance-report", ""}, {"GET", "/v1/datasets/ds_nope", ""},
		{"GET", "/v1/datasets/" + ds + "/export/jsonl", ""}, {"GET", "/v1/datasets/" + ds + "/export?format=nope", ""},
		{"GET", "/v1/settings/llm-config", ""}, {"POST", "/v1/settings/llm-config", `{"provider":"ollama","model":"qwen2.5:7b"}`},
		{"GET", "/v1/settings/llm-config", ""}, {"POST", "/v1/settings/llm-config/test", ""},
		{"POST", "/v1/settings/llm-config", `{"model":"gpt-4o"}`},
	} {
		var body io.Reader
		if c.body != "" {
			body = strings.NewReader(c.body)
		}
		req, _ := http.NewRequest(c.method, ts.URL+c.path, body)
		req.Header.Set("X-API-KEY", key)
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		res.Body = io.NopCloser(bytes.NewReader(got))
		vreq, _ := http.NewRequest(c.method, "http://localhost"+c.path, nil)
		if ok, problems := v.ValidateHttpResponse(vreq, res); !ok {
			var msgs []string
			for _, p := range problems {
				msgs = append(msgs, p.Message+": "+p.Reason)
				for _, se := range p.SchemaValidationErrors {
					msgs = append(msgs, se.FieldPath+" "+se.Reason)
				}
			}
			t.Errorf("%s %s answered %d %s\nwhich the document does not allow: %s", c.method, c.path, res.StatusCode, got, strings.Join(msgs, "; "))
		}
	}
}
