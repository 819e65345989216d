package mcp

import (
	"context"
	"net/http"
	"regexp"
	"strings"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// pageURI is a page image resource: quarry://executions/{id}/pages/{n}.png.
var pageURI = regexp.MustCompile(`^quarry://executions/([A-Za-z0-9_-]{1,100})/pages/([1-9][0-9]{0,4})\.png$`)

func (s *Server) addResources() {
	s.sdk.AddResourceTemplate(&sdk.ResourceTemplate{Name: "execution", Title: "Execution record",
		URITemplate: "quarry://executions/{id}", MIMEType: "application/json",
		Description: "The whole record of one processing run: fields, per-field methods, quality, PII findings (positions, not values), " +
			"masked text and the judge's verdicts."}, s.readV1("quarry://executions/", "/v1/executions/"))
	s.sdk.AddResourceTemplate(&sdk.ResourceTemplate{Name: "document", Title: "Document",
		URITemplate: "quarry://documents/{id}", MIMEType: "application/json",
		Description: "A stored document: file name, type, size, hash and its jobs."}, s.readV1("quarry://documents/", "/v1/documents/"))
	s.sdk.AddResourceTemplate(&sdk.ResourceTemplate{Name: "page", Title: "Page image",
		URITemplate: "quarry://executions/{id}/pages/{n}.png", MIMEType: "image/png",
		Description: "Page n (from 1) of an execution's file rendered as PNG, the image the fields' and PII findings' " +
			"bounding boxes (normalised to [0,1]) refer to."}, s.readPage)
}

// readPage answers a page image from GET /v1/executions/{id}/pages/{n}.png,
// which renders once and caches; the PNG travels as a blob.
func (s *Server) readPage(ctx context.Context, req *sdk.ReadResourceRequest) (*sdk.ReadResourceResult, error) {
	uri := req.Params.URI
	m := pageURI.FindStringSubmatch(uri)
	if m == nil {
		return nil, sdk.ResourceNotFoundError(uri)
	}
	r, err := s.be.do(ctx, s.keyOf(req.Extra), http.MethodGet, "/v1/executions/"+m[1]+"/pages/"+m[2]+".png", nil, "", jsonLimit)
	if err != nil {
		return nil, err
	}
	if r.status == http.StatusNotFound {
		return nil, sdk.ResourceNotFoundError(uri)
	}
	if r.status != http.StatusOK {
		_, err := r.v1Data()
		return nil, err
	}
	return &sdk.ReadResourceResult{Contents: []*sdk.ResourceContents{{URI: uri, MIMEType: "image/png", Blob: r.body}}}, nil
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
