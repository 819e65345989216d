package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/quarrydev/quarry/internal/llm"
)

// llmMetrics count model calls by provider, model and agent. Agents are a
// closed set in code; models are labelled only when configured (primary
// and fallback): a caller's options.model is counted as "other", since a
// label taken from requests would let callers grow the series unbounded.
type llmMetrics struct {
	calls  *prometheus.CounterVec
	tokens *prometheus.CounterVec
	cost   *prometheus.CounterVec
	known  map[string]bool
}

func newLLMMetrics(reg prometheus.Registerer, configured ...string) *llmMetrics {
	m := &llmMetrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quarry_llm_calls_total", Help: "Language-model calls by provider, model, agent and outcome (ok|error).",
		}, []string{"provider", "model", "agent", "outcome"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quarry_llm_tokens_total", Help: "Language-model tokens by provider, model, agent and kind (input|output|cache_write|cache_read).",
		}, []string{"provider", "model", "agent", "kind"}),
		cost: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quarry_llm_cost_usd_total", Help: "Priced cost of language-model calls in USD by provider, model and agent.",
		}, []string{"provider", "model", "agent"}),
		known: map[string]bool{},
	}
	for _, c := range configured {
		if c != "" {
			m.known[c] = true
		}
	}
	reg.MustRegister(m.calls, m.tokens, m.cost)
	return m
}

// observe implements the llm client's observer.
func (m *llmMetrics) observe(rec llm.CallRecord) {
	model := rec.Model
	if !m.known[model] {
		model = "other:other"
	}
	provider, name, _ := llm.ParseModel(model)
	outcome := "ok"
	if rec.Err != nil {
		outcome = "error"
	}
	m.calls.WithLabelValues(provider, name, rec.Agent, outcome).Inc()
	for kind, n := range map[string]int64{"input": rec.Usage.InputTokens, "output": rec.Usage.OutputTokens,
		"cache_write": rec.Usage.CacheCreationTokens, "cache_read": rec.Usage.CacheReadTokens} {
		if n > 0 {
			m.tokens.WithLabelValues(provider, name, rec.Agent, kind).Add(float64(n))
		}
	}
	m.cost.WithLabelValues(provider, name, rec.Agent).Add(rec.CostUSD)
}
