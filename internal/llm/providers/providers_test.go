package providers

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLocalServerThroughItsBaseURL(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat("hello", 3, 1, 0))
	c, err := New(Settings{Model: "ollama:qwen2.5:7b", Getenv: env(map[string]string{"QUARRY_OLLAMA_BASE_URL": srv.URL + "/v1"})})
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := c.Configured(); !ok {
		t.Fatal(why)
	}
	resp, err := c.Complete(context.Background(), llm.Request{Messages: []llm.Message{{Text: "hi"}}})
	if err != nil || resp.Text != "hello" {
		t.Fatalf("%+v %v", resp, err)
	}
	if got := srv.Requests()[0].Body["model"]; got != "qwen2.5:7b" {
		t.Fatalf("model sent %v", got)
	}
}

func TestProvidersFileAddsANameWithItsKeyFromTheEnvironment(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat("ok", 1, 1, 0))
	file := filepath.Join(t.TempDir(), "providers.json")
	body := `[{"name":"corp-gw","family":"openai","base_url":"` + srv.URL + `/v1","api_key_env":"CORP_KEY"}]`
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := New(Settings{Model: "corp-gw:llama-70b", ProvidersFile: file, Getenv: env(map[string]string{"CORP_KEY": "k-123"})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Complete(context.Background(), llm.Request{Messages: []llm.Message{{Text: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer k-123" {
		t.Fatalf("auth %q", got)
	}
}

func TestBadSettingsAreRefusedWithAReason(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	badFamily := filepath.Join(dir, "f.json")
	_ = os.WriteFile(badFamily, []byte(`[{"name":"x","family":"cohere"}]`), 0o600)
	cases := []struct {
		s    Settings
		want string
	}{
		{Settings{Model: "nobody:m"}, `no provider "nobody"`},
		{Settings{Model: "gpt-4o"}, "want provider:model"},
		{Settings{ProvidersFile: filepath.Join(dir, "missing.json")}, "providers file"},
		{Settings{ProvidersFile: badFamily}, "family"},
		{Settings{PricingFile: filepath.Join(dir, "missing.json")}, "no such file"},
	}
	for _, c := range cases {
		if _, err := New(c.s); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: err %v, want %q", c.s, err, c.want)
		}
	}
}

func TestNoModelMeansNotConfigured(t *testing.T) {
	t.Parallel()
	c, err := New(Settings{Getenv: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if ok, why := c.Configured(); ok || why == "" {
		t.Fatalf("%v %q", ok, why)
	}
}
