package llm

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

//go:embed pricing.json
var defaultPricing []byte

// Price is USD per million tokens of each kind.
type Price struct {
	Input      float64  `json:"input"`
	Output     float64  `json:"output"`
	CacheWrite *float64 `json:"cache_write,omitempty"`
	CacheRead  *float64 `json:"cache_read,omitempty"`
}

// Pricing prices calls. Keys are "provider:model-prefix"; the longest
// prefix of the called model wins, so "openai:gpt-4o-2024-08-06" is priced
// as gpt-4o and "openai:gpt-4o-mini" as gpt-4o-mini.
type Pricing struct {
	models map[string]Price
}

// DefaultPricing is the table shipped in the binary.
func DefaultPricing() *Pricing {
	p, err := ParsePricing(defaultPricing)
	if err != nil {
		panic("llm: shipped pricing.json: " + err.Error())
	}
	return p
}

// LoadPricing reads a pricing file in the shipped table's format.
func LoadPricing(path string) (*Pricing, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePricing(b)
}

// ParsePricing parses a pricing table.
func ParsePricing(b []byte) (*Pricing, error) {
	var doc struct {
		Models map[string]Price `json:"models"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("pricing: %w", err)
	}
	for k, v := range doc.Models {
		if !strings.Contains(k, ":") {
			return nil, fmt.Errorf("pricing: key %q: want provider:model-prefix", k)
		}
		if v.Input < 0 || v.Output < 0 {
			return nil, fmt.Errorf("pricing: %q has a negative price", k)
		}
	}
	return &Pricing{models: doc.Models}, nil
}

// Lookup finds the price of "provider:model"; ok is false when no key
// is a prefix of it (the call is then counted at zero cost and logged as
// unpriced).
func (p *Pricing) Lookup(model string) (Price, bool) {
	best, found := "", false
	for k := range p.models {
		if strings.HasPrefix(model, k) && len(k) >= len(best) {
			best, found = k, true
		}
	}
	if !found {
		return Price{}, false
	}
	return p.models[best], true
}

// Cost prices one call's usage in USD. Cache writes default to 1.25x the
// input price and cache reads to 0.1x (Anthropic's published ratios); a
// provider whose cache reads are included in InputTokens (OpenAI) is
// normalised by its adapter so InputTokens counts only uncached tokens.
func (p *Pricing) Cost(model string, u Usage) (usd float64, priced bool) {
	pr, ok := p.Lookup(model)
	if !ok {
		return 0, false
	}
	cw, cr := pr.Input*1.25, pr.Input*0.1
	if pr.CacheWrite != nil {
		cw = *pr.CacheWrite
	}
	if pr.CacheRead != nil {
		cr = *pr.CacheRead
	}
	usd = (float64(u.InputTokens)*pr.Input + float64(u.OutputTokens)*pr.Output +
		float64(u.CacheCreationTokens)*cw + float64(u.CacheReadTokens)*cr) / 1e6
	return usd, true
}
