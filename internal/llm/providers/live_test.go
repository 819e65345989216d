package providers

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/llm"
)

// TestLive calls real providers when their credentials are given
// (QUARRY_TEST_OPENAI_KEY, QUARRY_TEST_ANTHROPIC_KEY, QUARRY_TEST_OLLAMA_URL
// with QUARRY_TEST_OLLAMA_MODEL) and skips otherwise.
func TestLive(t *testing.T) {
	cases := []struct {
		name, model string
		env         map[string]string
	}{
		{"openai", "openai:gpt-4o-mini", map[string]string{"QUARRY_OPENAI_API_KEY": os.Getenv("QUARRY_TEST_OPENAI_KEY")}},
		{"anthropic", "anthropic:claude-haiku-4-5", map[string]string{"QUARRY_ANTHROPIC_API_KEY": os.Getenv("QUARRY_TEST_ANTHROPIC_KEY")}},
		{"ollama", "ollama:" + os.Getenv("QUARRY_TEST_OLLAMA_MODEL"), map[string]string{"QUARRY_OLLAMA_BASE_URL": os.Getenv("QUARRY_TEST_OLLAMA_URL")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				if v == "" {
					t.Skipf("live %s test: %s is not set", c.name, k)
				}
			}
			cl, err := New(Settings{Model: c.model, Getenv: func(k string) string { return c.env[k] }})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			meter := llm.NewMeter(nil)
			resp, err := cl.Complete(llm.WithMeter(ctx, meter), llm.Request{
				Agent: llm.AgentExtractor, SchemaName: "invoice", MaxTokens: 200,
				Schema:   []byte(`{"type":"object","properties":{"total":{"type":"number"}},"required":["total"]}`),
				Messages: []llm.Message{{Text: "Invoice 17. Subtotal 80.00, VAT 20.00, TOTAL DUE 100.00 EUR. Return the total."}},
			})
			if err != nil {
				t.Fatal(err)
			}
			var got struct{ Total float64 }
			if err := json.Unmarshal(resp.JSON, &got); err != nil || got.Total != 100 {
				t.Fatalf("%s answered %s (%v), want total 100", resp.Model, resp.JSON, err)
			}
			if s, _ := meter.Summary(); s.TotalTokens == 0 {
				t.Fatalf("no usage reported for %s", resp.Model)
			}
		})
	}
}
