package providers

import (
	"fmt"
	"net/http"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/anthropic"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

// Custom is the provider name of an OpenAI-compatible endpoint that is
// none of the built-ins; it needs a base URL.
const Custom = "custom"

// Known reports a provider name a workspace may choose, its family and
// its default base URL ("" = the SDK's own, or none for custom).
func Known(name string) (family, baseURL string, ok bool) {
	if name == Custom {
		return "openai", "", true
	}
	for _, e := range builtins {
		if e.Name == name {
			return e.Family, e.BaseURL, true
		}
	}
	return "", "", false
}

// Names lists the provider names Known accepts.
func Names() []string {
	out := []string{}
	for _, e := range builtins {
		out = append(out, e.Name)
	}
	return append(out, Custom)
}

// One is a single endpoint with its own key: a workspace's model.
type One struct {
	Provider, Model string // Model without the provider prefix
	BaseURL, APIKey string
	// HTTPClient carries every call (a guarded client for URLs a tenant
	// chose); nil = the SDK's default.
	HTTPClient    *http.Client
	MaxRetries    int // as in the SDK adapters: 0 = 2, negative = none
	Pricing       *llm.Pricing
	MaxConcurrent int
}

// Single builds a client that knows exactly one provider, so a model
// string naming any other fails instead of reaching the process's keys.
func Single(o One) (*llm.Client, error) {
	family, base, ok := Known(o.Provider)
	if !ok {
		return nil, fmt.Errorf("%w %q", llm.ErrUnknownProvider, o.Provider)
	}
	if o.BaseURL != "" {
		base = o.BaseURL
	}
	if o.Provider == Custom && base == "" {
		return nil, fmt.Errorf("provider custom needs a base URL")
	}
	c := llm.NewClient(llm.Config{Model: o.Provider + ":" + o.Model, Pricing: o.Pricing, MaxConcurrent: o.MaxConcurrent})
	switch family {
	case "openai":
		c.Register(o.Provider, openai.New(openai.Config{APIKey: o.APIKey, BaseURL: base, HTTPClient: o.HTTPClient, MaxRetries: o.MaxRetries}))
	default:
		c.Register(o.Provider, anthropic.New(anthropic.Config{APIKey: o.APIKey, BaseURL: base, HTTPClient: o.HTTPClient, MaxRetries: o.MaxRetries}))
	}
	return c, nil
}
