package llm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/quarrydev/quarry/internal/obs"
)

// ErrNotConfigured means no model is set: stages report themselves
// skipped with this reason rather than pretend.
var ErrNotConfigured = errors.New("no LLM configured (set QUARRY_MODEL, e.g. openai:gpt-4o or anthropic:claude-sonnet-4-6)")

// ErrUnknownProvider is a model string naming a provider nobody registered.
var ErrUnknownProvider = errors.New("unknown LLM provider")

// CallRecord describes one finished call for metrics.
type CallRecord struct {
	Agent   string
	Model   string
	Usage   Usage
	CostUSD float64
	Latency time.Duration
	Err     error
}

// Config sets up a Client.
type Config struct {
	// Model is the default "provider:model"; empty = no LLM.
	Model string
	// FallbackModel answers when a call to the primary fails after its
	// retries; empty = none.
	FallbackModel string
	// EmbeddingModel is "provider:model" for Embed (QUARRY_EMBEDDING_MODEL);
	// "" means Embed answers ErrNoEmbeddingModel.
	EmbeddingModel string
	// Timeout bounds one call including the SDK's retries (default 120 s).
	Timeout time.Duration
	// MaxConcurrent caps calls in flight per provider (default 4): a batch
	// of documents must not open hundreds of connections to one API.
	MaxConcurrent int
	Pricing       *Pricing
	// Observe, when set, sees every call (Prometheus counters).
	Observe func(CallRecord)
}

// Client routes calls to registered providers, meters and validates them.
type Client struct {
	cfg       Config
	mu        sync.Mutex
	providers map[string]Provider
	slots     map[string]chan struct{}
}

// NewClient returns a client with no providers; Register adds them.
func NewClient(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 120 * time.Second
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 4
	}
	if cfg.Pricing == nil {
		cfg.Pricing = DefaultPricing()
	}
	return &Client{cfg: cfg, providers: map[string]Provider{}, slots: map[string]chan struct{}{}}
}

// Register makes a provider answer for model strings that start with
// name + ":". Registering a name twice is a wiring bug and panics.
func (c *Client) Register(name string, p Provider) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.providers[name]; dup {
		panic("llm: provider registered twice: " + name)
	}
	c.providers[name] = p
	c.slots[name] = make(chan struct{}, c.cfg.MaxConcurrent)
}

// Configured reports whether a default model is set and its provider is
// registered; the reason says what is missing.
func (c *Client) Configured() (bool, string) {
	if c == nil || c.cfg.Model == "" {
		return false, ErrNotConfigured.Error()
	}
	p, _, err := ParseModel(c.cfg.Model)
	if err != nil {
		return false, err.Error()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.providers[p] == nil {
		return false, fmt.Sprintf("%v %q (model %s)", ErrUnknownProvider, p, c.cfg.Model)
	}
	return true, ""
}

// SetObserver makes fn see every call from now on (metrics are wired
// after the client is built, by the HTTP server that owns the registry).
func (c *Client) SetObserver(fn func(CallRecord)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.Observe = fn
}

// Model is the default model string.
func (c *Client) Model() string { return c.cfg.Model }

// Pricing is the table calls are priced with.
func (c *Client) Pricing() *Pricing { return c.cfg.Pricing }

// Complete runs a request on its model, or the default one, and on the
// fallback model when the first fails. A schema answer is validated; an
// answer outside the schema counts as a failure (and goes to the fallback).
func (c *Client) Complete(ctx context.Context, req Request) (*Response, error) {
	model := req.Model
	if model == "" {
		model = c.cfg.Model
	}
	if model == "" {
		return nil, ErrNotConfigured
	}
	resp, err := c.once(ctx, model, req)
	if err == nil || c.cfg.FallbackModel == "" || c.cfg.FallbackModel == model || ctx.Err() != nil {
		return resp, err
	}
	obs.Logger(ctx).Warn("llm_fallback", "agent", req.Agent, "model", model, "fallback", c.cfg.FallbackModel, "err", err)
	resp, ferr := c.once(ctx, c.cfg.FallbackModel, req)
	if ferr != nil {
		return nil, fmt.Errorf("%w; fallback %s: %v", err, c.cfg.FallbackModel, ferr)
	}
	return resp, nil
}

func (c *Client) once(ctx context.Context, model string, req Request) (*Response, error) {
	pname, mname, err := ParseModel(model)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	p, slots := c.providers[pname], c.slots[pname]
	c.mu.Unlock()
	if p == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownProvider, pname)
	}
	var sch *compiledSchema
	if len(req.Schema) > 0 {
		if sch, err = compileSchema(req.Schema); err != nil {
			return nil, err
		}
	}
	timeout := req.Timeout
	if timeout <= 0 {
		timeout = c.cfg.Timeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("llm %s: waiting for a free slot: %w", model, ctx.Err())
	}

	start := time.Now()
	text, usage, err := p.Complete(ctx, Call{Request: req, ModelName: mname})
	latency := time.Since(start)
	resp := &Response{Text: text, Model: model, Usage: usage, Latency: latency}
	if err == nil && sch != nil {
		resp.JSON, err = sch.check(text)
	}
	c.record(ctx, req.Agent, model, usage, latency, err)
	if err != nil {
		return nil, fmt.Errorf("llm %s: %w", model, err)
	}
	return resp, nil
}

// record meters a call (tokens spent on a failed answer are still spent),
// logs one outbound_call line and feeds the observer.
func (c *Client) record(ctx context.Context, agent, model string, u Usage, latency time.Duration, err error) {
	cost := 0.0
	if m := MeterFrom(ctx); m != nil && (u.Total() > 0 || err == nil) {
		cost = m.Add(agent, model, u, latency)
	} else {
		cost, _ = c.cfg.Pricing.Cost(model, u)
	}
	attrs := []any{"agent", agent, "model", model,
		"input_tokens", u.InputTokens, "output_tokens", u.OutputTokens,
		"cache_creation_tokens", u.CacheCreationTokens, "cache_read_tokens", u.CacheReadTokens,
		"cost_usd", cost, "latency_ms", float64(latency.Microseconds()) / 1000}
	if err != nil {
		attrs = append(attrs, "err", err.Error())
	}
	obs.Logger(ctx).Info("outbound_call", attrs...)
	c.mu.Lock()
	observe := c.cfg.Observe
	c.mu.Unlock()
	if observe != nil {
		observe(CallRecord{Agent: agent, Model: model, Usage: u, CostUSD: cost, Latency: latency, Err: err})
	}
}
