package config

import (
	"strings"
	"testing"
	"time"
)

func lookupFrom(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := FromLookup(lookupFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.SyncTimeout != 60*time.Second || c.Limits.MaxBytes != 32<<20 ||
		c.Limits.MaxDepth != 3 || c.Limits.MaxFiles != 50 || len(c.APIKeys) != 0 || c.DatabaseURL != "data/quarry.db" {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestOverridesAndErrors(t *testing.T) {
	t.Parallel()
	c, err := FromLookup(lookupFrom(map[string]string{
		"QUARRY_API_KEYS": " a, b ,,", "QUARRY_SYNC_TIMEOUT_S": "0.5", "QUARRY_MAX_BYTES": "10",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.APIKeys) != 2 || c.APIKeys[1] != "b" || c.SyncTimeout != 500*time.Millisecond || c.Limits.MaxBytes != 10 {
		t.Fatalf("config = %+v", c)
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_MAX_BYTES": "lots"})); err == nil {
		t.Fatal("bad integer accepted")
	}
}

func TestConfigPGVector(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "auto", "auto": "auto", "off": "off"} {
		env := map[string]string{}
		if in != "" {
			env["QUARRY_PGVECTOR"] = in
		}
		c, err := FromLookup(lookupFrom(env))
		if err != nil || c.PGVector != want {
			t.Errorf("QUARRY_PGVECTOR=%q: %q, %v; want %q", in, c.PGVector, err, want)
		}
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_PGVECTOR": "on"})); err == nil || !strings.Contains(err.Error(), "QUARRY_PGVECTOR") {
		t.Fatalf("QUARRY_PGVECTOR=on accepted: %v", err)
	}
}

func TestAuthAndMailSettings(t *testing.T) {
	t.Parallel()
	c, err := FromLookup(lookupFrom(map[string]string{
		"QUARRY_SMTP_URL": "smtp://u:p@mail.example.com:587", "QUARRY_SMTP_FROM": "q@example.com",
		"QUARRY_AUTH_SECRET": "0123456789abcdef0123456789abcdef",
	}))
	if err != nil || c.SMTPURL != "smtp://u:p@mail.example.com:587" || c.SMTPFrom != "q@example.com" ||
		c.AuthSecret != "0123456789abcdef0123456789abcdef" || c.PublicURL != "http://localhost:8080" {
		t.Fatalf("config = %+v, %v", c, err)
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_AUTH_SECRET": "short"})); err == nil {
		t.Fatal("a short signing key was accepted")
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_SECRET_KEY": "short"})); err == nil {
		t.Fatal("a short sealing key was accepted")
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_SMTP_URL": "smtp://mail.example.com"})); err == nil {
		t.Fatal("an SMTP URL without a sender was accepted")
	}
	if _, err := FromLookup(lookupFrom(map[string]string{"QUARRY_SMTP_URL": "mail.example.com:25", "QUARRY_SMTP_FROM": "q@example.com"})); err == nil {
		t.Fatal("an SMTP address without the smtp:// scheme was accepted")
	}
}

func TestLLMSettings(t *testing.T) {
	t.Parallel()
	c, err := FromLookup(lookupFrom(map[string]string{
		"QUARRY_MODEL": "ollama:qwen2.5:7b", "QUARRY_OLLAMA_BASE_URL": "http://gpu:11434/v1", "QUARRY_LLM_MAX_CONCURRENT": "2",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.LLM.Model != "ollama:qwen2.5:7b" || c.LLM.MaxConcurrent != 2 || c.LLM.Env("QUARRY_OLLAMA_BASE_URL") != "http://gpu:11434/v1" {
		t.Fatalf("llm = %+v", c.LLM)
	}
	for _, bad := range []map[string]string{{"QUARRY_MODEL": "gpt-4o"}, {"QUARRY_FALLBACK_MODEL": "Bad:x"}, {"QUARRY_EMBEDDING_MODEL": ":x"}} {
		if _, err := FromLookup(lookupFrom(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
