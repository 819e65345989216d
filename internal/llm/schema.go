package llm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ErrOffSchema is an answer that is not JSON or does not match the
// requested schema.
var ErrOffSchema = errors.New("answer does not match the requested schema")

type compiledSchema struct{ s *jsonschema.Schema }

func compileSchema(raw json.RawMessage) (*compiledSchema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("llm: request schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("urn:quarry:llm:answer", doc); err != nil {
		return nil, fmt.Errorf("llm: request schema: %w", err)
	}
	s, err := c.Compile("urn:quarry:llm:answer")
	if err != nil {
		return nil, fmt.Errorf("llm: request schema: %w", err)
	}
	return &compiledSchema{s: s}, nil
}

// check parses an answer and validates it. Local models often wrap JSON
// in a Markdown fence even when asked not to; the fence is tolerated.
func (c *compiledSchema) check(text string) (json.RawMessage, error) {
	body := strings.TrimSpace(text)
	if strings.HasPrefix(body, "```") {
		body = strings.TrimPrefix(body, "```json")
		body = strings.TrimPrefix(body, "```")
		body = strings.TrimSuffix(strings.TrimSpace(body), "```")
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%w: not JSON: %v", ErrOffSchema, err)
	}
	if err := c.s.Validate(v); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrOffSchema, err)
	}
	return json.RawMessage(body), nil
}
