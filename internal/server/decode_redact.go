package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
)

// decodeRedactRequest reads the JSON body (file.content_base64) or the
// multipart body (a `request` part and one `file` part), within the same
// body and file limits as the extract endpoints.
func (s *Server) decodeRedactRequest(w http.ResponseWriter, r *http.Request) (*api.RedactRequest, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		return s.decodeRedactMultipart(r, params["boundary"])
	case mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json"):
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, s.bodyError(err)
		}
		req, err := parseRedactJSON(body, "")
		if err != nil {
			return nil, err
		}
		if req.File == nil {
			return req, nil // redactOptions names the missing file
		}
		if req.File.ContentBase64 == "" {
			return nil, problem.Invalid(problem.FieldError{Path: "file.content_base64", Message: "content_base64 is required in JSON mode (or send the file as a multipart `file` part)"})
		}
		if err := leaseOf(r).grow(int64(base64.StdEncoding.DecodedLen(len(req.File.ContentBase64)))); err != nil {
			return nil, err
		}
		data, err := s.decodeBase64At(req.File.ContentBase64, req.File.Filename, "file.content_base64")
		if err != nil {
			return nil, err
		}
		req.File.Data, req.File.ContentBase64 = data, ""
		return req, nil
	default:
		return nil, problem.Invalid(problem.FieldError{Path: "Content-Type",
			Message: fmt.Sprintf("unsupported content type %q: send application/json or multipart/form-data", mt)})
	}
}

// parseRedactJSON decodes the request strictly: an unknown field is more
// likely a misspelt option ("type" for "types") than something to ignore,
// and ignoring it would leave personal data in the file.
func parseRedactJSON(body []byte, prefix string) (*api.RedactRequest, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, problem.Invalid(problem.FieldError{Path: prefix + "body", Message: "the request body is empty"})
	}
	var req api.RedactRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return nil, problem.Invalid(problem.FieldError{Path: prefix + strings.Trim(field, `"`), Message: "unknown field"})
		}
		return nil, problem.Invalid(jsonFieldError(err, prefix))
	}
	if dec.More() {
		return nil, problem.Invalid(problem.FieldError{Path: prefix + "body", Message: "unexpected data after the JSON document"})
	}
	return &req, nil
}

func (s *Server) decodeRedactMultipart(r *http.Request, boundary string) (*api.RedactRequest, error) {
	if boundary == "" {
		return nil, problem.Invalid(problem.FieldError{Path: "Content-Type", Message: "multipart/form-data without a boundary"})
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, problem.Invalid(problem.FieldError{Path: "body", Message: "malformed multipart body"})
	}
	req := &api.RedactRequest{}
	var file *api.FileInput
	limit := s.cfg.Limits.MaxBytes
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, s.partError(err)
		}
		switch part.FormName() {
		case "request":
			body, err := io.ReadAll(io.LimitReader(part, 1<<20))
			if err != nil {
				return nil, s.bodyError(err)
			}
			if req, err = parseRedactJSON(body, "request."); err != nil {
				return nil, err
			}
			if req.File != nil {
				return nil, problem.Invalid(problem.FieldError{Path: "request.file", Message: "multipart mode sends the file as a `file` part, not in the request"})
			}
		case "file", "files":
			if file != nil {
				return nil, problem.Invalid(problem.FieldError{Path: "file", Message: "one file per request: redact files one by one"})
			}
			name := part.FileName()
			if name == "" {
				name = "file"
			}
			data, err := io.ReadAll(io.LimitReader(part, limit+1))
			if err != nil {
				return nil, s.bodyError(err)
			}
			if limit > 0 && int64(len(data)) > limit {
				return nil, tooLarge(name, limit)
			}
			file = &api.FileInput{Filename: name, ContentType: part.Header.Get("Content-Type"), Data: data}
		default:
			_, _ = io.Copy(io.Discard, part)
		}
	}
	req.File = file
	return req, nil
}
