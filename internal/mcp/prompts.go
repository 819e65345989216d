package mcp

import (
	"context"
	"fmt"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

func (s *Server) addPrompts() {
	s.sdk.AddPrompt(&sdk.Prompt{Name: "extract-fields", Title: "Extract these fields from this document",
		Description: "Process a document and report the fields you name, with their quality and any personal data found.",
		Arguments: []*sdk.PromptArgument{
			{Name: "document", Description: "a local path, an https URL or a file you attach", Required: true},
			{Name: "fields", Description: "the fields you want, comma separated (e.g. total, date, vendor name)", Required: true},
		}}, extractPrompt)
	s.sdk.AddPrompt(&sdk.Prompt{Name: "audit-dataset", Title: "Audit this dataset for personal data",
		Description: "Profile a dataset and report which columns hold personal data, how much, and whether it is masked.",
		Arguments:   []*sdk.PromptArgument{{Name: "dataset_id", Description: "the dataset (ds_...)", Required: true}},
	}, auditPrompt)
}

func extractPrompt(_ context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
	doc, fields := req.Params.Arguments["document"], req.Params.Arguments["fields"]
	if doc == "" || fields == "" {
		return nil, fmt.Errorf("document and fields are required")
	}
	text := fmt.Sprintf(`Extract these fields from the document %s: %s.

1. Call document.process with the document (path for a local file, url for an https link, content_base64 for attached bytes).
2. If a field is missing from its result, call extract with a document_types entry that declares exactly these fields
   (run schema.validate on it first), passing the same file.
3. Answer with a table: field, value, confidence or method. Say the quality grade and its warnings, and list the types of
   personal data found (never their values).`, doc, fields)
	return &sdk.GetPromptResult{Description: "Extract fields from a document",
		Messages: []*sdk.PromptMessage{{Role: "user", Content: &sdk.TextContent{Text: text}}}}, nil
}

func auditPrompt(_ context.Context, req *sdk.GetPromptRequest) (*sdk.GetPromptResult, error) {
	id := req.Params.Arguments["dataset_id"]
	if id == "" {
		return nil, fmt.Errorf("dataset_id is required")
	}
	text := fmt.Sprintf(`Audit the dataset %s for personal data.

1. Call dataset.profile for %s: note each column's PII types and fill rate.
2. Export a sample with dataset.export (format jsonl) and check that masked columns show placeholders, not values.
3. Use pii.detect on any free-text column that the profile did not flag.
4. Report: columns holding personal data, their types and counts, anything unmasked, and what to change
   (mask_pii on rebuild, pii.redact on source files).`, id, id)
	return &sdk.GetPromptResult{Description: "Audit a dataset for personal data",
		Messages: []*sdk.PromptMessage{{Role: "user", Content: &sdk.TextContent{Text: text}}}}, nil
}
