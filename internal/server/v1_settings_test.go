package server_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

const testSecretKey = "a-test-secret-key-of-at-least-32-bytes"

// settingsApp is a server with workspaces acme and globex and an owner
// key for each, plus a member key of acme.
func settingsApp(t *testing.T, mutate func(*config.Config)) (srv string, st store.Store, acme, globex, member string, clientFor func(string) string) {
	t.Helper()
	a, ts := testApp(t, mutate)
	ctx := context.Background()
	for _, ws := range []string{"acme", "globex"} {
		if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: ws, Plan: billing.PlanPro}); err != nil {
			t.Fatal(err)
		}
	}
	keys := apikey.Service{Store: a.Store}
	acme, _, _ = keys.Create(ctx, "acme", "", tenant.RoleOwner)
	globex, _, _ = keys.Create(ctx, "globex", "", tenant.RoleOwner)
	member, _, _ = keys.Create(ctx, "acme", "", tenant.RoleMember)
	time.Sleep(2100 * time.Millisecond) // the cached "auth is off" verdict lapses
	clientFor = func(ws string) string {
		c := a.Engine.ClientFor(tenant.With(ctx, tenant.Principal{WorkspaceID: ws}))
		if c == nil {
			return ""
		}
		return c.Model()
	}
	return ts.URL, a.Store, acme, globex, member, clientFor
}

func TestV1LLMConfig(t *testing.T) {
	t.Parallel()
	model := llmtest.New(t, nil)
	url, st, acme, globex, member, clientFor := settingsApp(t, func(c *config.Config) {
		c.SecretKey, c.WebhookAllowPrivate = testSecretKey, true
	})
	const key = "sk-test-do-not-echo-7f3a"
	body := map[string]any{"provider": "openai", "model": "gpt-4o-mini", "api_key": key, "base_url": model.URL + "/v1"}

	if code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", member, body); code != http.StatusForbidden {
		t.Fatalf("member saved settings: %d %v", code, env)
	}
	code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", acme, body)
	d := dataOf(env)
	if code != 200 || d["provider"] != "openai" || d["model"] != "gpt-4o-mini" || d["has_api_key"] != true || d["configured"] != true {
		t.Fatalf("save: %d %v", code, env)
	}
	for _, path := range []string{"/v1/settings/llm-config", "/v1/audit/export"} {
		req, _ := http.NewRequest("GET", url+path, nil)
		req.Header.Set("X-API-KEY", acme)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw := readAll(t, res)
		if res.StatusCode != 200 || strings.Contains(raw, key) || strings.Contains(raw, "v1:") {
			t.Fatalf("GET %s shows the key or its sealed form: %d %s", path, res.StatusCode, raw)
		}
		if path == "/v1/audit/export" && !strings.Contains(raw, "llm_settings.updated") {
			t.Fatalf("no audit event: %s", raw)
		}
	}
	row, err := st.LLMSettingsGet(context.Background(), "acme")
	if err != nil || !strings.HasPrefix(row.SealedKey, "v1:") || strings.Contains(row.SealedKey, key) {
		t.Fatalf("stored row %+v, %v: the key is not sealed", row, err)
	}
	if _, _, env := v1Call(t, "GET", url+"/v1/settings/llm-config", globex, nil); dataOf(env)["configured"] != false {
		t.Fatalf("globex sees acme's settings: %v", env)
	}
	// The engine's hook: acme's runs use acme's model, globex's the server's (none).
	if got := clientFor("acme"); got != "openai:gpt-4o-mini" {
		t.Fatalf("acme's run client = %q", got)
	}
	if got := clientFor("globex"); got != "" {
		t.Fatalf("globex's run client = %q, want the engine's (none)", got)
	}

	// The test call: wrong key, unknown model, then a working one.
	model.Script(llmtest.Error(401, "Incorrect API key provided", nil), llmtest.Error(404, "The model does not exist", nil),
		llmtest.OpenAIChat("OK", 5, 1, 0))
	for _, want := range []struct {
		success bool
		says    string
	}{{false, "refused the API key"}, {false, "does not know model gpt-4o-mini"}, {true, "answered"}} {
		code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config/test", acme, nil)
		d := dataOf(env)
		if code != 200 || d["success"] != want.success || !strings.Contains(d["message"].(string), want.says) {
			t.Fatalf("test: %d %v, want success=%v saying %q", code, env, want.success, want.says)
		}
		if _, ok := d["latency_ms"].(float64); !ok {
			t.Fatalf("no latency_ms: %v", d)
		}
	}
	reqs := model.Requests()
	if len(reqs) != 3 || reqs[0].Header.Get("Authorization") != "Bearer "+key || reqs[0].Body["model"] != "gpt-4o-mini" {
		t.Fatalf("the test call did not carry the unsealed key and model: %d requests, %v", len(reqs), reqs[0].Body)
	}
	// Unsaved settings are tested as given (the dashboard's button) and not stored.
	model.Script(llmtest.OpenAIChat("OK", 5, 1, 0))
	code, _, env = v1Call(t, "POST", url+"/v1/settings/llm-config/test", globex, map[string]any{"model": "vllm:llama3", "base_url": model.URL + "/v1"})
	if code != 200 || dataOf(env)["success"] != true {
		t.Fatalf("unsaved test: %d %v", code, env)
	}
	if _, err := st.LLMSettingsGet(context.Background(), "globex"); err == nil {
		t.Fatal("testing unsaved settings stored them")
	}

	// Bad input answers the envelope's VALIDATION_ERROR.
	for _, bad := range []map[string]any{
		{"model": "gpt-4o"}, {"provider": "nope", "model": "x"}, {"provider": "custom", "model": "x"},
		{"provider": "openai", "model": "gpt-4o", "base_url": "ftp://x"}, {"provider": "openai"},
	} {
		if code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", acme, bad); code != 422 || env["error"].(map[string]any)["code"] != "VALIDATION_ERROR" {
			t.Errorf("%v: %d %v", bad, code, env)
		}
	}
	if code, _, _ := v1Call(t, "DELETE", url+"/v1/settings/llm-config", globex, nil); code != 404 {
		t.Fatalf("delete of none: %d", code)
	}
	if code, _, _ := v1Call(t, "DELETE", url+"/v1/settings/llm-config", acme, nil); code != 204 {
		t.Fatalf("delete: %d", code)
	}
	if got := clientFor("acme"); got != "" {
		t.Fatalf("after delete acme's run client = %q", got)
	}
	if code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config/test", acme, nil); code != 404 {
		t.Fatalf("test with nothing saved: %d %v", code, env)
	}
}

// Without QUARRY_SECRET_KEY a key is refused with the reason; a keyless
// local model is still accepted. Private base URLs need the operator's
// permission.
func TestV1LLMConfigWithoutSecretKey(t *testing.T) {
	t.Parallel()
	url, _, acme, _, _, _ := settingsApp(t, nil)
	code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", acme, map[string]any{"model": "openai:gpt-4o", "api_key": "sk-x"})
	if code != 422 || !strings.Contains(env["error"].(map[string]any)["message"].(string), "QUARRY_SECRET_KEY") {
		t.Fatalf("key without a secret key: %d %v", code, env)
	}
	code, _, env = v1Call(t, "POST", url+"/v1/settings/llm-config", acme, map[string]any{"model": "custom:m", "base_url": "http://127.0.0.1:9/v1"})
	if code != 422 || !strings.Contains(env["error"].(map[string]any)["message"].(string), "is not allowed") {
		t.Fatalf("private base_url: %d %v", code, env)
	}
	// ollama's default address is the server's own machine.
	if code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", acme, map[string]any{"model": "ollama:qwen2.5:7b"}); code != 422 {
		t.Fatalf("ollama on the server's localhost: %d %v", code, env)
	}
	if code, _, env := v1Call(t, "POST", url+"/v1/settings/llm-config", acme, map[string]any{"model": "anthropic:claude-haiku-4-5"}); code != 200 || dataOf(env)["has_api_key"] != false {
		t.Fatalf("keyless settings: %d %v", code, env)
	}
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, res.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
