package llmsettings

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
	"github.com/quarrydev/quarry/internal/secret"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/store/sqlite"
	"github.com/quarrydev/quarry/internal/tenant"
	"github.com/quarrydev/quarry/internal/webhook"
)

const key32 = "0123456789abcdef0123456789abcdef-test"

func newStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, ws := range []string{"acme", "globex"} {
		if err := st.WorkspaceEnsure(context.Background(), store.WorkspaceEnsureParams{ID: ws}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func newService(t *testing.T, st store.Store, secretKey string) *Service {
	t.Helper()
	s, err := New(st, Options{SecretKey: secretKey, Guard: webhook.Guard{AllowPrivate: true}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSplitModel(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ provider, model, wantP, wantM string }{
		{"", "openai:gpt-4o", "openai", "gpt-4o"},
		{"openai", "gpt-4o", "openai", "gpt-4o"},
		{"openai", "openai:gpt-4o", "openai", "gpt-4o"},
		{"ollama", "qwen2.5:7b", "ollama", "qwen2.5:7b"},
		{"", "ollama:qwen2.5:7b", "ollama", "qwen2.5:7b"},
		{"ollama", "llama3:8b", "ollama", "llama3:8b"},
	} {
		p, m, err := splitModel(c.provider, c.model)
		if err != nil || p != c.wantP || m != c.wantM {
			t.Errorf("splitModel(%q, %q) = %q, %q, %v", c.provider, c.model, p, m, err)
		}
	}
	for _, bad := range [][2]string{{"", ""}, {"", "gpt-4o"}, {"openai", ""}, {"", "Open:x"}} {
		var ie *InputError
		if _, _, err := splitModel(bad[0], bad[1]); !errors.As(err, &ie) {
			t.Errorf("splitModel(%q, %q): %v, want an InputError", bad[0], bad[1], err)
		}
	}
}

func TestSavedKeyFollowsProviderAndAddress(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	s := newService(t, st, key32)
	if _, err := s.Save(ctx, "acme", "key_1", Input{Model: "openai:gpt-4o", APIKey: "sk-1", BaseURL: "http://10.0.0.1/v1"}); err != nil {
		t.Fatal(err)
	}
	row, _ := s.Save(ctx, "acme", "key_1", Input{Model: "openai:gpt-4o-mini", BaseURL: "http://10.0.0.1/v1"})
	if row.SealedKey == "" {
		t.Fatal("changing only the model dropped the key")
	}
	row, _ = s.Save(ctx, "acme", "key_1", Input{Model: "openai:gpt-4o-mini", BaseURL: "http://10.0.0.2/v1"})
	if row.SealedKey != "" {
		t.Fatal("the saved key followed a new base_url: an admin could send it anywhere")
	}
	s.Save(ctx, "acme", "key_1", Input{Model: "openai:gpt-4o", APIKey: "sk-1"})
	if row, _ = s.Save(ctx, "acme", "key_1", Input{Model: "openai:gpt-4o", ClearKey: true}); row.SealedKey != "" {
		t.Fatal("clear_api_key kept the key")
	}
}

func TestClientCacheAndUnusableSettings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	s := newService(t, st, key32)
	if c, err := s.Client(ctx, "acme"); c != nil || err != nil {
		t.Fatalf("no settings: %v, %v", c, err)
	}
	s.Save(ctx, "acme", "", Input{Model: "openai:gpt-4o", APIKey: "sk-1"})
	c1, err := s.Client(ctx, "acme")
	if err != nil || c1 == nil || c1.Model() != "openai:gpt-4o" {
		t.Fatalf("client: %v, %v", c1, err)
	}
	if c2, _ := s.Client(ctx, "acme"); c2 != c1 {
		t.Fatal("the client was rebuilt although the settings did not change")
	}
	// Another process changes the settings: only updated_at tells.
	changed, _ := st.LLMSettingsGet(ctx, "acme")
	changed.Model, changed.UpdatedAt = "gpt-4o-mini", changed.UpdatedAt.Add(time.Second)
	st.LLMSettingsPut(ctx, changed)
	if c3, _ := s.Client(ctx, "acme"); c3 == c1 || c3.Model() != "openai:gpt-4o-mini" {
		t.Fatal("a change of settings did not reach the client")
	}

	// A sealed key copied into another workspace's row does not open.
	row, _ := st.LLMSettingsGet(ctx, "acme")
	row.WorkspaceID = "globex"
	st.LLMSettingsPut(ctx, row)
	if _, err := s.Client(ctx, "globex"); !errors.Is(err, secret.ErrOpen) {
		t.Fatalf("copied key: %v", err)
	}
	// The engine's hook then gives a client without a model (the stages
	// skip) rather than the server's own model.
	c := s.ClientFor(tenant.With(ctx, tenant.Principal{WorkspaceID: "globex"}))
	if ok, _ := c.Configured(); c == nil || ok {
		t.Fatalf("unusable settings gave a usable client: %v", c)
	}
	// A process with another QUARRY_SECRET_KEY cannot open acme's key either.
	other := newService(t, st, key32+"-other")
	if _, err := other.Client(ctx, "acme"); !errors.Is(err, secret.ErrOpen) {
		t.Fatalf("other key: %v", err)
	}
	if c := other.ClientFor(tenant.With(ctx, tenant.Principal{WorkspaceID: "default"})); c != nil {
		t.Fatalf("a workspace without settings got %v, want nil (the engine's)", c.Model())
	}
}

// Calls of a workspace's client reach the observer (/metrics), with the
// key it was saved with, through the guarded client.
func TestWorkspaceClientCallsAreObserved(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.OpenAIChat("hi", 3, 1, 0))
	s := newService(t, newStore(t), key32)
	var seen []llm.CallRecord
	s.SetObserver(func(r llm.CallRecord) { seen = append(seen, r) })
	if _, err := s.Save(ctx, "acme", "", Input{Model: "vllm:llama3", APIKey: "sk-obs", BaseURL: srv.URL + "/v1"}); err != nil {
		t.Fatal(err)
	}
	c, err := s.Client(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Complete(ctx, llm.Request{Agent: llm.AgentExtractor, Messages: []llm.Message{{Text: "x"}}}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0].Model != "vllm:llama3" || seen[0].Agent != llm.AgentExtractor {
		t.Fatalf("observed %+v", seen)
	}
	if got := srv.Requests()[0].Header.Get("Authorization"); got != "Bearer sk-obs" {
		t.Fatalf("Authorization %q", got)
	}
}
