package transform

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// Bounds of one llm transformation call: the rows sent and the bytes they
// take are settings of Quarry, never the size of the documents. A target
// over either bound is refused rather than cut, since rows the model never
// saw would silently vanish from its answer.
const (
	MaxLLMRows       = 200
	MaxLLMInputBytes = 24 << 10
	// maxLLMCalls bounds the calls of one transformation (task scope calls
	// once per document or array).
	maxLLMCalls = 16
)

// basePrompt is every llm transformation's instruction; a prompt_id adds
// the shipped instructions of its kind of work.
const basePrompt = `You transform rows extracted from business documents, following the caller's intention exactly.
Answer only with the rows, in the JSON shape given. Use only facts present in the input rows; use null for a value you cannot give.
Every output row lists in source_rows the "row" numbers of the input rows it was made from.`

// prompts are the stored instructions a prompt_id names.
var prompts = map[string]string{
	"normalize_taxonomy": "Map each row's values onto the closed vocabulary the intention names. Keep one output row per input row, in input order; where no term fits, use null.",
	"split_shares":       "Rows describe holders of a whole (owners of shares, heirs, co-signers). Give each holder's share as a number; the shares of all rows describe the whole.",
	"deduplicate":        "Rows may describe the same entity more than once. Merge such rows into one, keeping the fullest value of each member, and list every merged input row in source_rows.",
}

// PromptIDs lists the stored prompts, for error messages and docs.
func PromptIDs() []string {
	ids := make([]string, 0, len(prompts))
	for id := range prompts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func systemPrompt(promptID *string) (string, error) {
	if promptID == nil || *promptID == "" {
		return basePrompt, nil
	}
	p, ok := prompts[*promptID]
	if !ok {
		return "", fmt.Errorf("prompt_id %q is not a stored prompt (known: %s)", *promptID, strings.Join(PromptIDs(), ", "))
	}
	return basePrompt + "\n" + p, nil
}

// shape is the members of the rows and the JSON types seen for each: the
// output rows take the same shape, so they fit back where the input was.
type shape struct {
	names []string
	types map[string][]string
}

// renderRows turns rows into the JSON objects the prompt carries, each
// with its index as "row". Members holding nested rows are left out: an
// llm transformation works on flat rows.
func renderRows(rows []row) ([]map[string]any, shape) {
	sh := shape{types: map[string][]string{}}
	out := make([]map[string]any, 0, len(rows))
	for i, r := range rows {
		o := map[string]any{"row": i}
		for _, m := range r.members {
			if _, nested := m.Value.([]api.ExtractedField); nested || m.Name == "row" || m.Name == "source_rows" {
				continue
			}
			if _, seen := sh.types[m.Name]; !seen {
				sh.names = append(sh.names, m.Name)
				sh.types[m.Name] = []string{"null"}
			}
			o[m.Name] = m.Value
			if t := jsonType(m.Value); t != "" && !slices.Contains(sh.types[m.Name], t) {
				sh.types[m.Name] = append(sh.types[m.Name], t)
			}
		}
		out = append(out, o)
	}
	return out, sh
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64, float32, int, int64, json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return ""
}

// outputSchema is the answer's shape: {rows: [{<members>, source_rows}]}.
// A member seen only as null may be text. The invariant's share field may
// always be a number (the point of most such transformations is to turn
// "la mitad" into 50), and is added when the rows do not carry it yet.
func outputSchema(sh shape, iv *Invariant, inRows int) (json.RawMessage, []string) {
	names := slices.Clone(sh.names)
	props := map[string]any{}
	for _, n := range names {
		ts := slices.Clone(sh.types[n])
		if len(ts) == 1 {
			ts = []string{"string", "null"}
		}
		if iv != nil && n == iv.ShareField && !slices.Contains(ts, "number") {
			ts = append(ts, "number")
		}
		props[n] = map[string]any{"type": ts}
	}
	if iv != nil && props[iv.ShareField] == nil {
		names = append(names, iv.ShareField)
		props[iv.ShareField] = map[string]any{"type": []string{"number", "string", "null"}}
	}
	props["source_rows"] = map[string]any{"type": "array", "items": map[string]any{"type": "integer", "minimum": 0, "maximum": max(inRows-1, 0)}}
	required := append(slices.Clone(names), "source_rows")
	schema := map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"rows"},
		"properties": map[string]any{"rows": map[string]any{
			"type": "array", "maxItems": MaxLLMRows,
			"items": map[string]any{"type": "object", "additionalProperties": false, "required": required, "properties": props},
		}},
	}
	raw, _ := json.Marshal(schema) // maps of strings and numbers always encode
	return raw, names
}

// userPrompt states the intention, the invariant when there is one, and
// the rows.
func userPrompt(t api.Transformation, iv *Invariant, rowsJSON []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Intention: %s\nTarget group: %s\n", strings.TrimSpace(t.Intention), t.TargetGroup)
	if iv != nil {
		fmt.Fprintf(&b, "The %s of the output rows must sum to %s (tolerance %s).\n", iv.ShareField, fmtNum(iv.Total), fmtNum(iv.Tolerance))
	}
	b.WriteString("Input rows:\n")
	b.Write(rowsJSON)
	return b.String()
}

// repairPrompt tells the model what its previous answer broke.
func repairPrompt(previous json.RawMessage, violation string) string {
	return fmt.Sprintf("Your previous answer was:\n%s\nIt breaks the invariant: %s. Answer again with corrected rows in the same shape.", previous, violation)
}
