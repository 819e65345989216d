package llm

import (
	"context"
	"sync"
	"time"
)

// Line is one agent's or one model's share of a request's usage.
type Line struct {
	InputTokens  int64   // every prompt token: uncached, cache writes and cache reads
	OutputTokens int64   //
	TotalTokens  int64   // input + output
	CostUSD      float64 //
}

// Summary is a request's LLM usage, the source of pipeline.usage.
type Summary struct {
	TotalInputTokens    int64
	TotalOutputTokens   int64
	TotalTokens         int64
	TotalCostUSD        float64
	TotalLatency        time.Duration
	Calls               int // record_count: calls that returned usage
	CacheCreationTokens int64
	CacheReadTokens     int64
	Unpriced            int // calls whose model has no price in the table
	ByAgent             map[string]Line
	ByModel             map[string]Line
}

// Meter adds up one request's calls. It is safe for concurrent use:
// stages call models in parallel.
type Meter struct {
	pricing *Pricing
	mu      sync.Mutex
	sum     Summary
}

// NewMeter starts an empty meter pricing with p (nil = the shipped table).
func NewMeter(p *Pricing) *Meter {
	if p == nil {
		p = DefaultPricing()
	}
	return &Meter{pricing: p, sum: Summary{ByAgent: map[string]Line{}, ByModel: map[string]Line{}}}
}

// Add records one finished call and returns its priced cost.
func (m *Meter) Add(agent, model string, u Usage, latency time.Duration) float64 {
	cost, priced := m.pricing.Cost(model, u)
	in := u.InputTokens + u.CacheCreationTokens + u.CacheReadTokens
	line := Line{InputTokens: in, OutputTokens: u.OutputTokens, TotalTokens: in + u.OutputTokens, CostUSD: cost}
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.sum
	s.TotalInputTokens += line.InputTokens
	s.TotalOutputTokens += line.OutputTokens
	s.TotalTokens += line.TotalTokens
	s.TotalCostUSD += cost
	s.TotalLatency += latency
	s.Calls++
	s.CacheCreationTokens += u.CacheCreationTokens
	s.CacheReadTokens += u.CacheReadTokens
	if !priced {
		s.Unpriced++
	}
	s.ByAgent[agent] = addLine(s.ByAgent[agent], line)
	s.ByModel[model] = addLine(s.ByModel[model], line)
	return cost
}

func addLine(a, b Line) Line {
	return Line{
		InputTokens:  a.InputTokens + b.InputTokens,
		OutputTokens: a.OutputTokens + b.OutputTokens,
		TotalTokens:  a.TotalTokens + b.TotalTokens,
		CostUSD:      a.CostUSD + b.CostUSD,
	}
}

// Summary returns a copy of what the meter holds; ok is false when no call
// was made (pipeline.usage is then null).
func (m *Meter) Summary() (Summary, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.sum
	s.ByAgent, s.ByModel = map[string]Line{}, map[string]Line{}
	for k, v := range m.sum.ByAgent {
		s.ByAgent[k] = v
	}
	for k, v := range m.sum.ByModel {
		s.ByModel[k] = v
	}
	return s, s.Calls > 0
}

type meterKey struct{}

// WithMeter returns a context whose model calls are counted on m.
func WithMeter(ctx context.Context, m *Meter) context.Context {
	return context.WithValue(ctx, meterKey{}, m)
}

// MeterFrom returns the context's meter, or nil.
func MeterFrom(ctx context.Context) *Meter {
	m, _ := ctx.Value(meterKey{}).(*Meter)
	return m
}
