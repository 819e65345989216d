package mcp

import (
	"context"
	"net/http"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// Page images (PNG per page) are not offered: no page-image route exists
// on this branch for the resources to read.
func (s *Server) addResources() {
	s.sdk.AddResourceTemplate(&sdk.ResourceTemplate{Name: "execution", Title: "Execution record",
		URITemplate: "quarry://executions/{id}", MIMEType: "application/json",
		Description: "The whole record of one processing run: fields, per-field methods, quality, PII findings (positions, not values), " +
			"masked text and the judge's verdicts."}, s.readV1("quarry://executions/", "/v1/executions/"))
	s.sdk.AddResourceTemplate(&sdk.ResourceTemplate{Name: "document", Title: "Document",
		URITemplate: "quarry://documents/{id}", MIMEType: "application/json",
		Description: "A stored document: file name, type, size, hash and its jobs."}, s.readV1("quarry://documents/", "/v1/documents/"))
}

// readV1 answers a resource by reading the /v1 route of the same id.
func (s *Server) readV1(prefix, route string) sdk.ResourceHandler {
	return func(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
		uri := req.Params.URI
		id := strings.TrimPrefix(uri, prefix)
		if id == uri || !idPattern.MatchString(id) {
			return nil, sdk.ResourceNotFoundError(uri)
		}
		r, err := s.be.do(ctx, s.keyOf(req.Extra), http.MethodGet, route+id, nil, "", jsonLimit)
		if err != nil {
			return nil, err
		}
		raw, err := r.v1Data()
		if err != nil {
			if r.status == http.StatusNotFound {
				return nil, sdk.ResourceNotFoundError(uri)
			}
			return nil, err
		}
		return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: "application/json", Text: string(raw)}}}, nil
	}
}
