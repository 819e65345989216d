package server_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/app"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/store"
)

// testApp builds the whole service on a temp data folder with SQLite.
func testApp(t *testing.T, mutate func(*config.Config)) (*app.App, *httptest.Server) {
	t.Helper()
	return edgeServer(t, nil, mutate)
}

var pdfBytes, _ = fixture.TextPDF([][]string{
	{"Invoice INV-2025-001 from Acme Trading Ltd", "Issue date 15 May 2025", "Total 1.234,56 EUR"},
	{"Payment terms: thirty days net from the date of issue"},
})

func jsonBody(files string, extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"files":` + files + extra + `}`
}

func pdfFileJSON() string {
	return `[{"filename":"inv.pdf","content_base64":"` + base64.StdEncoding.EncodeToString(pdfBytes) + `","content_type":"application/pdf"}]`
}

type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func do(t *testing.T, ts *httptest.Server, method, path, contentType string, body io.Reader, hdr map[string]string) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := response{status: res.StatusCode, header: res.Header, raw: raw}
	_ = json.Unmarshal(raw, &out.body)
	validateWire(t, method, path, res.StatusCode, raw)
	return out
}

func TestExtractJSONThenFetchByID(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	r := Scenario{Method: "POST", URL: "/api/v1/extract", Body: jsonBody(pdfFileJSON(), ""), ExpectedStatus: 200,
		After: func(t *testing.T, r response) {
			id, _ := r.body["id"].(string)
			if !strings.HasPrefix(id, "ext_") || r.body["status"] != "success" {
				t.Fatalf("body = %s", r.raw)
			}
			files := r.body["files"].([]any)
			f0 := files[0].(map[string]any)
			if f0["page_count"].(float64) != 2 || f0["media_type"] != "application/pdf" || f0["filename"] != "inv.pdf" {
				t.Fatalf("file = %v", f0)
			}
			if _, present := f0["classification"]; !present {
				t.Fatal("classification must be present (null allowed), not absent")
			}
			trace := r.body["pipeline"].(map[string]any)["trace"].([]any)
			if trace[0].(map[string]any)["node"] != "load" || trace[len(trace)-1].(map[string]any)["node"] != "assemble" {
				t.Fatalf("trace = %v", trace)
			}
		}}.Run(t, ts)
	id, _ := r.body["id"].(string)

	// Each step reads what the previous one stored, so they run in order
	// on one server rather than as independent rows.
	Scenario{URL: "/api/v1/extractions/" + id, ExpectedStatus: 200, After: func(t *testing.T, g response) {
		if g.body["status"] != "succeeded" || g.body["attempts"].(float64) != 1 || g.body["finished_at"] == nil {
			t.Fatalf("get = %d %s", g.status, g.raw)
		}
		for _, k := range []string{"id", "status", "submitted_at", "started_at", "finished_at", "attempts", "error", "post_processing"} {
			if _, ok := g.body[k]; !ok {
				t.Errorf("extraction lacks %q", k)
			}
		}
	}}.Run(t, ts)
	Scenario{URL: "/api/v1/extractions/" + id + "/result", ExpectedStatus: 200, After: func(t *testing.T, res response) {
		if res.body["id"] != id {
			t.Fatalf("result = %d %s", res.status, res.raw)
		}
		inner := res.body["result"].(map[string]any)
		if inner["id"] != id || len(inner["files"].([]any)) != 1 {
			t.Fatalf("result body = %s", res.raw)
		}
	}}.Run(t, ts)
}

func multipartBody(t *testing.T, request string, files map[string][]byte) (string, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if request != "" {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="request"`)
		h.Set("Content-Type", "application/json")
		w, _ := mw.CreatePart(h)
		w.Write([]byte(request))
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile("files", name)
		w.Write(data)
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func TestExtractMultipartWithFileOptions(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	ct, body := multipartBody(t, `{"document_types":[
		{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total","type":"number"}]}]},
		{"id":"memo","field_groups":[{"name":"g","fields":[{"name":"subject"}]}]}],
		"file_options":{"inv.pdf":{"expected_type":"invoice"}}}`,
		map[string][]byte{"inv.pdf": pdfBytes, "notes.txt": []byte("plain notes about nothing in particular")})
	Scenario{Method: "POST", URL: "/api/v1/extract", Headers: map[string]string{"Content-Type": ct}, Body: body.String(),
		ExpectedStatus: 200,
		// No judge or authenticity check ran: the contract's defaults, not null.
		ExpectedContent: []string{`"authenticity":{"visual":[],"content":null}`,
			`"judge":{"status":"uncertain","confidence":0,"evidence":null,"notes":null,"flag_for_review":false}`},
		After: func(t *testing.T, r response) {
			var pinned map[string]any
			for _, f := range r.body["files"].([]any) {
				if f.(map[string]any)["filename"] == "inv.pdf" {
					pinned = f.(map[string]any)
				}
			}
			if pinned == nil || pinned["matched_type"] != "invoice" || pinned["classification"] != nil {
				t.Fatalf("pinned file = %v", pinned)
			}
			docs := r.body["documents"].([]any)
			if len(docs) == 0 || docs[0].(map[string]any)["type"] != "invoice" || docs[0].(map[string]any)["source_file"] != "inv.pdf" {
				t.Fatalf("documents = %v", docs)
			}
		}}.Run(t, ts)
}

// problemShape checks what every refusal shares: problem+json with type,
// title, detail and the status repeated in the body, then the row's own
// check when it has one.
func problemShape(status int, check func(t *testing.T, r response)) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		if ctype := r.header.Get("Content-Type"); ctype != "application/problem+json" {
			t.Errorf("content type %q", ctype)
		}
		if r.body["type"] == nil || r.body["title"] == nil || r.body["detail"] == nil || r.body["status"].(float64) != float64(status) {
			t.Errorf("problem shape: %s", r.raw)
		}
		if check != nil {
			check(t, r)
		}
	}
}

func TestBadInputProblems(t *testing.T) {
	t.Parallel()
	a, ts := testApp(t, func(c *config.Config) { c.Limits.MaxBytes = 4096 })
	small := base64.StdEncoding.EncodeToString([]byte("hello world, this is text"))
	big := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("a"), 5000))
	oneType := `"document_types":[{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total"}]}]}]`
	ctBoth, bodyBoth := multipartBody(t, jsonBody(`[{"filename":"a.txt","content_base64":"`+small+`"}]`, ""), map[string][]byte{"a.txt": []byte("x")})
	ctNoFiles, bodyNoFiles := multipartBody(t, `{}`, nil)
	cases := []struct {
		name, contentType, body string
		status                  int
		code                    string
		check                   func(t *testing.T, r response)
	}{
		{name: "MalformedJSON", body: `{"files": [`, status: 400, code: "invalid_request"},
		{name: "NotAnObject", body: `[1,2]`, status: 400, code: "invalid_request"},
		{name: "WrongType", body: `{"files": "inv.pdf"}`, status: 400, code: "invalid_request", check: func(t *testing.T, r response) {
			errs := r.body["extensions"].(map[string]any)["errors"].([]any)
			if errs[0].(map[string]any)["path"] != "files" {
				t.Errorf("errors = %v", errs)
			}
		}},
		{name: "EmptyFiles", body: `{"files": []}`, status: 400, code: "invalid_request"},
		{name: "NoFilesKey", body: `{}`, status: 400, code: "invalid_request"},
		{name: "UnknownFieldType", body: jsonBody(`[{"filename":"a.txt","content_base64":"`+small+`"}]`,
			`"document_types":[{"id":"x","field_groups":[{"name":"g","fields":[{"name":"f","type":"strng"}]}]}]`), status: 400, code: "invalid_request",
			check: func(t *testing.T, r response) {
				if !strings.Contains(string(r.raw), "document_types[0].field_groups[0].fields[0].type") {
					t.Errorf("no path in %s", r.raw)
				}
			}},
		{name: "NeitherContentNorPart", body: jsonBody(`[{"filename":"a.txt"}]`, ""), status: 400, code: "invalid_request"},
		{name: "BothContentAndPart", contentType: ctBoth, body: bodyBoth.String(), status: 400, code: "invalid_request"},
		{name: "MultipartWithoutFiles", contentType: ctNoFiles, body: bodyNoFiles.String(), status: 400, code: "invalid_request"},
		{name: "UnsupportedContentType", contentType: "text/plain", body: "hi", status: 400, code: "invalid_request"},
		{name: "BadBase64", body: jsonBody(`[{"filename":"a.txt","content_base64":"@@not base64@@"}]`, ""), status: 422, code: "invalid_base64"},
		{name: "OversizeFile", body: jsonBody(`[{"filename":"big.txt","content_base64":"`+big+`"}]`, ""), status: 413, code: "file_too_large",
			check: func(t *testing.T, r response) {
				if r.body["extensions"].(map[string]any)["filename"] != "big.txt" {
					t.Errorf("file not named: %s", r.raw)
				}
			}},
		{name: "UnknownExpectedType", body: jsonBody(`[{"filename":"a.txt","content_base64":"`+small+`","expected_type":"passport"}]`, oneType),
			status: 422, code: "validation_failed", check: func(t *testing.T, r response) {
				ext := r.body["extensions"].(map[string]any)
				errs := ext["errors"].([]any)
				e0 := errs[0].(map[string]any)
				if ext["ok"] != false || e0["code"] != "document_type_unknown" || e0["path"] != "files[0].expected_type" {
					t.Errorf("report = %v", ext)
				}
			}},
		{name: "RuleCycle", body: jsonBody(`[{"filename":"a.txt","content_base64":"`+small+`"}]`, oneType+`,"rules":[
			{"id":"a","predicate":"p","parents":[{"kind":"rule","rule":"b"}]},
			{"id":"b","predicate":"q","parents":[{"kind":"rule","rule":"a"}]}]`), status: 422, code: "validation_failed",
			check: func(t *testing.T, r response) {
				if !strings.Contains(string(r.raw), "rule_cycle") {
					t.Errorf("no rule_cycle in %s", r.raw)
				}
			}},
		{name: "UnsupportedFile", body: jsonBody(`[{"filename":"x.bin","content_base64":"`+base64.StdEncoding.EncodeToString([]byte{0, 1, 2, 3, 0xff, 0xfe, 7})+`"}]`, ""),
			status: 422, code: "unsupported_file"},
	}
	var scenarios []Scenario
	for _, c := range cases {
		s := Scenario{Name: c.name, Method: "POST", URL: "/api/v1/extract", Body: c.body,
			ExpectedStatus: c.status, ExpectedCode: c.code, After: problemShape(c.status, c.check)}
		if c.contentType != "" {
			s.Headers = map[string]string{"Content-Type": c.contentType}
		}
		scenarios = append(scenarios, s)
	}
	runScenarios(t, ts, scenarios)
	// Refused requests leave nothing behind.
	_, total, err := a.Store.ExtractionList(context.Background(), store.ExtractionListParams{WorkspaceID: store.DefaultWorkspace, Limit: 10})
	if err != nil || total != 0 {
		t.Fatalf("stored %d extractions for refused requests (%v)", total, err)
	}
}

func TestValidateEndpoint(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	runScenarios(t, ts, []Scenario{
		{Name: "ReportsErrorsAndWarnings", Method: "POST", URL: "/api/v1/extract:validate",
			Body: `{"files":[{"filename":"a.pdf","expected_type":"nope"}],
		"document_types":[{"id":"invoice","field_groups":[{"name":"g","fields":[{"name":"total"}]}]}],
		"options":{"stages":{"rule_engine":true}}}`,
			ExpectedStatus: 200, After: func(t *testing.T, r response) {
				if r.body["ok"] != false || r.body["error_count"].(float64) != 1 || r.body["warning_count"].(float64) < 1 {
					t.Fatalf("validate = %d %s", r.status, r.raw)
				}
			}},
		{Name: "ValidRequestIsOK", Method: "POST", URL: "/api/v1/extract:validate", Body: `{"files":[{"filename":"a.pdf"}]}`,
			ExpectedStatus: 200, After: func(t *testing.T, r response) {
				if r.body["ok"] != true {
					t.Fatalf("valid request = %d %s", r.status, r.raw)
				}
			}},
	})
}

func TestSyncTimeoutIs408AndStoredAsFailed(t *testing.T) {
	t.Parallel()
	a, ts := testApp(t, func(c *config.Config) { c.SyncTimeout = time.Millisecond })
	r := Scenario{Method: "POST", URL: "/api/v1/extract", Body: jsonBody(pdfFileJSON(), ""),
		ExpectedStatus: 408, ExpectedCode: "timeout"}.Run(t, ts)
	id := r.body["extensions"].(map[string]any)["extraction_id"].(string)
	e, err := a.Store.ExtractionGet(context.Background(), store.DefaultWorkspace, id)
	if err != nil || e.Status != "failed" || e.Error == nil {
		t.Fatalf("stored = %+v %v", e, err)
	}
	Scenario{URL: "/api/v1/extractions/" + id + "/result", ExpectedStatus: 409, ExpectedCode: "not_ready",
		After: func(t *testing.T, res response) {
			if res.body["extensions"].(map[string]any)["extraction"] == nil {
				t.Fatalf("result of failed = %d %s", res.status, res.raw)
			}
		}}.Run(t, ts)
}

func TestAPIKeys(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, func(c *config.Config) { c.APIKeys = []string{"k1", "k2"} })
	runScenarios(t, ts, []Scenario{
		{Name: "NoKey", URL: "/api/v1/version", ExpectedStatus: 401, ExpectedCode: "unauthorized"},
		{Name: "WrongKey", URL: "/api/v1/version", Headers: map[string]string{"Authorization": "Bearer wrong"}, ExpectedStatus: 401},
		{Name: "GoodKey", URL: "/api/v1/version", Headers: map[string]string{"Authorization": "Bearer k2"}, ExpectedStatus: 200},
		{Name: "ProbeNeedsNoKey", URL: "/actuator/health/liveness", ExpectedStatus: 200},
	})
}

func TestHeadersEchoed(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, nil)
	runScenarios(t, ts, []Scenario{
		{Name: "Echoed", URL: "/api/v1/version", Headers: map[string]string{
			"X-Request-Id": "req-abc", "X-Correlation-Id": "corr-1", "X-Tenant-Id": "acme",
			"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
		}, After: func(t *testing.T, r response) {
			if r.header.Get("X-Request-Id") != "req-abc" || r.header.Get("X-Correlation-Id") != "corr-1" || r.header.Get("X-Tenant-Id") != "acme" {
				t.Fatalf("headers = %v", r.header)
			}
		}},
		{Name: "Generated", URL: "/api/v1/version", After: func(t *testing.T, r response) {
			if !strings.HasPrefix(r.header.Get("X-Request-Id"), "req_") {
				t.Fatalf("generated request id = %q", r.header.Get("X-Request-Id"))
			}
		}},
		// Unsafe ids are replaced, never echoed into headers and logs.
		{Name: "UnsafeReplaced", URL: "/api/v1/version", Headers: map[string]string{"X-Request-Id": "bad id with spaces"},
			After: func(t *testing.T, r response) {
				if r.header.Get("X-Request-Id") == "bad id with spaces" {
					t.Fatal("unsafe request id echoed")
				}
			}},
	})
}

// healthIs checks a health probe's status word.
func healthIs(want string) func(t *testing.T, r response) {
	return func(t *testing.T, r response) {
		if r.body["status"] != want {
			t.Fatalf("health = %d %s", r.status, r.raw)
		}
	}
}

func TestOpsEndpoints(t *testing.T) {
	t.Parallel()
	a, ts := testApp(t, nil)
	runScenarios(t, ts, []Scenario{
		{Name: "Version", URL: "/api/v1/version", ExpectedStatus: 200, After: func(t *testing.T, v response) {
			if v.body["service"] != "quarry" || v.body["engines"].(map[string]any)["pdftotext"] == "missing" {
				t.Fatalf("version = %s", v.raw)
			}
		}},
		{Name: "Health", URL: "/actuator/health", ExpectedStatus: 200, After: healthIs("UP")},
		{Name: "Liveness", URL: "/actuator/health/liveness", ExpectedStatus: 200, After: healthIs("UP")},
		{Name: "Readiness", URL: "/actuator/health/readiness", ExpectedStatus: 200, After: healthIs("UP")},
		// One extraction, so the metrics below have a request and a stage to count.
		{Name: "Extract", Method: "POST", URL: "/api/v1/extract", Body: jsonBody(pdfFileJSON(), "")},
		{Name: "Metrics", URL: "/actuator/metrics", ExpectedContent: []string{
			`quarry_http_requests_total{method="POST",route="POST /api/v1/extract",status="200"} 1`,
			`quarry_pipeline_stage_duration_seconds_count{stage="load",status="success"} 1`,
			`quarry_http_request_duration_seconds_bucket`}},
		{Name: "UnknownRoute", URL: "/api/v1/nope", ExpectedStatus: 404, ExpectedCode: "not_found"},
		{Name: "DocsOffline", URL: "/docs/", ExpectedStatus: 200, ExpectedContent: []string{"swagger"},
			NotExpectedContent: []string{"https://cdn", "unpkg.com"}},
		{Name: "Home", URL: "/", ExpectedStatus: 200, ExpectedContent: []string{`href="/docs/"`},
			After: func(t *testing.T, home response) {
				if !strings.HasPrefix(home.header.Get("Content-Type"), "text/html") {
					t.Fatalf("home page: %d %q", home.status, home.header.Get("Content-Type"))
				}
			}},
		{Name: "EmbeddedSwaggerUI", URL: "/docs/swagger-ui-bundle.js", ExpectedStatus: 200, After: func(t *testing.T, js response) {
			if len(js.raw) < 100000 {
				t.Fatalf("embedded Swagger UI asset: %d, %d bytes", js.status, len(js.raw))
			}
		}},
	})
	// The database going away makes readiness fail, liveness stays up.
	a.Store.Close()
	runScenarios(t, ts, []Scenario{
		{Name: "ReadinessWithClosedDB", URL: "/actuator/health/readiness", ExpectedStatus: 503, After: healthIs("DOWN")},
		{Name: "LivenessWithClosedDB", URL: "/actuator/health/liveness", ExpectedStatus: 200},
	})
}
