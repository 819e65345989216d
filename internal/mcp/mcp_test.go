package mcp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/mcp"
)

var allTools = []string{"dataset.build", "dataset.export", "dataset.profile", "dataset.search", "document.process", "extract",
	"job.result", "job.status", "pii.detect", "pii.redact", "pii.types", "schema.validate", "validators.list"}

func call(t *testing.T, cs *sdk.ClientSession, name string, args any) *sdk.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: protocol error %v", name, err)
	}
	return res
}

// ok calls a tool that must succeed and returns its structured output.
func ok(t *testing.T, cs *sdk.ClientSession, name string, args any) map[string]any {
	t.Helper()
	res := call(t, cs, name, args)
	if res.IsError {
		t.Fatalf("%s: tool error %s", name, text(res))
	}
	m, isMap := res.StructuredContent.(map[string]any)
	if !isMap {
		t.Fatalf("%s: structured content %T", name, res.StructuredContent)
	}
	return m
}

// fails calls a tool that must answer a tool error containing want.
func fails(t *testing.T, cs *sdk.ClientSession, name string, args any, want string) {
	t.Helper()
	res := call(t, cs, name, args)
	if !res.IsError || !strings.Contains(text(res), want) {
		t.Fatalf("%s(%v): isError=%v %q, want an error with %q", name, args, res.IsError, text(res), want)
	}
}

func text(res *sdk.CallToolResult) string {
	var b strings.Builder
	for _, c := range res.Content {
		if tc, ok := c.(*sdk.TextContent); ok {
			b.WriteString(tc.Text)
		}
	}
	return b.String()
}

func get(m map[string]any, path ...string) any {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[p]
	}
	return v
}

func TestToolsAreListedWithSchemasAndDescriptions(t *testing.T) {
	t.Parallel()
	q := openQuarry(t, 0)
	cs := q.connect(t, q.key, nil)
	res, err := cs.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range res.Tools {
		names = append(names, tool.Name)
		if len(tool.Description) < 40 {
			t.Errorf("%s: description %q is too short to act on", tool.Name, tool.Description)
		}
		sc, _ := json.Marshal(tool.InputSchema)
		if !strings.Contains(string(sc), `"type":"object"`) {
			t.Errorf("%s: input schema %s", tool.Name, sc)
		}
		if tool.OutputSchema == nil {
			t.Errorf("%s: no output schema", tool.Name)
		}
		if tool.Name == "document.process" && !strings.Contains(string(sc), `"path"`) {
			t.Errorf("a local session's document.process offers no path: %s", sc)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, allTools) {
		t.Fatalf("tools = %v, want %v", names, allTools)
	}
	// A remote (HTTP) client is never offered a path on the server's disk.
	remote := mcp.New(mcp.Options{Handler: q.app.Server.Handler()})
	ct, st := sdk.NewInMemoryTransports()
	ss, err := remote.SDK().Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	rc, err := sdk.NewClient(&sdk.Implementation{Name: "t"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	rl, err := rc.ListTools(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tool := range rl.Tools {
		sc, _ := json.Marshal(tool.InputSchema)
		if strings.Contains(string(sc), `"path"`) || strings.Contains(string(sc), `"url"`) {
			t.Errorf("remote %s offers path or url without a fetcher: %s", tool.Name, sc)
		}
	}
	fails(t, rc, "document.process", map[string]any{"path": receipt}, "path")
	prompts, err := cs.ListPrompts(context.Background(), nil)
	if err != nil || len(prompts.Prompts) != 2 {
		t.Fatalf("prompts = %v, %v", prompts, err)
	}
	p, err := cs.GetPrompt(context.Background(), &sdk.GetPromptParams{Name: "audit-dataset", Arguments: map[string]string{"dataset_id": "ds_x"}})
	if err != nil || !strings.Contains(p.Messages[0].Content.(*sdk.TextContent).Text, "dataset.profile for ds_x") {
		t.Fatalf("audit prompt = %v, %v", p, err)
	}
	tmpl, err := cs.ListResourceTemplates(context.Background(), nil)
	if err != nil || len(tmpl.ResourceTemplates) != 3 {
		t.Fatalf("resource templates = %v, %v", tmpl, err)
	}
	uris := map[string]bool{}
	for _, r := range tmpl.ResourceTemplates {
		uris[r.URITemplate] = true
	}
	for _, u := range []string{"quarry://executions/{id}", "quarry://documents/{id}", "quarry://executions/{id}/pages/{n}.png"} {
		if !uris[u] {
			t.Errorf("no resource template %s in %v", u, uris)
		}
	}
}

// TestDocumentToDataset is the main flow on a real invoice (a text PDF:
// no OCR, so it stays fast; the TypeScript cases process a scanned
// receipt): process it
// (waiting, with progress), read its fields and grade, read it as a
// resource, build a dataset, profile, export and search it, and find
// none of it with another workspace's key.
func TestDocumentToDataset(t *testing.T) {
	t.Parallel()
	needCorpus(t)
	q := openQuarry(t, 1)
	var mu sync.Mutex
	var progress []float64
	cs := q.connect(t, q.key, &sdk.ClientOptions{ProgressNotificationHandler: func(_ context.Context, r *sdk.ProgressNotificationClientRequest) {
		mu.Lock()
		progress = append(progress, r.Params.Progress)
		mu.Unlock()
	}})
	res, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "document.process", Meta: sdk.Meta{"progressToken": "p1"},
		Arguments: map[string]any{"path": invoicePDF, "document_type_hint": "invoice", "locale": "en"}})
	if err != nil || res.IsError {
		t.Fatalf("document.process: %v %s", err, text(res))
	}
	out := res.StructuredContent.(map[string]any)
	job, _ := get(out, "job", "job_id").(string)
	if get(out, "job", "status") != "completed" || !strings.HasPrefix(job, "job_") {
		t.Fatalf("job = %v", out["job"])
	}
	grade, _ := get(out, "result", "quality", "grade").(string)
	if grade == "" || !strings.Contains("ABCD", grade) {
		t.Fatalf("grade = %v in %v", grade, out["result"])
	}
	fields, _ := get(out, "result", "fields").(map[string]any)
	if len(fields) == 0 {
		t.Fatalf("no fields: %v", out["result"])
	}
	mu.Lock()
	// The last note may still be in flight when the answer arrives: check
	// that some came, in order.
	if len(progress) == 0 || !slices.IsSorted(progress) || progress[0] <= 0 || progress[len(progress)-1] > 1 {
		t.Errorf("progress notifications = %v, want rising values in (0, 1]", progress)
	}
	mu.Unlock()

	if st := ok(t, cs, "job.status", map[string]any{"job_id": job}); st["status"] != "completed" {
		t.Fatalf("job.status = %v", st)
	}
	r := ok(t, cs, "job.result", map[string]any{"job_id": job})
	if get(r, "quality", "grade") != grade || r["document_type"] == nil {
		t.Fatalf("job.result = %v", r)
	}
	exec := r["execution_id"].(string)
	rr, err := cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://executions/" + exec})
	if err != nil || !strings.Contains(rr.Contents[0].Text, `"id":"`+exec+`"`) || rr.Contents[0].MIMEType != "application/json" {
		t.Fatalf("execution resource: %v %v", rr, err)
	}
	// Page 1 as the PNG the boxes refer to; a page past the end is refused.
	page, err := cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://executions/" + exec + "/pages/1.png"})
	if err != nil || len(page.Contents) != 1 || page.Contents[0].MIMEType != "image/png" || !bytes.HasPrefix(page.Contents[0].Blob, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("page resource: %v", err)
	}
	if _, err := png.DecodeConfig(bytes.NewReader(page.Contents[0].Blob)); err != nil {
		t.Fatalf("page resource is not a PNG: %v", err)
	}
	if _, err := cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://executions/" + exec + "/pages/999.png"}); err == nil {
		t.Fatal("page 999 of a one-page document was served")
	}
	doc := get(out, "job", "document_id").(string)
	if rr, err := cs.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://documents/" + doc}); err != nil || !strings.Contains(rr.Contents[0].Text, doc) {
		t.Fatalf("document resource: %v %v", rr, err)
	}

	b := ok(t, cs, "dataset.build", map[string]any{"name": "invoices", "job_ids": []string{job}})
	ds, _ := get(b, "dataset", "id").(string)
	if get(b, "dataset", "status") != "ready" || get(b, "dataset", "row_count") != 1.0 {
		t.Fatalf("dataset.build = %v", b)
	}
	if p := ok(t, cs, "dataset.profile", map[string]any{"dataset_id": ds}); len(p) == 0 {
		t.Fatal("empty profile")
	}
	csv := call(t, cs, "dataset.export", map[string]any{"dataset_id": ds, "format": "csv"})
	if csv.IsError || !strings.Contains(text(csv), "\n") {
		t.Fatalf("csv export = %s", text(csv))
	}
	pq := call(t, cs, "dataset.export", map[string]any{"dataset_id": ds, "format": "parquet"})
	var blob *sdk.ResourceContents
	for _, c := range pq.Content {
		if e, ok := c.(*sdk.EmbeddedResource); ok {
			blob = e.Resource
		}
	}
	if pq.IsError || blob == nil || !bytes.HasPrefix(blob.Blob, []byte("PAR1")) || blob.MIMEType != "application/vnd.apache.parquet" {
		t.Fatalf("parquet export: %s %+v", text(pq), blob)
	}
	// The processed document is indexed by a job its completion queued:
	// a search finds it once that job has run.
	var hits []any
	for deadline := time.Now().Add(20 * time.Second); len(hits) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		sr := call(t, cs, "dataset.search", map[string]any{"query": "total"})
		if sr.IsError {
			t.Fatalf("dataset.search error = %s", text(sr))
		}
		hits, _ = sr.StructuredContent.(map[string]any)["results"].([]any)
	}
	if len(hits) == 0 {
		t.Fatal("dataset.search never found the processed document")
	}

	// Another workspace's key sees none of it.
	os := q.connect(t, q.other, nil)
	fails(t, os, "job.status", map[string]any{"job_id": job}, "NOT_FOUND")
	fails(t, os, "job.result", map[string]any{"job_id": job}, "NOT_FOUND")
	fails(t, os, "dataset.profile", map[string]any{"dataset_id": ds}, "NOT_FOUND")
	if _, err := os.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://executions/" + exec}); err == nil {
		t.Fatal("another workspace read the execution")
	}
	if _, err := os.ReadResource(context.Background(), &sdk.ReadResourceParams{URI: "quarry://executions/" + exec + "/pages/1.png"}); err == nil {
		t.Fatal("another workspace read the page image")
	}
}

func TestRedactExtractAndCatalogues(t *testing.T) {
	t.Parallel()
	needCorpus(t)
	q := openQuarry(t, 0)
	cs := q.connect(t, q.key, nil)
	res := call(t, cs, "pii.redact", map[string]any{"path": invoicePDF})
	var pdf *sdk.ResourceContents
	for _, c := range res.Content {
		if e, ok := c.(*sdk.EmbeddedResource); ok {
			pdf = e.Resource
		}
	}
	if res.IsError || pdf == nil || pdf.MIMEType != "application/pdf" || !bytes.HasPrefix(pdf.Blob, []byte("%PDF")) {
		t.Fatalf("pii.redact: %s", text(res))
	}
	if _, ok := get(res.StructuredContent.(map[string]any), "redacted", "by_type").(map[string]any); !ok {
		t.Fatalf("pii.redact summary = %v", res.StructuredContent)
	}

	x := ok(t, cs, "extract", map[string]any{"files": []any{map[string]any{"path": invoicePDF}}})
	if docs, _ := x["documents"].([]any); len(docs) == 0 {
		t.Fatalf("extract documents = %v", x["documents"])
	}
	d := ok(t, cs, "pii.detect", map[string]any{"text": "Write to jane.doe@example.com today", "mask": "redact"})
	if !strings.Contains(d["masked_text"].(string), "MASKED") {
		t.Fatalf("pii.detect = %v", d)
	}
	if v := ok(t, cs, "validators.list", map[string]any{}); len(v) == 0 {
		t.Fatal("no validators")
	}
	if p := ok(t, cs, "pii.types", map[string]any{}); p["count"].(float64) < 10 {
		t.Fatalf("pii.types = %v", p)
	}
	memo := []any{map[string]any{"filename": "memo.txt", "content_base64": "VGl0bGU6IEhlbGxv"}}
	good := map[string]any{"files": memo, "document_types": []any{map[string]any{"id": "memo", "description": "a memo",
		"field_groups": []any{map[string]any{"name": "main", "fields": []any{map[string]any{"name": "title", "type": "string"}}}}}}}
	if v := ok(t, cs, "schema.validate", good); len(v) == 0 {
		t.Fatal("empty validation report")
	}
	fails(t, cs, "schema.validate", map[string]any{"files": memo, "document_types": []any{map[string]any{"id": ""}}}, "invalid_request")
}

func TestBadArgumentsAreToolErrors(t *testing.T) {
	t.Parallel()
	q := openQuarry(t, 0)
	cs := q.connect(t, q.key, nil)
	fails(t, cs, "document.process", map[string]any{}, "exactly one of path, content_base64 or url")
	fails(t, cs, "document.process", map[string]any{"content_base64": "%%%"}, "not valid base64")
	fails(t, cs, "document.process", map[string]any{"path": "/nonexistent/x.pdf"}, "no such file")
	fails(t, cs, "document.process", map[string]any{"content_base64": "aGVsbG8=", "wait": "yes"}, "wait")
	fails(t, cs, "document.process", map[string]any{"url": "https://example.com/a.pdf"}, "url") // no fetcher: not offered
	fails(t, cs, "job.status", map[string]any{"job_id": "../../v1/api-keys"}, "job_id must be")
	fails(t, cs, "job.status", map[string]any{}, "job_id")
	fails(t, cs, "job.status", map[string]any{"job_id": "job_01JZZZZZZZZZZZZZZZZZZZZZZZ"}, "NOT_FOUND")
	fails(t, cs, "dataset.export", map[string]any{"dataset_id": "ds_nope", "format": "csv"}, "NOT_FOUND")
	fails(t, cs, "dataset.search", map[string]any{"query": " "}, "query")
	fails(t, cs, "extract", map[string]any{"files": []any{}}, "at least one file")
	fails(t, cs, "pii.detect", map[string]any{"text": "x", "types": []string{"shoe_size"}}, "shoe_size")
	if _, err := cs.CallTool(context.Background(), &sdk.CallToolParams{Name: "no.such.tool"}); err == nil {
		t.Fatal("an unknown tool answered")
	}
	// The session survives all of it.
	if _, err := cs.ListTools(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}

// TestURLsGoThroughTheSSRFGuard checks that a URL naming a private
// address is refused by the guarded client before anything is fetched.
func TestURLsGoThroughTheSSRFGuard(t *testing.T) {
	t.Parallel()
	q := openQuarry(t, 0)
	srv := mcp.New(mcp.Options{Handler: q.app.Server.Handler(), Key: q.key, Fetch: app.MCPFetcher(config.Config{})})
	ct, st := sdk.NewInMemoryTransports()
	ss, err := srv.SDK().Connect(context.Background(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "t"}, nil).Connect(context.Background(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	fails(t, cs, "document.process", map[string]any{"url": "http://example.com/a.pdf"}, "https")
	fails(t, cs, "document.process", map[string]any{"url": "https://127.0.0.1:9/a.pdf"}, "not public")
	fails(t, cs, "document.process", map[string]any{"url": "https://169.254.169.254/latest/meta-data"}, "not public")
}

// TestCancelStopsAQueuedJob cancels a waiting document.process: with no
// worker the job has not started, so it must end cancelled.
func TestCancelStopsAQueuedJob(t *testing.T) {
	t.Parallel()
	needCorpus(t)
	q := openQuarry(t, 0)
	jobs := make(chan string, 4)
	cs := q.connect(t, q.key, &sdk.ClientOptions{ProgressNotificationHandler: func(_ context.Context, r *sdk.ProgressNotificationClientRequest) {
		jobs <- strings.SplitN(r.Params.Message, ":", 2)[0]
	}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := cs.CallTool(ctx, &sdk.CallToolParams{Name: "document.process", Meta: sdk.Meta{"progressToken": 7},
			Arguments: map[string]any{"path": receipt}})
		done <- err
	}()
	var job string
	select {
	case job = <-jobs:
	case <-time.After(30 * time.Second):
		t.Fatal("no progress notification")
	}
	cancel()
	if err := <-done; err == nil {
		t.Fatal("the cancelled call answered")
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := ok(t, cs, "job.status", map[string]any{"job_id": job})
		if st["status"] == "failed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("job after cancel = %v", st)
		}
		time.Sleep(20 * time.Millisecond) // the server sees the cancellation asynchronously
	}
}

// TestHTTPNeedsAKey checks the /mcp mount: no key or a wrong one is 401
// with WWW-Authenticate, a good one initializes a session.
func TestHTTPNeedsAKey(t *testing.T) {
	t.Parallel()
	q := openQuarry(t, 0)
	ts := httptest.NewServer(q.app.Handler())
	defer ts.Close()
	for _, key := range []string{"", "dfx_wrong"} {
		res := initialize(t, ts.URL, "", key)
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("key %q: %d", key, res.StatusCode)
		}
	}
	// Behind a reverse proxy on the same host the Host header is the
	// public name; with a valid key that is no DNS-rebinding attack.
	if res := initialize(t, ts.URL, "quarry.example.com", q.key); res.StatusCode != http.StatusOK {
		t.Fatalf("keyed request via a proxy: %d", res.StatusCode)
	}
	// While the API is open (no key exists) a foreign Host from loopback
	// is refused, whatever key header is sent.
	open := httptest.NewServer(openApp(t, t.TempDir()).Handler())
	defer open.Close()
	for _, key := range []string{"", "dfx_made_up"} {
		if res := initialize(t, open.URL, "evil.example", key); res.StatusCode != http.StatusForbidden {
			t.Fatalf("open API, foreign host, key %q: %d", key, res.StatusCode)
		}
	}
	if res := initialize(t, open.URL, "", ""); res.StatusCode != http.StatusOK {
		t.Fatalf("open API, local host: %d", res.StatusCode)
	}
	cs, err := sdk.NewClient(&sdk.Implementation{Name: "t"}, nil).Connect(context.Background(), &sdk.StreamableClientTransport{
		Endpoint: ts.URL + "/mcp", HTTPClient: &http.Client{Transport: bearer{q.key}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if v := ok(t, cs, "pii.types", map[string]any{}); v["count"] == nil {
		t.Fatalf("pii.types over HTTP = %v", v)
	}
}

func initialize(t *testing.T, base, host, key string) *http.Response {
	t.Helper()
	body := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}`
	req, _ := http.NewRequest(http.MethodPost, base+"/mcp", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	if host != "" {
		req.Host = host
	}
	if key != "" {
		req.Header.Set("X-API-Key", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res
}

type bearer struct{ key string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.key)
	return http.DefaultTransport.RoundTrip(r)
}
