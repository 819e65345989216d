package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/llm"
)

// pickClient chooses the run's client once: the workspace's own when the
// ClientFor hook gives one, else the engine's.
func (e *Engine) pickClient(ctx context.Context) *llm.Client {
	if e.ClientFor != nil {
		if c := e.ClientFor(ctx); c != nil {
			return c
		}
	}
	return e.LLM
}

// client is the model client of run r. Stages call models through it,
// never through e.LLM, so a workspace's own settings apply.
func (e *Engine) client(r *Run) *llm.Client {
	if r != nil && r.llm != nil {
		return r.llm
	}
	return e.LLM
}

// llmReady reports whether run r may call a model: its client is
// configured. The reason is the trace's skip reason otherwise.
func (e *Engine) llmReady(r *Run) (bool, string) {
	c := e.client(r)
	if c == nil {
		return false, e.caps.llmSkip()
	}
	return c.Configured()
}

// withMeter starts counting the run's model calls.
func (e *Engine) withMeter(ctx context.Context, r *Run) context.Context {
	if ok, _ := e.llmReady(r); !ok {
		return ctx
	}
	pricing := e.client(r).Pricing()
	r.meter = llm.NewMeter(pricing)
	return llm.WithMeter(ctx, r.meter)
}

// usage is pipeline.usage: null when no model was called.
func (r *Run) usage() *api.Usage {
	if r.meter == nil {
		return nil
	}
	s, ok := r.meter.Summary()
	if !ok {
		return nil
	}
	u := &api.Usage{
		TotalInputTokens:    int(s.TotalInputTokens),
		TotalOutputTokens:   int(s.TotalOutputTokens),
		TotalTokens:         int(s.TotalTokens),
		TotalCostUSD:        round6(s.TotalCostUSD),
		TotalRequests:       s.Calls,
		TotalLatencyMS:      ms(s.TotalLatency),
		RecordCount:         s.Calls,
		CacheCreationTokens: int(s.CacheCreationTokens),
		CacheReadTokens:     int(s.CacheReadTokens),
		ByAgent:             map[string]api.UsageBreak{},
		ByModel:             map[string]api.UsageBreak{},
	}
	for k, v := range s.ByAgent {
		u.ByAgent[k] = usageBreak(v)
	}
	for k, v := range s.ByModel {
		u.ByModel[k] = usageBreak(v)
	}
	return u
}

func usageBreak(l llm.Line) api.UsageBreak {
	return api.UsageBreak{InputTokens: int(l.InputTokens), OutputTokens: int(l.OutputTokens), TotalTokens: int(l.TotalTokens), CostUSD: round6(l.CostUSD)}
}

func round6(v float64) float64 { return float64(int64(v*1e6+0.5)) / 1e6 }

// model is the model this run asks: options.model, else the configured one.
func (e *Engine) model(r *Run) string {
	if r.Options.Model != "" {
		return r.Options.Model
	}
	if c := e.client(r); c != nil {
		return c.Model()
	}
	return ""
}
