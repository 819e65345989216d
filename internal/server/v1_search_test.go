package server_test

import (
	"context"
	"hash/fnv"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/search"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// bagOfWords is the stand-in embedding model: each term adds one to a
// hashed dimension, so texts sharing words are near each other, the
// property a semantic search test needs, with no model.
func bagOfWords(t *testing.T) *llmtest.Server {
	return llmtest.New(t, func(r llmtest.Recorded) llmtest.Reply {
		if r.Path != "/v1/embeddings" {
			return llmtest.Error(404, "no route "+r.Path, nil)
		}
		in, _ := r.Body["input"].([]any)
		vecs := make([][]float64, len(in))
		for i, x := range in {
			v := make([]float64, 32)
			v[31] = 0.01 // no zero vector for a text without words
			s, _ := x.(string)
			for _, term := range search.Terms(s) {
				h := fnv.New32a()
				_, _ = h.Write([]byte(term))
				v[h.Sum32()%31]++
			}
			vecs[i] = v
		}
		return llmtest.OpenAIEmbeddings(vecs, len(in))
	})
}

func withEmbeddings(url string) func(*config.Config) {
	return func(c *config.Config) {
		c.LLM.EmbeddingModel = "vllm:bag-of-words"
		c.LLM.Env = func(k string) string {
			if k == "QUARRY_VLLM_BASE_URL" {
				return url + "/v1"
			}
			return ""
		}
	}
}

func searchCall(t *testing.T, url, key string, body map[string]any) (int, map[string]any) {
	t.Helper()
	st, _, env := v1Call(t, "POST", url+"/v1/search", key, body)
	return st, env
}

func results(env map[string]any) []map[string]any {
	var out []map[string]any
	rs, _ := dataOf(env)["results"].([]any)
	for _, r := range rs {
		out = append(out, r.(map[string]any))
	}
	return out
}

// TestV1SearchScenario: documents are indexed when they are processed,
// found by structured, semantic, hybrid and auto search, filtered, and
// never by a personal-data value they held before masking; a dataset is
// indexed on request and its chunks paged; other workspaces see nothing;
// plans below Pro get structured search only. On SQLite and PostgreSQL.
func TestV1SearchScenario(t *testing.T) {
	t.Parallel()
	for name, url := range dbBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			searchScenario(t, url)
		})
	}
}

func searchScenario(t *testing.T, dbURL func(*testing.T, string) string) {
	model := bagOfWords(t)
	a, ts := asyncAppOn(t, dbURL, 2, withEmbeddings(model.URL), nil)
	ctx := context.Background()
	keys := map[string]string{}
	for ws, plan := range map[string]string{"acme": billing.PlanPro, "other": billing.PlanPro, "small": billing.PlanStarter} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: plan}); err != nil {
			t.Fatal(err)
		}
		keys[ws], _, _ = apikey.Service{Store: a.Store}.Create(ctx, ws, "", tenant.RoleMember)
	}
	key := keys["acme"]
	time.Sleep(2100 * time.Millisecond) // the server rechecks for stored keys every 2 s

	files := map[string][]byte{
		"inv-1.txt": piiInvoice("INV-2026-001", "ayse.yilmaz@example.com", ""),
		"inv-2.txt": piiInvoice("INV-2026-002", "mehmet.kaya@example.org", "Customer TCKN: 10000000146\n"),
	}
	_, env := upload(t, ts.URL, key, files, "inv-1.txt", "inv-2.txt")
	execs := map[string]bool{}
	var extIDs []string
	for _, j := range dataOf(env)["jobs"].([]any) {
		id := j.(map[string]any)["job_id"].(string)
		if got := waitJob(t, ts.URL, key, id); got["status"] != "completed" {
			t.Fatalf("job %s = %v", id, got)
		}
		execs["exec_"+strings.TrimPrefix(id, "job_")] = true
		extIDs = append(extIDs, "ext_"+strings.TrimPrefix(id, "job_"))
	}

	// Indexing is a job queued when each execution completes: wait for
	// both executions to be found.
	structured := map[string]any{"query": "Anadolu Kırtasiye paper", "mode": "structured"}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, env = searchCall(t, ts.URL, key, structured)
		if len(results(env)) >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the processed documents were never indexed: %v", env)
		}
		time.Sleep(50 * time.Millisecond)
	}
	d := dataOf(env)
	if d["mode"] != "structured" || d["alpha"] != nil || d["query"] != "Anadolu Kırtasiye paper" || d["total_results"] != float64(len(results(env))) {
		t.Fatalf("structured answer = %v", d)
	}
	prev := 2.0
	for _, r := range results(env) {
		meta := r["metadata"].(map[string]any)
		if !execs[r["execution_id"].(string)] || r["dataset_id"] != nil || meta["pii_masked"] != true || meta["mode"] != "structured" ||
			meta["doc_type"] == nil || r["page"] != float64(1) || r["chunk_index"] != float64(0) || r["token_count"].(float64) <= 0 {
			t.Fatalf("hit = %v", r)
		}
		if s := r["score"].(float64); s <= 0 || s > 1 || s > prev {
			t.Fatalf("scores must be in (0,1] and descending: %v", results(env))
		}
		prev = r["score"].(float64)
		if !strings.Contains(r["snippet"].(string), "<mark>") {
			t.Fatalf("snippet without a highlight: %v", r["snippet"])
		}
	}

	// A masked document is never found by a value it held before masking,
	// in any mode, and no hit's text holds one.
	for _, pii := range datasetPII {
		for _, mode := range []string{"structured", "semantic", "hybrid", "auto"} {
			st, env := searchCall(t, ts.URL, key, map[string]any{"query": pii, "mode": mode, "top_k": 50})
			if st != http.StatusOK {
				t.Fatalf("%s %q = %d %v", mode, pii, st, env)
			}
			for _, r := range results(env) {
				if strings.Contains(r["text"].(string), pii) {
					t.Fatalf("%s search for %q answered its original text: %v", mode, pii, r)
				}
			}
			if mode == "structured" && len(results(env)) > 0 && strings.Contains(pii, "@") {
				t.Fatalf("structured search for the e-mail %q found %v", pii, results(env))
			}
		}
	}

	// Semantic, hybrid and auto (Pro with embeddings: hybrid).
	_, env = searchCall(t, ts.URL, key, map[string]any{"query": "A4 paper invoice", "mode": "semantic", "top_k": 1})
	if d := dataOf(env); d["mode"] != "semantic" || len(results(env)) != 1 || results(env)[0]["metadata"].(map[string]any)["mode"] != "semantic" {
		t.Fatalf("semantic = %v", d)
	}
	_, env = searchCall(t, ts.URL, key, map[string]any{"query": "A4 paper invoice", "alpha": 0.3})
	if d := dataOf(env); d["mode"] != "hybrid" || d["alpha"] != 0.3 || len(results(env)) < 2 {
		t.Fatalf("auto on Pro with embeddings = %v", d)
	}

	// Filters.
	for _, tc := range []struct {
		filters map[string]any
		want    int
	}{
		{map[string]any{"document_type": "receipt"}, 0},
		{map[string]any{"language": "xx"}, 0},
		{map[string]any{"pii_masked": false}, 0},
		{map[string]any{"pii_masked": true}, 2},
		{map[string]any{"dataset_id": "ds_nothing"}, 0},
	} {
		_, env = searchCall(t, ts.URL, key, map[string]any{"query": "paper", "mode": "structured", "filters": tc.filters})
		if n := len(results(env)); n != tc.want {
			t.Fatalf("filters %v: %d hits, want %d: %v", tc.filters, n, tc.want, env)
		}
	}

	// A dataset: not indexed until asked; then its chunks.
	st, _, env := v1Call(t, "POST", ts.URL+"/v1/datasets", key, map[string]any{"name": "searchable", "execution_ids": extIDs})
	if st != http.StatusAccepted {
		t.Fatalf("build = %d %v", st, env)
	}
	dsID := dataOf(env)["dataset_id"].(string)
	waitJob(t, ts.URL, key, dataOf(env)["job_id"].(string))
	if st, _, env := v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/chunks", key, nil); st != http.StatusNotFound || errCode(env) != "NOT_FOUND" {
		t.Fatalf("chunks before indexing = %d %v", st, env)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/index/status", key, nil); dataOf(env)["status"] != "not_indexed" {
		t.Fatalf("status before indexing = %v", env)
	}
	st, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets/"+dsID+"/index", key, nil)
	if d := dataOf(env); st != http.StatusAccepted || env["status"] != "accepted" || d["status"] != "indexing" || d["message"] != "Indexing started" {
		t.Fatalf("index = %d %v", st, env)
	}
	deadline = time.Now().Add(30 * time.Second)
	for {
		_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/index/status", key, nil)
		if s := dataOf(env)["status"]; s == "ready" || s == "failed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("indexing never ended: %v", env)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if d := dataOf(env); d["status"] != "ready" || d["total_chunks"].(float64) < 2 || d["chunks_indexed"] != d["total_chunks"] {
		t.Fatalf("index status = %v", d)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/chunks?page_size=1&quality_grade=A,B,C,D&pii_masked=true", key, nil)
	items, _ := dataOf(env)["items"].([]any)
	if d := dataOf(env); len(items) != 1 || d["total"].(float64) < 2 || d["page_size"] != float64(1) {
		t.Fatalf("chunks = %v", d)
	}
	if c := items[0].(map[string]any); c["chunk_id"] == "" || c["text"] == "" || c["metadata"].(map[string]any)["pii_masked"] != true ||
		!execs[c["execution_id"].(string)] {
		t.Fatalf("chunk = %v", c)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/chunks?pii_masked=false", key, nil); dataOf(env)["total"] != float64(0) {
		t.Fatalf("unmasked chunks of a masked dataset = %v", env)
	}
	_, env = searchCall(t, ts.URL, key, map[string]any{"query": "paper", "mode": "structured", "filters": map[string]any{"dataset_id": dsID}})
	if rs := results(env); len(rs) != 2 || rs[0]["dataset_id"] != dsID || rs[0]["dataset_name"] != "searchable" {
		t.Fatalf("search in the dataset = %v", env)
	}

	// Workspace isolation: another Pro workspace finds nothing of acme's
	// and cannot read its dataset's index.
	for _, mode := range []string{"structured", "semantic", "hybrid"} {
		if _, env := searchCall(t, ts.URL, keys["other"], map[string]any{"query": "Anadolu invoice paper", "mode": mode}); len(results(env)) != 0 {
			t.Fatalf("%s search of another workspace = %v", mode, env)
		}
	}
	for _, path := range []string{"/index/status", "/chunks"} {
		if st, _, _ := v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+path, keys["other"], nil); st != http.StatusNotFound {
			t.Fatalf("another workspace reads %s: %d", path, st)
		}
	}
	if st, _, _ := v1Call(t, "POST", ts.URL+"/v1/datasets/"+dsID+"/index", keys["other"], nil); st != http.StatusNotFound {
		t.Fatalf("another workspace indexes acme's dataset: %d", st)
	}

	// Starter: structured only.
	small := keys["small"]
	for _, mode := range []string{"semantic", "hybrid"} {
		if st, env := searchCall(t, ts.URL, small, map[string]any{"query": "x", "mode": mode}); st != http.StatusForbidden || errCode(env) != "PLAN_UPGRADE_REQUIRED" {
			t.Fatalf("%s on Starter = %d %v", mode, st, env)
		}
	}
	if _, env := searchCall(t, ts.URL, small, map[string]any{"query": "x"}); dataOf(env)["mode"] != "structured" {
		t.Fatalf("auto on Starter = %v", env)
	}
	for _, c := range []struct{ method, path string }{{"POST", "/index"}, {"GET", "/index/status"}, {"GET", "/chunks"}} {
		if st, _, env := v1Call(t, c.method, ts.URL+"/v1/datasets/"+dsID+c.path, small, nil); st != http.StatusForbidden || errCode(env) != "PLAN_UPGRADE_REQUIRED" {
			t.Fatalf("%s %s on Starter = %d %v", c.method, c.path, st, env)
		}
	}

	// Bad requests.
	for _, body := range []map[string]any{
		{"query": ""}, {"query": strings.Repeat("a", 1001)}, {"query": "x", "top_k": 0}, {"query": "x", "top_k": 51},
		{"query": "x", "mode": "fuzzy"}, {"query": "x", "alpha": 2}, {"query": "x", "filters": map[string]any{"quality_grade": "E"}},
		{"query": "x", "unknown": 1},
	} {
		if st, env := searchCall(t, ts.URL, key, body); st != http.StatusUnprocessableEntity || errCode(env) != "VALIDATION_ERROR" {
			t.Fatalf("%v = %d %v", body, st, env)
		}
	}
}

// TestV1SearchWithoutEmbeddings: semantic and hybrid are refused with a
// code that says what is missing; auto falls back to structured.
func TestV1SearchWithoutEmbeddings(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	for _, mode := range []string{"semantic", "hybrid"} {
		st, _, env := v1Call(t, "POST", ts.URL+"/v1/search", "", map[string]any{"query": "invoice", "mode": mode})
		if st != http.StatusUnprocessableEntity || errCode(env) != "EMBEDDINGS_NOT_CONFIGURED" {
			t.Fatalf("%s without embeddings = %d %v", mode, st, env)
		}
	}
	st, _, env := v1Call(t, "POST", ts.URL+"/v1/search", "", map[string]any{"query": "invoice"})
	if d := dataOf(env); st != http.StatusOK || d["mode"] != "structured" || d["alpha"] != nil || d["total_results"] != float64(0) {
		t.Fatalf("auto without embeddings = %d %v", st, env)
	}
}
