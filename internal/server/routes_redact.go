package server

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image/color"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/redact"
)

// routeRedact serves POST /api/v1/pii:redact (docs/redaction.md). Like the
// extract endpoints it reads its body itself (multipart streams, strict
// base64), so its operation is added to the OpenAPI document by hand.
func (s *Server) routeRedact() {
	s.mux.HandleFunc("POST /api/v1/pii:redact", s.handleRedact)
	resp := s.problemResponses(400, 401, 408, 413, 422, 503)
	resp["200"] = &huma.Response{Description: "The redacted file (default), or with `response: json` the file in base64 and what was removed.",
		Content: map[string]*huma.MediaType{
			"application/pdf":  {Schema: &huma.Schema{Type: "string", Format: "binary"}},
			"application/json": {Schema: s.schemaRef(api.RedactResult{}, "RedactResult")},
		}}
	s.api.OpenAPI().AddOperation(&huma.Operation{
		OperationID: "pii-redact", Method: http.MethodPost, Path: "/api/v1/pii:redact", Tags: []string{"PII"},
		Summary: "Remove PII from a file",
		Description: "PDFs and images come back as a new PDF: each page rendered to pixels, the findings' boxes painted, " +
			"and an invisible text layer written from the masked text. Plain-text formats come back masked.",
		RequestBody: &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
			"application/json": {Schema: s.schemaRef(api.RedactRequest{}, "RedactRequest")},
			"multipart/form-data": {Schema: &huma.Schema{Type: "object", Required: []string{"file"},
				Properties: map[string]*huma.Schema{
					"request": {Type: "string", Description: "RedactRequest JSON without `file`.", Format: "json"},
					"file":    {Type: "string", Format: "binary"},
				}}},
		}},
		Responses: resp,
	})
}

func (s *Server) handleRedact(w http.ResponseWriter, r *http.Request) {
	req, err := s.decodeRedactRequest(w, r)
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	opts, err := s.redactOptions(r.Context(), req)
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	if len(req.File.Data) == 0 {
		writeProblem(w, r, problem.New(problem.UnsupportedFile, "File %q is empty.", req.File.Filename).With("filename", req.File.Filename))
		return
	}
	// One page is held as pixels (and once more while it is encoded) next
	// to the file and the output; the body itself is charged already.
	side := float64(opts.DPI) * 11.7
	if err := leaseOf(r).grow(int64(2*4*side*side) + int64(len(req.File.Data))); err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	release, err := s.budget.pipeline(r.Context())
	if err != nil {
		writeProblem(w, r, problem.From(err))
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SyncTimeout)
	defer cancel()

	var missing []string
	if len(req.Fields) > 0 {
		file := api.FileInput{Filename: req.File.Filename, ContentType: req.File.ContentType, Data: req.File.Data}
		if opts.Areas, missing, err = s.engine.FieldAreas(ctx, file, req.DocumentType, req.Fields); err != nil {
			writeProblem(w, r, s.redactProblem(ctx, err))
			return
		}
	}
	in := ingest.Input{Name: req.File.Filename, Data: req.File.Data, DeclaredType: req.File.ContentType}
	res, err := redact.File(ctx, s.engine.Loader, in, opts)
	if err != nil {
		writeProblem(w, r, s.redactProblem(ctx, err))
		return
	}
	if missing != nil {
		res.Summary.FieldsNotFound = missing
	}
	s.writeRedacted(w, r, req, res)
}

// redactProblem turns a failed redaction into a problem: past the sync
// time limit it is 408 timeout, like POST /api/v1/extract.
func (s *Server) redactProblem(ctx context.Context, err error) *problem.Problem {
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return problem.New(problem.Timeout, "The redaction did not finish within %s.", s.cfg.SyncTimeout)
	}
	return problem.From(err)
}

// writeRedacted answers the file itself with what was removed in headers
// (counts, types and pages, never values), or the JSON variant.
func (s *Server) writeRedacted(w http.ResponseWriter, r *http.Request, req *api.RedactRequest, res *redact.Result) {
	name := redactedName(req.File.Filename, res.MediaType)
	w.Header().Set("Cache-Control", "no-store")
	if wantsJSON(req, r) {
		writeJSON(w, http.StatusOK, api.RedactResult{Filename: name, MediaType: res.MediaType, Pages: res.Pages, Bytes: len(res.Data),
			ContentBase64: base64.StdEncoding.EncodeToString(res.Data), Redacted: res.Summary})
		return
	}
	h := w.Header()
	h.Set("Content-Type", res.MediaType)
	h.Set("Content-Length", strconv.Itoa(len(res.Data)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("X-Quarry-Redacted-Count", strconv.Itoa(res.Summary.Count))
	h.Set("X-Quarry-Redacted-Boxes", strconv.Itoa(res.Summary.Boxes))
	types := make([]string, 0, len(res.Summary.ByType))
	for t, n := range res.Summary.ByType {
		types = append(types, t+"="+strconv.Itoa(n))
	}
	sort.Strings(types)
	h.Set("X-Quarry-Redacted-Types", strings.Join(types, ","))
	pages := make([]string, len(res.Summary.Pages))
	for i, p := range res.Summary.Pages {
		pages[i] = strconv.Itoa(p)
	}
	h.Set("X-Quarry-Redacted-Pages", strings.Join(pages, ","))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(res.Data)
}

// wantsJSON: `response: json`, or an Accept header that names JSON and
// not the file's type.
func wantsJSON(req *api.RedactRequest, r *http.Request) bool {
	if req.Response != "" {
		return req.Response == "json"
	}
	acc := r.Header.Get("Accept")
	return strings.Contains(acc, "application/json") && !strings.Contains(acc, "application/pdf")
}

// redactedName is the answer's file name: the input's stem, ".redacted",
// and the extension of what is sent back.
func redactedName(name, mediaType string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	ext := path.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	if stem == "" || stem == "." || stem == "/" {
		stem = "document"
	}
	if strings.HasPrefix(mediaType, "application/pdf") {
		ext = ".pdf"
	}
	return stem + ".redacted" + ext
}

// redactOptions checks the request's options and resolves them against
// the settings. Every mistake is a 400 invalid_request naming the field.
func (s *Server) redactOptions(ctx context.Context, req *api.RedactRequest) (redact.Options, error) {
	var errs []problem.FieldError
	bad := func(p, format string, args ...any) {
		errs = append(errs, problem.FieldError{Path: p, Message: fmt.Sprintf(format, args...)})
	}
	po := pii.Options{Types: req.Types, Jurisdictions: req.Jurisdictions, Locale: req.Locale, MinScore: req.MinScore}
	if err := pii.ValidateOptions(po); err != nil {
		bad("types", "%v", err)
	}
	if req.MinScore < 0 || req.MinScore > 1 {
		bad("min_score", "must be between 0 and 1")
	}
	mask := req.Mask
	if mask == "" {
		mask = pii.MaskRedact
	}
	masker, err := pii.NewMasker(mask, pii.WorkspaceKey(ctx, s.engine.PIIKey), 1)
	if err != nil {
		bad("mask", "%v", err)
	}
	fill, ok := parseFill(req.Fill)
	if !ok {
		bad("fill", "%q is not a colour: give #rrggbb, black or white", req.Fill)
	}
	dpi := req.DPI
	if dpi == 0 {
		dpi = s.cfg.RedactDPI
	}
	if dpi == 0 {
		dpi = redact.DefaultDPI
	}
	if dpi < 72 || dpi > 400 {
		bad("dpi", "must be between 72 and 400")
	}
	if f := strings.ToLower(req.OutputFormat); f != "" && f != "pdf" {
		bad("output_format", "%q is not supported: PDFs and images are answered as pdf", req.OutputFormat)
	}
	if req.Response != "" && req.Response != "file" && req.Response != "json" {
		bad("response", "must be file or json")
	}
	for i, f := range req.Fields {
		if strings.TrimSpace(f) == "" {
			bad(fmt.Sprintf("fields[%d]", i), "a field name is required")
		}
	}
	if req.File == nil {
		bad("file", "the file to redact is required (file.content_base64 in JSON mode, a `file` part in multipart mode)")
	}
	if len(errs) > 0 {
		return redact.Options{}, problem.Invalid(errs...)
	}
	return redact.Options{PII: po, Masker: masker, DPI: dpi, Fill: fill,
		MaxPixels: s.cfg.Limits.MaxImagePixels, ToolTimeout: s.cfg.Limits.ToolTimeout}, nil
}

func parseFill(s string) (color.RGBA, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "black":
		return color.RGBA{A: 0xff}, true
	case "white":
		return color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}, true
	}
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) != 6 {
		return color.RGBA{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.RGBA{}, false
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, true
}
