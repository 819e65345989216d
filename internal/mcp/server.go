// Package mcp serves Quarry to AI agents over the Model Context Protocol:
// tools, resources and prompts that map one to one onto the REST API.
//
// Every tool is a thin mapping onto a /v1 or /api/v1 route called with the
// caller's own API key, in-process through the server's handler (or over
// HTTP to a remote Quarry), so what an agent may do is exactly what its key
// may do on REST: the same auth, roles, workspace, credits and plan rules,
// and no second copy of any of them here. Two transports: stdio for desktop
// clients (quarry mcp, the key from QUARRY_API_KEY) and Streamable HTTP at
// /mcp on quarry serve (the key from the request's headers).
package mcp

import (
	"context"
	"net/http"
	"strings"
	"time"

	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

// MaxFileBytes caps a document an agent sends or fetches, and a file a
// tool returns inline: 50 MB, the largest any plan accepts.
const MaxFileBytes = 50 << 20

// Options configure a server.
type Options struct {
	// Handler is the Quarry REST handler calls go to in-process. When nil,
	// calls go over HTTP to BaseURL with Client.
	Handler http.Handler
	BaseURL string
	Client  *http.Client

	// Local says the client runs on this machine (stdio): document.process
	// and extract read local paths. Remote clients send base64 or an https
	// URL instead, never a path on the server's disk.
	Local bool
	// Key is the API key of a stdio session; HTTP sessions send theirs.
	Key string
	// Fetch downloads documents named by URL. It must refuse private
	// addresses (internal/webhook's guarded client); nil disables URLs.
	Fetch *http.Client

	// AuthOn says whether the REST API requires keys at the moment (a
	// key or a person exists). /mcp keeps the SDK's DNS-rebinding check
	// unless it does; nil keeps the check always.
	AuthOn func(context.Context) (bool, error)

	// MaxFileBytes overrides MaxFileBytes (tests).
	MaxFileBytes int64
	// PollMin and PollMax bound the interval of waiting for a job.
	PollMin, PollMax time.Duration
	// Version is reported to clients in the initialize answer.
	Version string
}

// Server is Quarry's MCP server: one per process, shared by sessions.
type Server struct {
	opt Options
	be  *backend
	sdk *sdk.Server
}

// New builds the server with its tools, resources and prompts.
func New(opt Options) *Server {
	if opt.MaxFileBytes <= 0 {
		opt.MaxFileBytes = MaxFileBytes
	}
	if opt.PollMin <= 0 {
		opt.PollMin = 100 * time.Millisecond
	}
	if opt.PollMax <= 0 {
		opt.PollMax = 2 * time.Second
	}
	if opt.Version == "" {
		opt.Version = "dev"
	}
	s := &Server{opt: opt}
	if opt.Handler != nil {
		s.be = inProcess(opt.Handler)
	} else {
		s.be = remote(opt.BaseURL, opt.Client)
	}
	s.sdk = sdk.NewServer(&sdk.Implementation{Name: "quarry", Title: "Quarry", Version: opt.Version}, &sdk.ServerOptions{
		Instructions: instructions,
	})
	s.addDocumentTools()
	s.addPIITools()
	s.addDatasetTools()
	s.addCatalogueTools()
	s.addResources()
	s.addPrompts()
	return s
}

// SDK returns the underlying server (tests connect clients to it).
func (s *Server) SDK() *sdk.Server { return s.sdk }

const instructions = `Quarry turns business documents (PDFs, scans, images, office files, e-invoices) into verified, structured data.
Typical flow: document.process a file (it waits for the job by default) -> job.result for its fields, quality grade and PII summary.
For one synchronous run with your own document types and rules use extract. Build datasets of processed jobs with dataset.build,
then dataset.search, dataset.profile and dataset.export. pii.detect and pii.redact work on text and files directly.`

// keyOf is the API key a request acts with: the HTTP request's
// X-API-Key or Authorization: Bearer header, else the session's key.
func (s *Server) keyOf(extra *sdk.RequestExtra) string {
	if extra != nil && extra.Header != nil {
		if k := headerKey(extra.Header); k != "" {
			return k
		}
	}
	return s.opt.Key
}

// headerKey reads a key the way the /v1 routes do.
func headerKey(h http.Header) string {
	if k := strings.TrimSpace(h.Get("X-API-Key")); k != "" {
		return k
	}
	if a := h.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

// Run serves one session over t (stdio, or a test's in-memory transport)
// until the client goes away or ctx ends.
func (s *Server) Run(ctx context.Context, t sdk.Transport) error { return s.sdk.Run(ctx, t) }
