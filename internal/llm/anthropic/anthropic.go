// Package anthropic is the Anthropic Messages provider, through the
// official SDK. Structured answers use a forced tool call whose input
// schema is the requested schema; the system prompt is marked for prompt
// caching, so repeated instructions across a batch are billed as cache
// reads.
package anthropic

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"

	"github.com/quarrydev/quarry/internal/llm"
)

// Config reaches the Anthropic API (or a compatible gateway).
type Config struct {
	APIKey     string
	BaseURL    string
	MaxRetries int // SDK retries on 408/409/429/5xx, honouring Retry-After (0 = 2, negative = none)
	HTTPClient *http.Client
}

// Provider is the Anthropic Messages API.
type Provider struct{ client sdk.Client }

// New builds a provider.
func New(cfg Config) *Provider {
	retries := cfg.MaxRetries
	switch {
	case retries == 0:
		retries = 2
	case retries < 0:
		retries = 0 // negative: no retries at all
	}
	opts := []option.RequestOption{option.WithAPIKey(cfg.APIKey), option.WithMaxRetries(retries)}
	if cfg.BaseURL != "" {
		opts = append(opts, option.WithBaseURL(cfg.BaseURL))
	}
	if cfg.HTTPClient != nil {
		opts = append(opts, option.WithHTTPClient(cfg.HTTPClient))
	}
	return &Provider{client: sdk.NewClient(opts...)}
}

const defaultMaxTokens = 4096

// Complete sends one message.
func (p *Provider) Complete(ctx context.Context, c llm.Call) (string, llm.Usage, error) {
	maxTokens := int64(c.MaxTokens)
	if maxTokens <= 0 {
		maxTokens = defaultMaxTokens
	}
	params := sdk.MessageNewParams{Model: sdk.Model(c.ModelName), MaxTokens: maxTokens}
	if c.System != "" {
		params.System = []sdk.TextBlockParam{{Text: c.System, CacheControl: sdk.NewCacheControlEphemeralParam()}}
	}
	for _, m := range c.Messages {
		blocks := []sdk.ContentBlockParamUnion{sdk.NewTextBlock(m.Text)}
		for _, img := range m.Images {
			blocks = append(blocks, sdk.NewImageBlockBase64(img.MediaType, base64.StdEncoding.EncodeToString(img.Data)))
		}
		params.Messages = append(params.Messages, sdk.NewUserMessage(blocks...))
	}
	tool := ""
	if len(c.Schema) > 0 {
		tool = c.SchemaName
		if tool == "" {
			tool = "answer"
		}
		var schema struct {
			Properties any      `json:"properties"`
			Required   []string `json:"required"`
		}
		var extra map[string]any
		if err := json.Unmarshal(c.Schema, &schema); err != nil {
			return "", llm.Usage{}, fmt.Errorf("schema: %w", err)
		}
		_ = json.Unmarshal(c.Schema, &extra)
		delete(extra, "properties")
		delete(extra, "required")
		delete(extra, "type")
		params.Tools = []sdk.ToolUnionParam{sdk.ToolUnionParamOfTool(sdk.ToolInputSchemaParam{
			Properties: schema.Properties, Required: schema.Required, ExtraFields: extra,
		}, tool)}
		params.ToolChoice = sdk.ToolChoiceParamOfTool(tool)
	}
	msg, err := p.client.Messages.New(ctx, params)
	if err != nil {
		return "", llm.Usage{}, describe(err)
	}
	u := llm.Usage{
		InputTokens:         msg.Usage.InputTokens,
		OutputTokens:        msg.Usage.OutputTokens,
		CacheCreationTokens: msg.Usage.CacheCreationInputTokens,
		CacheReadTokens:     msg.Usage.CacheReadInputTokens,
	}
	var text strings.Builder
	for _, b := range msg.Content {
		switch b.Type {
		case "tool_use":
			if tool != "" && b.Name == tool {
				return string(b.Input), u, nil
			}
		case "text":
			text.WriteString(b.Text)
		}
	}
	if tool != "" {
		return "", u, fmt.Errorf("answer has no %s tool call (stop reason %s)", tool, msg.StopReason)
	}
	return text.String(), u, nil
}

func describe(err error) error {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		return fmt.Errorf("status %d: %s", apiErr.StatusCode, strings.TrimSpace(apiErr.RawJSON()))
	}
	return err
}
