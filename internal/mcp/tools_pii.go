package mcp

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

type detectInput struct {
	Text          string   `json:"text" jsonschema:"the text to scan"`
	Types         []string `json:"types,omitempty" jsonschema:"PII types to look for (see pii.types); empty means all"`
	Jurisdictions []string `json:"jurisdictions,omitempty" jsonschema:"subset of tr, eu, us, global; empty means all"`
	Locale        string   `json:"locale,omitempty" jsonschema:"gates detectors by locale (tr, de-DE ...); empty enables all"`
	Mask          string   `json:"mask,omitempty" jsonschema:"also return masked_text with this strategy: redact, token, hash, partial or synthetic"`
}

type redactInput struct {
	document
	Types         []string `json:"types,omitempty" jsonschema:"PII types to remove (see pii.types); empty removes every type"`
	Jurisdictions []string `json:"jurisdictions,omitempty" jsonschema:"subset of tr, eu, us, global; empty means all"`
	Locale        string   `json:"locale,omitempty" jsonschema:"gates detectors by locale; empty enables all"`
	Fields        []string `json:"fields,omitempty" jsonschema:"names of extracted fields whose boxes are removed too (runs extraction)"`
	Mask          string   `json:"mask,omitempty" jsonschema:"placeholder in the text layer: redact (default), token, hash, partial or synthetic"`
}

func (s *Server) addPIITools() {
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "pii.detect",
		Description: "Find personal data (names, e-mails, phones, IBANs, national ids of many countries ...) in text. Returns each " +
			"finding's type, offsets and score, and masked text when mask is set. Spends no credits.",
		Annotations: readOnly()}, s.detect)
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "pii.redact",
		Description: "Remove personal data from a file. PDFs and images come back as a new PDF with the findings painted over and " +
			"no hidden text left; text files come back masked. The file is returned as an embedded resource; the summary says " +
			"what was removed (types and counts, never values).",
		InputSchema: s.schemaFor(mustSchema[redactInput]())}, s.redact)
}

func (s *Server) detect(ctx context.Context, req *sdk.CallToolRequest, in detectInput) (*sdk.CallToolResult, object, error) {
	raw, err := s.be.api(ctx, s.keyOf(req.Extra), http.MethodPost, "/api/v1/pii:detect", in)
	if err != nil {
		return nil, nil, err
	}
	out, err := decodeObject(raw)
	return nil, out, err
}

func (s *Server) redact(ctx context.Context, req *sdk.CallToolRequest, in redactInput) (*sdk.CallToolResult, object, error) {
	name, data, err := s.read(ctx, in.document)
	if err != nil {
		return nil, nil, err
	}
	body := object{"file": object{"filename": name, "content_base64": base64.StdEncoding.EncodeToString(data)}, "response": "json"}
	for k, v := range map[string]any{"types": in.Types, "jurisdictions": in.Jurisdictions, "fields": in.Fields} {
		if l := v.([]string); len(l) > 0 {
			body[k] = l
		}
	}
	for k, v := range map[string]string{"locale": in.Locale, "mask": in.Mask} {
		if v != "" {
			body[k] = v
		}
	}
	// The answer carries the file in base64: a third larger than the cap.
	r, err := s.be.do(ctx, s.keyOf(req.Extra), http.MethodPost, "/api/v1/pii:redact", body, "", s.opt.MaxFileBytes*4/3+jsonLimit)
	if err != nil {
		return nil, nil, err
	}
	if r.status >= 300 {
		return nil, nil, r.problem()
	}
	var res struct {
		Filename      string          `json:"filename"`
		MediaType     string          `json:"media_type"`
		Pages         int             `json:"pages"`
		Bytes         int             `json:"bytes"`
		ContentBase64 string          `json:"content_base64"`
		Redacted      json.RawMessage `json:"redacted"`
	}
	if err := json.Unmarshal(r.body, &res); err != nil {
		return nil, nil, err
	}
	blob, err := base64.StdEncoding.DecodeString(res.ContentBase64)
	if err != nil {
		return nil, nil, errors.New("the redacted file came back malformed")
	}
	summary, err := decodeObject(res.Redacted)
	if err != nil {
		return nil, nil, err
	}
	uri := "quarry://redacted/" + res.Filename
	out := object{"filename": res.Filename, "media_type": res.MediaType, "pages": res.Pages, "bytes": res.Bytes, "redacted": summary, "resource": uri}
	text, _ := json.Marshal(out)
	return &sdk.CallToolResult{Content: []sdk.Content{
		&sdk.TextContent{Text: string(text)},
		&sdk.EmbeddedResource{Resource: &sdk.ResourceContents{URI: uri, MIMEType: res.MediaType, Blob: blob}},
	}}, out, nil
}

type noInput struct{}

func (s *Server) addCatalogueTools() {
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "validators.list",
		Description: "The validators a declared field can use (check digits, IBAN, VAT ids, dates, amounts ...), with their ids and parameters.",
		Annotations: readOnly()}, s.getter("/api/v1/validators"))
	sdk.AddTool(s.sdk, &sdk.Tool{Name: "pii.types",
		Description: "The catalogue of personal-data types Quarry detects, with their jurisdictions; use the ids in pii.detect and pii.redact.",
		Annotations: readOnly()}, s.getter("/api/v1/pii/types"))
}

func (s *Server) getter(path string) sdk.ToolHandlerFor[noInput, object] {
	return func(ctx context.Context, req *sdk.CallToolRequest, _ noInput) (*sdk.CallToolResult, object, error) {
		raw, err := s.be.api(ctx, s.keyOf(req.Extra), http.MethodGet, path, nil)
		if err != nil {
			return nil, nil, err
		}
		out, err := decodeObject(raw)
		return nil, out, err
	}
}
