// Package openai is the OpenAI-compatible provider: OpenAI itself, Azure
// OpenAI, Mistral, Groq, Together, and local servers (Ollama, vLLM,
// llama.cpp) reached through a base URL. It speaks Chat Completions, the
// one API all of them share, through the official SDK.
package openai

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared"

	"github.com/quarrydev/quarry/internal/llm"
)

// Config reaches one OpenAI-compatible endpoint.
type Config struct {
	APIKey string
	// BaseURL is empty for api.openai.com, or e.g.
	// http://localhost:11434/v1 for Ollama.
	BaseURL string
	// MaxRetries is how often the SDK retries 408/409/429/5xx and dropped
	// connections, honouring Retry-After (0 = 2, negative = none).
	MaxRetries int
	HTTPClient *http.Client
}

// Provider is an OpenAI-compatible endpoint.
type Provider struct {
	client sdk.Client
	// local endpoints take the older max_tokens; OpenAI's newer models
	// only max_completion_tokens.
	legacyMaxTokens bool
}

// New builds a provider. A local server usually needs no key; the SDK
// still sends one, so a placeholder is used.
func New(cfg Config) *Provider {
	retries := cfg.MaxRetries
	switch {
	case retries == 0:
		retries = 2
	case retries < 0:
		retries = 0 // negative: no retries at all
	}
	key := cfg.APIKey
	if key == "" {
		key = "none"
	}
	opts := []option.RequestOption{option.WithAPIKey(key), option.WithMaxRetries(retries)}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	return &Provider{client: sdk.NewClient(opts...), legacyMaxTokens: cfg.BaseURL != ""}
}

// Complete sends one chat completion. With a schema it asks for
// response_format json_schema (non-strict: caller schemas need not follow
// strict mode's rules; the client validates the answer instead).
func (p *Provider) Complete(ctx context.Context, c llm.Call) (string, llm.Usage, error) {
	params := sdk.ChatCompletionNewParams{Model: c.ModelName, Messages: messages(c.Request)}
	if c.MaxTokens > 0 {
		if p.legacyMaxTokens {
			params.MaxTokens = sdk.Int(int64(c.MaxTokens))
		} else {
			params.MaxCompletionTokens = sdk.Int(int64(c.MaxTokens))
		}
	}
	if len(c.Schema) > 0 {
		var schema map[string]any
		if err := json.Unmarshal(c.Schema, &schema); err != nil {
			return "", llm.Usage{}, fmt.Errorf("schema: %w", err)
		}
		name := c.SchemaName
		if name == "" {
			name = "answer"
		}
		params.ResponseFormat = sdk.ChatCompletionNewParamsResponseFormatUnion{
			OfJSONSchema: &shared.ResponseFormatJSONSchemaParam{
				JSONSchema: shared.ResponseFormatJSONSchemaJSONSchemaParam{Name: name, Schema: schema},
			},
		}
	}
	resp, err := p.client.Chat.Completions.New(ctx, params)
	if err != nil {
		return "", llm.Usage{}, describe(err)
	}
	u := usage(resp.Usage)
	if len(resp.Choices) == 0 {
		return "", u, errors.New("answer has no choices")
	}
	ch := resp.Choices[0]
	if ch.Message.Refusal != "" {
		return "", u, fmt.Errorf("model refused: %s", ch.Message.Refusal)
	}
	return ch.Message.Content, u, nil
}

func messages(r llm.Request) []sdk.ChatCompletionMessageParamUnion {
	var out []sdk.ChatCompletionMessageParamUnion
	if r.System != "" {
		out = append(out, sdk.SystemMessage(r.System))
	}
	for _, m := range r.Messages {
		if len(m.Images) == 0 {
			out = append(out, sdk.UserMessage(m.Text))
			continue
		}
		parts := []sdk.ChatCompletionContentPartUnionParam{sdk.TextContentPart(m.Text)}
		for _, img := range m.Images {
			url := "data:" + img.MediaType + ";base64," + base64.StdEncoding.EncodeToString(img.Data)
			parts = append(parts, sdk.ImageContentPart(sdk.ChatCompletionContentPartImageImageURLParam{URL: url}))
		}
		out = append(out, sdk.UserMessage(parts))
	}
	return out
}

// usage normalises OpenAI's counts to llm.Usage, where InputTokens are
// the uncached prompt tokens: OpenAI includes cache hits in prompt_tokens.
func usage(u sdk.CompletionUsage) llm.Usage {
	cached := u.PromptTokensDetails.CachedTokens
	return llm.Usage{InputTokens: u.PromptTokens - cached, OutputTokens: u.CompletionTokens, CacheReadTokens: cached}
}

// Embed turns texts into vectors with an embeddings model.
func (p *Provider) Embed(ctx context.Context, model string, texts []string) ([][]float32, llm.Usage, error) {
	resp, err := p.client.Embeddings.New(ctx, sdk.EmbeddingNewParams{
		Model: model,
		Input: sdk.EmbeddingNewParamsInputUnion{OfArrayOfStrings: texts},
	})
	if err != nil {
		return nil, llm.Usage{}, describe(err)
	}
	out := make([][]float32, len(texts))
	for _, d := range resp.Data {
		if d.Index < 0 || int(d.Index) >= len(out) {
			return nil, llm.Usage{}, fmt.Errorf("embedding index %d out of range", d.Index)
		}
		v := make([]float32, len(d.Embedding))
		for i, f := range d.Embedding {
			v[i] = float32(f)
		}
		out[d.Index] = v
	}
	for i, v := range out {
		if v == nil {
			return nil, llm.Usage{}, fmt.Errorf("no embedding for input %d", i)
		}
	}
	return out, llm.Usage{InputTokens: resp.Usage.PromptTokens}, nil
}

// describe keeps the status and the provider's message of an API error,
// dropping the request dump the SDK's Error() carries.
func describe(err error) error {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		return fmt.Errorf("status %d: %s", apiErr.StatusCode, apiErr.Message)
	}
	return err
}
