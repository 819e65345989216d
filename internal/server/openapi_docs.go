package server

import (
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
)

// The extract and submit handlers read their bodies themselves, so their
// operations are described by hand; these pieces are shared between them.

// extractRequestBody documents the body of /extract, /extract:validate and
// /extractions: JSON with content_base64, or multipart with file parts.
func (s *Server) extractRequestBody() *huma.RequestBody {
	return &huma.RequestBody{
		Required: true,
		Content: map[string]*huma.MediaType{
			"application/json": {Schema: s.schemaRef(api.ExtractRequest{}, "ExtractRequest")},
			"multipart/form-data": {Schema: &huma.Schema{
				Type: "object", Required: []string{"files"},
				Properties: map[string]*huma.Schema{
					"request": {Type: "string", Description: "ExtractRequest JSON without files[].content_base64.", Format: "json"},
					"files":   {Type: "array", Items: &huma.Schema{Type: "string", Format: "binary"}},
				},
			}},
		},
	}
}

// problemResponses documents problem+json answers for the given statuses.
func (s *Server) problemResponses(codes ...int) map[string]*huma.Response {
	prob := &huma.MediaType{Schema: s.schemaRef(problem.Problem{}, "Problem")}
	out := map[string]*huma.Response{}
	for _, c := range codes {
		out[strconv.Itoa(c)] = &huma.Response{Description: http.StatusText(c),
			Content: map[string]*huma.MediaType{"application/problem+json": prob}}
	}
	return out
}
