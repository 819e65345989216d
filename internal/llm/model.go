package llm

import (
	"fmt"
	"strings"
)

// ParseModel splits "provider:model" at the first colon, so a model name
// may itself hold colons ("ollama:qwen2.5:7b" is provider ollama, model
// "qwen2.5:7b"). A provider is lower-case letters, digits, '-' or '_'.
func ParseModel(s string) (provider, model string, err error) {
	s = strings.TrimSpace(s)
	p, m, ok := strings.Cut(s, ":")
	if !ok || p == "" || m == "" {
		return "", "", fmt.Errorf("model %q: want provider:model, e.g. openai:gpt-4o", s)
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return "", "", fmt.Errorf("model %q: provider %q has characters outside [a-z0-9_-]", s, p)
		}
	}
	return p, m, nil
}
