package assist

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/llm"
)

const systemPrompt = `You read business documents and copy values out of them.
Answer only with values printed in the document, spelled as printed. If a value is not in the document, answer null. Never compute, translate or guess.`

const defaultMaxText = 24 << 10

// key is the answer property of a gap: group and field, so equal field
// names in two groups stay apart.
func key(g Gap) string { return g.Group + "." + g.Field }

// answerSchema asks for one nullable property per gap.
func answerSchema(gaps []Gap) (json.RawMessage, error) {
	props := map[string]any{}
	required := []string{}
	for _, g := range gaps {
		t := "string"
		switch g.Spec.EffectiveType() {
		case api.TypeNumber:
			t = "number"
		case api.TypeInteger:
			t = "integer"
		case api.TypeBoolean:
			t = "boolean"
		}
		p := map[string]any{"type": []string{t, "null"}}
		if g.Spec.Description != "" {
			p["description"] = g.Spec.Description
		}
		props[key(g)] = p
		required = append(required, key(g))
	}
	return json.Marshal(map[string]any{"type": "object", "properties": props, "required": required, "additionalProperties": false})
}

// userPrompt lists the wanted fields and the page text in reading order,
// cut at maxText bytes on a word boundary.
func userPrompt(spec api.DocumentTypeSpec, gaps []Gap, l *doc.Layout, maxText int) string {
	if maxText <= 0 {
		maxText = defaultMaxText
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Document type: %s", spec.ID)
	if spec.Description != "" {
		fmt.Fprintf(&b, " (%s)", spec.Description)
	}
	b.WriteString("\nFields to read:\n")
	for _, g := range gaps {
		fmt.Fprintf(&b, "- %s: %s", key(g), g.Spec.EffectiveType())
		if g.Spec.Format != nil {
			fmt.Fprintf(&b, " (%s)", *g.Spec.Format)
		}
		if g.Spec.Description != "" {
			fmt.Fprintf(&b, ", %s", g.Spec.Description)
		}
		b.WriteString("\n")
	}
	b.WriteString("\nDocument text, page by page:\n")
	b.WriteString(llm.PagedText(l.Text, maxText))
	return b.String()
}
