package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/dashboard"
	"github.com/quarrydev/quarry/internal/tenant"
)

// TestDashboardSessionCSRF: a cookie session authenticates the APIs, and
// every state change it makes needs the session's CSRF token from the
// same origin; a request with its own key header is exempt.
func TestDashboardSessionCSRF(t *testing.T) {
	t.Parallel()
	a, ts := asyncApp(t, 0, nil, nil)
	key, _, err := apikey.Service{Store: a.Store}.Create(context.Background(), tenant.Default, "owner", tenant.RoleOwner)
	if err != nil {
		t.Fatal(err)
	}
	home := do(t, ts, "GET", "/", "", nil, nil)
	if !dashboard.Enabled {
		if home.status != 200 || !strings.Contains(string(home.raw), `href="/docs/"`) {
			t.Fatalf("GET / without the dashboard = %d %q", home.status, home.raw)
		}
	} else if home.status != 200 || !strings.Contains(string(home.raw), "/ui/app.js") || !strings.Contains(home.header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("GET / = %d %q csp=%q", home.status, home.raw, home.header.Get("Content-Security-Policy"))
	}
	if bad := do(t, ts, "POST", "/dashboard/session", "application/json", strings.NewReader(`{"api_key":"dfx_nope"}`), nil); bad.status != 401 {
		t.Fatalf("bad key sign-in = %d %s", bad.status, bad.raw)
	}
	res, err := http.Post(ts.URL+"/dashboard/session", "application/json", strings.NewReader(`{"api_key":"`+key+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var started struct {
		Data struct {
			Role      string `json:"role"`
			CSRFToken string `json:"csrf_token"`
		} `json:"data"`
	}
	_ = json.NewDecoder(res.Body).Decode(&started)
	res.Body.Close()
	var session *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "quarry_session" {
			session = c
		}
	}
	if res.StatusCode != 200 || session == nil || started.Data.CSRFToken == "" || started.Data.Role != "owner" {
		t.Fatalf("sign-in = %d cookie=%v body=%+v", res.StatusCode, session, started)
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Secure {
		t.Fatalf("cookie flags: httponly=%v samesite=%v secure=%v (plain HTTP)", session.HttpOnly, session.SameSite, session.Secure)
	}
	cookie := map[string]string{"Cookie": "quarry_session=" + session.Value}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range cookie {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	body := func() *strings.Reader { return strings.NewReader(`{"label":"made by cookie"}`) }
	if r := do(t, ts, "GET", "/v1/api-keys", "", nil, cookie); r.status != 200 {
		t.Fatalf("GET with cookie = %d %s", r.status, r.raw)
	}
	if r := do(t, ts, "POST", "/v1/api-keys", "application/json", body(), cookie); r.status != 403 {
		t.Fatalf("POST with cookie, no token = %d %s", r.status, r.raw)
	}
	if r := do(t, ts, "POST", "/v1/api-keys", "application/json", body(), with(map[string]string{"X-CSRF-Token": "forged"})); r.status != 403 {
		t.Fatalf("POST with a forged token = %d %s", r.status, r.raw)
	}
	good := map[string]string{"X-CSRF-Token": started.Data.CSRFToken}
	if r := do(t, ts, "POST", "/v1/api-keys", "application/json", body(), with(map[string]string{"X-CSRF-Token": started.Data.CSRFToken, "Origin": "https://evil.example"})); r.status != 403 {
		t.Fatalf("POST from another origin = %d %s", r.status, r.raw)
	}
	if r := do(t, ts, "POST", "/v1/api-keys", "application/json", body(), with(good)); r.status != 201 {
		t.Fatalf("POST with the token = %d %s", r.status, r.raw)
	}
	// /api/v1 refuses the same way, as a problem.
	if r := do(t, ts, "POST", "/api/v1/extractions", "application/json", strings.NewReader(jsonBody(pdfFileJSON(), "")), cookie); r.status != 401 || r.body["code"] != "unauthorized" {
		t.Fatalf("/api/v1 POST with cookie, no token = %d %s", r.status, r.raw)
	}
	// An API client sends its key as a header: no token needed.
	if r := do(t, ts, "POST", "/v1/api-keys", "application/json", body(), map[string]string{"X-API-Key": key}); r.status != 201 {
		t.Fatalf("POST with a key header = %d %s", r.status, r.raw)
	}
	// Signing out needs the token too, and clears the cookie.
	if r := do(t, ts, "DELETE", "/dashboard/session", "", nil, cookie); r.status != 403 {
		t.Fatalf("sign-out without token = %d", r.status)
	}
	out := do(t, ts, "DELETE", "/dashboard/session", "", nil, with(good))
	if out.status != 204 || !strings.Contains(strings.Join(out.header.Values("Set-Cookie"), ";"), "quarry_session=;") {
		t.Fatalf("sign-out = %d %v", out.status, out.header.Values("Set-Cookie"))
	}
}

// TestPageImagesEventsAndRevisions runs one extraction and reads it the
// way the dashboard does: the live job stream sees it complete, its page
// renders (once, then from the cache) within bounds, and a correction is
// stored beside the extracted value and counted in the feedback.
func TestPageImagesEventsAndRevisions(t *testing.T) {
	t.Parallel()
	_, ts := asyncApp(t, 1, nil, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/v1/events/jobs", nil)
	stream, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if ct := stream.Header.Get("Content-Type"); stream.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream = %d %s", stream.StatusCode, ct)
	}
	events := bufio.NewReader(stream.Body)
	next := func() (string, map[string]any) {
		var name string
		for {
			line, err := events.ReadString('\n')
			if err != nil {
				t.Fatalf("stream ended: %v", err)
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				var v map[string]any
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &v); err != nil {
					t.Fatalf("event data %q: %v", line, err)
				}
				return name, v
			}
		}
	}
	if name, v := next(); name != "ready" || v["jobs"] != float64(0) {
		t.Fatalf("first event = %s %v", name, v)
	}

	sub := submitJSON(t, ts, "", nil)
	id, _ := sub.body["id"].(string)
	if sub.status != 202 || id == "" {
		t.Fatalf("submit = %d %s", sub.status, sub.raw)
	}
	job := "job_" + strings.TrimPrefix(id, "ext_")
	var seen []string
	for {
		name, v := next()
		if name != "job" || v["job_id"] != job {
			t.Fatalf("event %s %v", name, v)
		}
		seen = append(seen, v["status"].(string))
		if v["status"] == "completed" {
			if v["credits"] != float64(1) {
				t.Fatalf("completed job event = %v", v)
			}
			break
		}
	}
	if seen[0] != "queued" && seen[0] != "running" {
		t.Fatalf("statuses seen: %v", seen)
	}

	// Page images.
	page := do(t, ts, "GET", "/api/v1/extractions/"+id+"/pages/1.png?dpi=72", "", nil, nil)
	if page.status != 200 || page.header.Get("Content-Type") != "image/png" {
		t.Fatalf("page 1 = %d %s", page.status, page.raw)
	}
	img, err := png.Decode(bytes.NewReader(page.raw))
	if err != nil {
		t.Fatal(err)
	}
	if w := img.Bounds().Dx(); w < 100 || w > 72*20 {
		t.Fatalf("page width at 72 dpi = %d px", w)
	}
	again := do(t, ts, "GET", "/v1/executions/exec_"+strings.TrimPrefix(id, "ext_")+"/pages/1.png?dpi=72", "", nil, nil)
	if again.status != 200 || !bytes.Equal(again.raw, page.raw) {
		t.Fatalf("the /v1 page differs from the /api/v1 one (%d)", again.status)
	}
	if r := do(t, ts, "GET", "/api/v1/extractions/"+id+"/pages/1.png?dpi=72", "", nil, map[string]string{"If-None-Match": page.header.Get("ETag")}); r.status != 304 {
		t.Fatalf("conditional GET = %d", r.status)
	}
	for path, want := range map[string]int{
		"/api/v1/extractions/" + id + "/pages/99.png":         404,
		"/api/v1/extractions/" + id + "/pages/1.png?dpi=1000": 400,
		"/api/v1/extractions/" + id + "/pages/one.png":        400,
		"/api/v1/extractions/ext_nope/pages/1.png":            404,
	} {
		if r := do(t, ts, "GET", path, "", nil, nil); r.status != want || r.body["code"] == nil {
			t.Errorf("GET %s = %d %s, want a %d problem", path, r.status, r.raw, want)
		}
	}
	if r := do(t, ts, "GET", "/v1/executions/exec_nope/pages/1.png", "", nil, nil); r.status != 404 || r.body["error"] == nil {
		t.Errorf("/v1 missing execution = %d %s", r.status, r.raw)
	}

	// Revisions.
	res := do(t, ts, "GET", "/api/v1/extractions/"+id+"/result", "", nil, nil)
	doc := res.body["result"].(map[string]any)["documents"].([]any)[0].(map[string]any)
	group := doc["field_groups"].([]any)[0].(map[string]any)
	field := group["fields"].([]any)[0].(map[string]any)
	path := group["name"].(string) + "." + field["name"].(string)
	if r := do(t, ts, "POST", "/v1/jobs/"+job+"/revisions", "application/json", strings.NewReader(`{"field":"nope.nope","value":"x"}`), nil); r.status != 422 {
		t.Fatalf("unknown field = %d %s", r.status, r.raw)
	}
	rev := do(t, ts, "POST", "/v1/jobs/"+job+"/revisions", "application/json", strings.NewReader(`{"field":"`+path+`","value":"HUMAN 42","note":"read it off the page"}`), nil)
	data, _ := rev.body["data"].(map[string]any)
	if rev.status != 201 || data["value"] != "HUMAN 42" || data["field"] != path {
		t.Fatalf("revision = %d %s", rev.status, rev.raw)
	}
	extracted, _ := json.Marshal(field["value"])
	if got, _ := json.Marshal(data["extracted_value"]); string(got) != string(extracted) {
		t.Fatalf("extracted_value = %s, want %s", got, extracted)
	}
	// The result itself is untouched.
	after := do(t, ts, "GET", "/api/v1/extractions/"+id+"/result", "", nil, nil)
	if !bytes.Equal(after.raw, res.raw) {
		t.Fatal("a correction changed the stored result")
	}
	list := do(t, ts, "GET", "/v1/jobs/"+job+"/revisions", "", nil, nil)
	ld, _ := list.body["data"].(map[string]any)
	if list.status != 200 || ld["total"] != float64(1) || ld["current"].(map[string]any)[path] != "HUMAN 42" {
		t.Fatalf("revisions = %d %s", list.status, list.raw)
	}
	do(t, ts, "POST", "/v1/jobs/"+job+"/feedback", "application/json", strings.NewReader(`{"rating":"down"}`), nil)
	fb := do(t, ts, "GET", "/v1/jobs/"+job+"/feedback", "", nil, nil)
	if d, _ := fb.body["data"].(map[string]any); d["corrections"] != float64(1) {
		t.Fatalf("feedback = %s", fb.raw)
	}
}
