package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1Call sends one /v1 request with key (none when empty) and decodes
// the envelope.
func v1Call(t *testing.T, method, url, key string, body any) (int, http.Header, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, url, rd)
	if key != "" {
		req.Header.Set("X-API-KEY", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var env map[string]any
	if res.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(raw, &env); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, url, raw)
		}
		if _, ok := env["status"].(string); !ok || !hasKeys(env, "data", "error") {
			t.Fatalf("%s %s: not an envelope: %s", method, url, raw)
		}
	}
	return res.StatusCode, res.Header, env
}

func hasKeys(m map[string]any, keys ...string) bool {
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

func errCode(env map[string]any) string {
	e, _ := env["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

func dataOf(env map[string]any) map[string]any {
	d, _ := env["data"].(map[string]any)
	return d
}

// TestV1KeysUsageAndRates walks the tenancy part of /v1: open while no
// key exists, keys from the store turning authentication on for both
// surfaces, roles, isolation, revocation, usage and the plan's rate.
func TestV1KeysUsageAndRates(t *testing.T) {
	t.Parallel()
	a, ts := testApp(t, nil)
	ctx := context.Background()

	// No key anywhere: embedded mode, the default workspace, no limits.
	code, _, env := v1Call(t, "GET", ts.URL+"/v1/usage", "", nil)
	if code != 200 || env["status"] != "success" || dataOf(env)["plan"] != billing.PlanEnterprise {
		t.Fatalf("open usage: %d %v", code, env)
	}
	if c := dataOf(env)["usage"].(map[string]any)["credits"].(map[string]any); c["limit"] != nil || c["remaining"] != nil {
		t.Fatalf("unlimited credits = %v, want null limit and remaining", c)
	}

	for _, ws := range []struct{ id, plan string }{{"acme", billing.PlanTrial}, {"globex", billing.PlanStarter}} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws.id, Plan: ws.plan}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	admin, _, err := keys.Create(ctx, "acme", "ops", tenant.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	viewer, _, _ := keys.Create(ctx, "acme", "", tenant.RoleViewer)
	other, _, _ := keys.Create(ctx, "globex", "", tenant.RoleOwner)
	time.Sleep(2100 * time.Millisecond) // another process made the keys: the server rechecks within 2 s

	if code, hdr, env := v1Call(t, "GET", ts.URL+"/v1/usage", "", nil); code != 401 || errCode(env) != "INVALID_API_KEY" || hdr.Get("WWW-Authenticate") == "" {
		t.Fatalf("no key once keys exist: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/usage", "dfx_"+string(bytes.Repeat([]byte("x"), 40)), nil); code != 401 || errCode(env) != "INVALID_API_KEY" {
		t.Fatalf("unknown key: %d %v", code, env)
	}
	res, err := http.Get(ts.URL + "/api/v1/extractions")
	if err != nil || res.StatusCode != 401 || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("/api/v1 without a key once keys exist: %v %v", res.StatusCode, err)
	}
	res.Body.Close()

	code, _, env = v1Call(t, "GET", ts.URL+"/v1/usage/current", admin, nil)
	d := dataOf(env)
	if code != 200 || d["plan"] != billing.PlanTrial || d["credits_limit"] != float64(1200) || d["credits_used"] != float64(0) || d["period_start"] == "" {
		t.Fatalf("acme usage/current: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/usage", admin, nil); code != 200 || dataOf(env)["trial"].(map[string]any)["is_trial"] != true {
		t.Fatalf("acme usage: %d %v", code, env)
	}

	// Roles: a viewer reads usage but may not manage keys; an admin may
	// create a member key but not an owner key.
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/api-keys", viewer, nil); code != 403 || errCode(env) != "FORBIDDEN" {
		t.Fatalf("viewer lists keys: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", ts.URL+"/v1/api-keys", admin, map[string]string{"label": "x", "role": "owner"}); code != 403 {
		t.Fatalf("admin creates an owner key: %d %v", code, env)
	}
	code, _, env = v1Call(t, "POST", ts.URL+"/v1/api-keys", admin, map[string]string{"label": "ci", "role": "member"})
	created := dataOf(env)
	member, _ := created["key"].(string)
	if code != 201 || len(member) != 44 || created["role"] != "member" || created["active"] != true {
		t.Fatalf("create key: %d %v", code, env)
	}
	code, _, env = v1Call(t, "GET", ts.URL+"/v1/api-keys", admin, nil)
	items, _ := dataOf(env)["items"].([]any)
	if code != 200 || len(items) != 3 {
		t.Fatalf("list keys: %d %v", code, env)
	}
	for _, it := range items {
		if _, shown := it.(map[string]any)["key"]; shown {
			t.Fatal("a listed key carries its secret")
		}
	}

	// Isolation: globex's owner cannot see or revoke acme's keys.
	id, _ := created["id"].(string)
	if code, _, env := v1Call(t, "DELETE", ts.URL+"/v1/api-keys/"+id, other, nil); code != 404 || errCode(env) != "NOT_FOUND" {
		t.Fatalf("another workspace revokes: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/api-keys", other, nil); code != 200 || len(dataOf(env)["items"].([]any)) != 1 {
		t.Fatalf("globex's list: %d %v", code, env)
	}
	if code, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/api-keys/"+id, admin, nil); code != 204 {
		t.Fatalf("revoke: %d", code)
	}
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/usage", member, nil); code != 401 {
		t.Fatalf("revoked key still works: %d", code)
	}

	// Rate: the trial allows 60 requests a minute; reading the window is
	// free. (Up to 6 requests above were acme's in this window.)
	code, _, env = v1Call(t, "GET", ts.URL+"/v1/usage/rate-limits", admin, nil)
	d = dataOf(env)
	used := int(d["used"].(float64))
	if code != 200 || d["limit"] != float64(60) || d["window_seconds"] != float64(60) || d["rate_limit"].(map[string]any)["rpm"] != float64(60) {
		t.Fatalf("rate-limits: %d %v", code, env)
	}
	if _, _, env := v1Call(t, "GET", ts.URL+"/v1/usage/rate-limits", admin, nil); int(dataOf(env)["used"].(float64)) != used {
		t.Fatal("reading the rate window spent a request")
	}
	var limited bool
	for i := used; i < 70 && !limited; i++ {
		code, hdr, env := v1Call(t, "GET", ts.URL+"/v1/usage", viewer, nil)
		if code == 429 {
			if errCode(env) != "RATE_LIMIT_EXCEEDED" || hdr.Get("Retry-After") == "" || i < 60 {
				t.Fatalf("request %d: %d %v retry-after %q", i+1, code, env, hdr.Get("Retry-After"))
			}
			limited = true
		}
	}
	if !limited {
		t.Fatal("70 requests in a minute on the trial plan were all served")
	}
	// Another workspace has its own window.
	if code, _, _ := v1Call(t, "GET", ts.URL+"/v1/usage", other, nil); code != 200 {
		t.Fatalf("globex limited by acme's requests: %d", code)
	}
	if code, _, env := v1Call(t, "GET", ts.URL+"/v1/no-such-route", other, nil); code != 404 || errCode(env) != "NOT_FOUND" {
		t.Fatalf("unknown route: %d %v", code, env)
	}
}
