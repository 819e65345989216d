package llm

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// AgentEmbedder keys the usage of embedding calls.
const AgentEmbedder = "embedder"

// EmbedBatch is the most texts sent in one embeddings request. Providers
// cap a request (OpenAI at 2,048 inputs and a token total), and smaller
// batches keep one failure from costing a whole corpus.
const EmbedBatch = 64

// ErrNoEmbeddingModel is returned by Embed when no model is set.
var ErrNoEmbeddingModel = errors.New("no embedding model configured (set QUARRY_EMBEDDING_MODEL, e.g. openai:text-embedding-3-small)")

// EmbeddingModel is the configured "provider:model" ("" = none).
func (c *Client) EmbeddingModel() string {
	if c == nil {
		return ""
	}
	return c.cfg.EmbeddingModel
}

// Embed returns one vector per text, in order, asking the embedding
// model in batches of EmbedBatch. Each batch is one metered call (agent
// embedder); the first failing batch ends the call. Only the
// OpenAI-compatible family embeds: Anthropic has no embeddings API.
func (c *Client) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	model := c.EmbeddingModel()
	if model == "" {
		return nil, ErrNoEmbeddingModel
	}
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
	emb, ok := p.(Embedder)
	if !ok {
		return nil, fmt.Errorf("embedding model %s: provider %s has no embeddings API (use an OpenAI-compatible one)", model, pname)
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += EmbedBatch {
		batch := texts[start:min(start+EmbedBatch, len(texts))]
		vecs, err := c.embedOnce(ctx, emb, slots, model, mname, batch)
		if err != nil {
			return nil, fmt.Errorf("llm %s: texts %d-%d: %w", model, start, start+len(batch)-1, err)
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (c *Client) embedOnce(ctx context.Context, emb Embedder, slots chan struct{}, model, mname string, batch []string) ([][]float32, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	select {
	case slots <- struct{}{}:
		defer func() { <-slots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("waiting for a free slot: %w", ctx.Err())
	}
	start := time.Now()
	vecs, u, err := emb.Embed(ctx, mname, batch)
	c.record(ctx, AgentEmbedder, model, u, time.Since(start), err)
	if err == nil && len(vecs) != len(batch) {
		err = fmt.Errorf("%d vectors for %d texts", len(vecs), len(batch))
	}
	return vecs, err
}
