package llm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseModel(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, p, m, err string }{
		{in: "anthropic:claude-sonnet-4-6", p: "anthropic", m: "claude-sonnet-4-6"},
		{in: "ollama:qwen2.5:7b", p: "ollama", m: "qwen2.5:7b"},
		{in: " openai:gpt-4o ", p: "openai", m: "gpt-4o"},
		{in: "gpt-4o", err: "want provider:model"},
		{in: ":gpt-4o", err: "want provider:model"},
		{in: "OpenAI:gpt-4o", err: "outside"},
	}
	for _, c := range cases {
		p, m, err := ParseModel(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%q: err %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || p != c.p || m != c.m {
			t.Errorf("%q: %q %q %v", c.in, p, m, err)
		}
	}
}

func TestPricingLongestPrefixWins(t *testing.T) {
	t.Parallel()
	p := DefaultPricing()
	cases := []struct {
		model string
		input float64
		found bool
	}{
		{"openai:gpt-4o-2024-08-06", 2.50, true},
		{"openai:gpt-4o-mini-2024-07-18", 0.15, true},
		{"anthropic:claude-opus-4-7", 5, true},
		{"anthropic:claude-opus-4-1-20250805", 15, true},
		{"ollama:qwen2.5:7b", 0, true},
		{"groq:llama-3.3-70b", 0, false},
	}
	for _, c := range cases {
		pr, ok := p.Lookup(c.model)
		if ok != c.found || pr.Input != c.input {
			t.Errorf("%s: %+v %v", c.model, pr, ok)
		}
	}
	if _, priced := p.Cost("groq:llama-3.3-70b", Usage{InputTokens: 10}); priced {
		t.Error("an unknown model must be reported unpriced")
	}
}

func TestPricingFileOverridesAndIsChecked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "p.json")
	if err := os.WriteFile(good, []byte(`{"models":{"groq:llama":{"input":0.5,"output":1,"cache_read":0.1}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPricing(good)
	if err != nil {
		t.Fatal(err)
	}
	cost, ok := p.Cost("groq:llama-3.3-70b", Usage{InputTokens: 1e6, OutputTokens: 1e6, CacheReadTokens: 1e6})
	if !ok || cost != 1.6 {
		t.Fatalf("cost %v %v", cost, ok)
	}
	for _, bad := range []string{`{"models":{"nocolon":{"input":1}}}`, `{"models":{"a:b":{"input":-1}}}`, `not json`} {
		if _, err := ParsePricing([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestConfiguredSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	if ok, why := NewClient(Config{}).Configured(); ok || !strings.Contains(why, "QUARRY_MODEL") {
		t.Fatalf("%v %q", ok, why)
	}
	if ok, why := NewClient(Config{Model: "mystery:m"}).Configured(); ok || !strings.Contains(why, `"mystery"`) {
		t.Fatalf("%v %q", ok, why)
	}
	var nilClient *Client
	if ok, _ := nilClient.Configured(); ok {
		t.Fatal("a nil client is not configured")
	}
}

func TestPromptTextIsCutOnAWordAndPaged(t *testing.T) {
	t.Parallel()
	if got := CutText("short", 10); got != "short" {
		t.Fatalf("CutText kept %q", got)
	}
	if got := CutText("alpha beta gamma", 12); got != "alpha beta\n[text cut]" {
		t.Fatalf("CutText = %q", got)
	}
	if got := PagedText("one\ftwo", 100); got != "--- page 1 ---\none\n--- page 2 ---\ntwo\n" {
		t.Fatalf("PagedText = %q", got)
	}
}
