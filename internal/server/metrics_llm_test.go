package server

import (
	"errors"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/quarrydev/quarry/internal/llm"
)

func TestLLMMetricsCountCallsTokensAndCostWithBoundedLabels(t *testing.T) {
	t.Parallel()
	reg := prometheus.NewRegistry()
	m := newLLMMetrics(reg, "openai:gpt-4o-mini")
	m.observe(llm.CallRecord{Agent: llm.AgentExtractor, Model: "openai:gpt-4o-mini", Usage: llm.Usage{InputTokens: 100, OutputTokens: 20, CacheReadTokens: 50}, CostUSD: 0.25})
	m.observe(llm.CallRecord{Agent: llm.AgentJudge, Model: "openai:caller-chosen-" + strings.Repeat("x", 10), Err: errors.New("boom")})
	if got := testutil.ToFloat64(m.calls.WithLabelValues("openai", "gpt-4o-mini", "extractor", "ok")); got != 1 {
		t.Fatalf("calls = %v", got)
	}
	if got := testutil.ToFloat64(m.tokens.WithLabelValues("openai", "gpt-4o-mini", "extractor", "cache_read")); got != 50 {
		t.Fatalf("cache_read tokens = %v", got)
	}
	if got := testutil.ToFloat64(m.cost.WithLabelValues("openai", "gpt-4o-mini", "extractor")); got != 0.25 {
		t.Fatalf("cost = %v", got)
	}
	// A model the operator did not configure is not a label of its own.
	if got := testutil.ToFloat64(m.calls.WithLabelValues("other", "other", "judge", "error")); got != 1 {
		t.Fatalf("unconfigured model calls = %v", got)
	}
	if n := testutil.CollectAndCount(m.calls); n != 2 {
		t.Fatalf("%d call series, want 2", n)
	}
}
