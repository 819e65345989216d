package anthropic_test

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/anthropic"
	"github.com/quarrydev/quarry/internal/llm/llmtest"
)

func client(srv *llmtest.Server) *llm.Client {
	c := llm.NewClient(llm.Config{Model: "anthropic:claude-sonnet-4-6"})
	c.Register("anthropic", anthropic.New(anthropic.Config{APIKey: "sk-ant-test", BaseURL: srv.URL, MaxRetries: 1}))
	return c
}

func TestForcedToolCallCarriesTheSchemaAndCacheUsageIsPriced(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.AnthropicToolUse("invoice", map[string]any{"total": 93.07},
		llmtest.AnthropicUsage{Input: 100, Output: 20, CacheWrite: 2000, CacheRead: 0}))
	meter := llm.NewMeter(nil)
	resp, err := client(srv).Complete(llm.WithMeter(context.Background(), meter), llm.Request{
		Agent: llm.AgentJudge, System: "You check invoices.", SchemaName: "invoice",
		Schema:   []byte(`{"type":"object","properties":{"total":{"type":"number"}},"required":["total"],"additionalProperties":false}`),
		Messages: []llm.Message{{Text: "TOTAL 93.07", Images: []llm.Image{{MediaType: "image/png", Data: []byte("png")}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.JSON) != `{"total":93.07}` {
		t.Fatalf("answer %s", resp.JSON)
	}
	// The key travels as the SDK of this version sends it (a bearer token).
	req := srv.Requests()[0]
	if req.Path != "/v1/messages" || req.Header.Get("Authorization") != "Bearer sk-ant-test" || req.Header.Get("Anthropic-Version") == "" {
		t.Fatalf("request %s %v", req.Path, req.Header)
	}
	tools, _ := req.Body["tools"].([]any)
	tool, _ := tools[0].(map[string]any)
	schema, _ := tool["input_schema"].(map[string]any)
	choice, _ := req.Body["tool_choice"].(map[string]any)
	if tool["name"] != "invoice" || schema["additionalProperties"] != false || choice["type"] != "tool" || choice["name"] != "invoice" {
		t.Fatalf("tool %v choice %v", tool, choice)
	}
	// The system prompt is marked for caching; the image goes as base64.
	if !strings.Contains(string(req.Raw), `"cache_control":{"type":"ephemeral"}`) || !strings.Contains(string(req.Raw), `"media_type":"image/png"`) {
		t.Fatalf("body %s", req.Raw)
	}
	if req.Body["max_tokens"] != float64(4096) || req.Body["model"] != "claude-sonnet-4-6" {
		t.Fatalf("max_tokens/model %v %v", req.Body["max_tokens"], req.Body["model"])
	}
	sum, _ := meter.Summary()
	// Sonnet: 3 in, 15 out, cache writes at 1.25 x input, per million.
	want := (100*3.0 + 20*15.0 + 2000*3.75) / 1e6
	if sum.CacheCreationTokens != 2000 || sum.TotalInputTokens != 2100 || diff(sum.ByModel["anthropic:claude-sonnet-4-6"].CostUSD, want) > 1e-12 {
		t.Fatalf("summary %+v, want cost %v", sum, want)
	}
}

func TestMissingToolCallIsAnError(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.AnthropicText("I cannot find a total.", llmtest.AnthropicUsage{Input: 10, Output: 5}))
	_, err := client(srv).Complete(context.Background(), llm.Request{
		Schema: []byte(`{"type":"object"}`), Messages: []llm.Message{{Text: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "no answer tool call") {
		t.Fatalf("err %v", err)
	}
}

func TestPlainTextAndOverloadRetry(t *testing.T) {
	t.Parallel()
	srv := llmtest.New(t, nil)
	srv.Script(llmtest.Error(529, "overloaded", map[string]string{"retry-after-ms": "10"}),
		llmtest.AnthropicText("valid", llmtest.AnthropicUsage{Input: 3, Output: 1}))
	resp, err := client(srv).Complete(context.Background(), llm.Request{Messages: []llm.Message{{Text: "x"}}})
	if err != nil || resp.Text != "valid" || len(srv.Requests()) != 2 {
		t.Fatalf("resp %+v err %v requests %d", resp, err, len(srv.Requests()))
	}
}

func diff(a, b float64) float64 {
	if a > b {
		return a - b
	}
	return b - a
}
