// Package providers builds an llm.Client from settings: which providers
// exist, where they are and which key each uses. It is the one place that
// knows both the llm seam and the SDK adapters.
package providers

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/llm/anthropic"
	"github.com/quarrydev/quarry/internal/llm/openai"
)

// Endpoint is one named provider.
type Endpoint struct {
	Name    string `json:"name"`
	Family  string `json:"family"` // "openai" (any OpenAI-compatible API) or "anthropic"
	BaseURL string `json:"base_url"`
	APIKey  string `json:"api_key"`
	// APIKeyEnv names an environment variable holding the key, so a
	// providers file need not contain secrets.
	APIKeyEnv string `json:"api_key_env"`
}

// builtins are the names a model string may start with out of the box.
// Local servers need no key; hosted OpenAI-compatible services only a
// key (QUARRY_<NAME>_API_KEY).
var builtins = []Endpoint{
	{Name: "openai", Family: "openai"},
	{Name: "anthropic", Family: "anthropic"},
	{Name: "azure", Family: "openai"}, // base URL required: QUARRY_AZURE_BASE_URL
	{Name: "mistral", Family: "openai", BaseURL: "https://api.mistral.ai/v1"},
	{Name: "groq", Family: "openai", BaseURL: "https://api.groq.com/openai/v1"},
	{Name: "together", Family: "openai", BaseURL: "https://api.together.xyz/v1"},
	{Name: "ollama", Family: "openai", BaseURL: "http://localhost:11434/v1"},
	{Name: "vllm", Family: "openai", BaseURL: "http://localhost:8000/v1"},
	{Name: "llamacpp", Family: "openai", BaseURL: "http://localhost:8080/v1"},
}

// Settings are what configuration supplies.
type Settings struct {
	Model         string // QUARRY_MODEL
	FallbackModel string // QUARRY_FALLBACK_MODEL
	// EmbeddingModel is QUARRY_EMBEDDING_MODEL (OpenAI-compatible family).
	EmbeddingModel string
	// ProvidersFile is a JSON array of Endpoint adding or overriding
	// names (QUARRY_LLM_PROVIDERS_FILE).
	ProvidersFile string
	PricingFile   string // QUARRY_LLM_PRICING_FILE
	MaxConcurrent int    // QUARRY_LLM_MAX_CONCURRENT
	// Getenv reads QUARRY_<NAME>_API_KEY and QUARRY_<NAME>_BASE_URL for
	// each provider name (nil = os.Getenv).
	Getenv  func(string) string
	Observe func(llm.CallRecord)
}

// New returns a client with every known provider registered. With no
// model set it is still usable for Configured(), which says why not.
func New(s Settings) (*llm.Client, error) {
	getenv := s.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	pricing := llm.DefaultPricing()
	if s.PricingFile != "" {
		p, err := llm.LoadPricing(s.PricingFile)
		if err != nil {
			return nil, err
		}
		pricing = p
	}
	endpoints := append([]Endpoint(nil), builtins...)
	if s.ProvidersFile != "" {
		extra, err := readFile(s.ProvidersFile)
		if err != nil {
			return nil, err
		}
		endpoints = append(endpoints, extra...)
	}
	byName := map[string]Endpoint{}
	for _, e := range endpoints {
		byName[e.Name] = e // later entries (the file) override built-ins
	}
	c := llm.NewClient(llm.Config{Model: s.Model, FallbackModel: s.FallbackModel, EmbeddingModel: s.EmbeddingModel,
		MaxConcurrent: s.MaxConcurrent, Pricing: pricing, Observe: s.Observe})
	for name, e := range byName {
		env := "QUARRY_" + strings.ToUpper(name) + "_"
		if v := getenv(env + "BASE_URL"); v != "" {
			e.BaseURL = v
		}
		key := e.APIKey
		if e.APIKeyEnv != "" {
			key = getenv(e.APIKeyEnv)
		}
		if v := getenv(env + "API_KEY"); v != "" {
			key = v
		}
		switch e.Family {
		case "openai":
			c.Register(name, openai.New(openai.Config{APIKey: key, BaseURL: e.BaseURL}))
		case "anthropic":
			c.Register(name, anthropic.New(anthropic.Config{APIKey: key, BaseURL: e.BaseURL}))
		default:
			return nil, fmt.Errorf("llm provider %q: family %q is not openai or anthropic", name, e.Family)
		}
	}
	for _, m := range []string{s.Model, s.FallbackModel, s.EmbeddingModel} {
		if m == "" {
			continue
		}
		p, _, err := llm.ParseModel(m)
		if err != nil {
			return nil, err
		}
		if _, ok := byName[p]; !ok {
			return nil, fmt.Errorf("model %s: no provider %q (known: %s; add it in a providers file)", m, p, names(byName))
		}
	}
	return c, nil
}

func readFile(path string) ([]Endpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("llm providers file: %w", err)
	}
	var eps []Endpoint
	if err := json.Unmarshal(b, &eps); err != nil {
		return nil, fmt.Errorf("llm providers file %s: %w", path, err)
	}
	for i, e := range eps {
		if _, _, err := llm.ParseModel(e.Name + ":x"); err != nil || e.Name == "" {
			return nil, fmt.Errorf("llm providers file %s: entry %d: bad name %q", path, i, e.Name)
		}
	}
	return eps, nil
}

func names(m map[string]Endpoint) string {
	return strings.Join(slices.Sorted(maps.Keys(m)), ", ")
}
