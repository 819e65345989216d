// Package llm is Quarry's narrow seam to language models. Stages ask for a
// Completion (text, or JSON that must match a schema) and never see a
// provider's SDK; providers live in sub-packages (llm/openai,
// llm/anthropic) and register under the name a model string starts with
// ("anthropic:claude-sonnet-4-6", "ollama:qwen2.5:7b").
//
// Everything a call costs is counted: a Meter collects tokens, cache use,
// latency and the priced cost per agent and per model for one request, so
// pipeline.usage is exact and never estimated after the fact.
package llm

import (
	"context"
	"encoding/json"
	"time"
)

// Agents name the pipeline roles that call a model; usage is broken down
// by them (pipeline.usage.by_agent).
const (
	AgentExtractor  = "extractor"
	AgentClassifier = "classifier"
	AgentSplitter   = "splitter"
	AgentJudge      = "judge"
	AgentVisual     = "visual"
	AgentContent    = "content"
	AgentRules      = "rule-engine"
	AgentTransform  = "transform"
)

// Image is one picture sent with a message (a rendered page).
type Image struct {
	MediaType string // image/png or image/jpeg
	Data      []byte
}

// Message is one user turn: text and optional images.
type Message struct {
	Text   string
	Images []Image
}

// Request is one model call.
type Request struct {
	Agent  string // one of the Agent constants; usage is keyed by it
	Model  string // "provider:model"; empty means the client's default
	System string // instructions; cached by providers that can
	// Messages are user turns in order. Most stages send one.
	Messages []Message
	// Schema, when set, is the JSON Schema the answer must satisfy. The
	// provider asks for structured output in its own way (response_format
	// json_schema, or a forced tool call whose input schema it is) and the
	// client validates the answer against it before returning.
	Schema     json.RawMessage
	SchemaName string
	MaxTokens  int
	// Timeout bounds this call, retries included; 0 = the client default.
	Timeout time.Duration
}

// Usage is what one call consumed, as the provider reported it.
type Usage struct {
	InputTokens         int64
	OutputTokens        int64
	CacheCreationTokens int64
	CacheReadTokens     int64
}

// Total is input plus output tokens.
func (u Usage) Total() int64 { return u.InputTokens + u.OutputTokens }

// Response is a model's answer.
type Response struct {
	Text  string          // the answer as text
	JSON  json.RawMessage // set when the request had a Schema: the validated answer
	Model string          // "provider:model" that answered (after any fallback)
	Usage Usage
	// Latency is the wall time of the call, retries included.
	Latency time.Duration
}

// Call is a provider's view of a request: the model name without its
// provider prefix.
type Call struct {
	Request
	ModelName string
}

// Provider talks to one family of APIs.
type Provider interface {
	// Complete performs one call. It returns the raw answer text (for a
	// schema request, the JSON the model produced) and the usage.
	Complete(ctx context.Context, c Call) (text string, u Usage, err error)
}

// Embedder turns texts into vectors (OpenAI-compatible /embeddings).
type Embedder interface {
	Embed(ctx context.Context, model string, texts []string) ([][]float32, Usage, error)
}
