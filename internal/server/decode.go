package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"reflect"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
)

// decodeExtractRequest reads an extraction request in JSON mode
// (files[].content_base64) or multipart mode (a `request` JSON part plus
// `files` parts), and returns it with every file's bytes decoded. Errors
// are problems: 400 for a malformed body, 413 for an oversize file (named),
// 422 invalid_base64.
func (s *Server) decodeExtractRequest(w http.ResponseWriter, r *http.Request) (*api.ExtractRequest, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		return s.decodeMultipart(r, params["boundary"])
	case mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json"):
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, s.bodyError(err)
		}
		req, err := parseRequestJSON(body, "")
		if err != nil {
			return nil, err
		}
		if err := s.tooManyFiles(len(req.Files)); err != nil {
			return nil, err
		}
		// The decoded files live next to the body until the request ends.
		// A file past MaxBytes is refused (413) before it is decoded, so it
		// is charged at most MaxBytes: it must not turn into a 503.
		var decoded int64
		for _, f := range req.Files {
			n := int64(base64.StdEncoding.DecodedLen(len(f.ContentBase64)))
			if limit := s.cfg.Limits.MaxBytes; limit > 0 {
				n = min(n, limit)
			}
			decoded += n
		}
		if err := leaseOf(r).grow(decoded); err != nil {
			return nil, err
		}
		if err := s.decodeBase64Files(req, body); err != nil {
			return nil, err
		}
		return req, nil
	default:
		return nil, problem.Invalid(problem.FieldError{Path: "Content-Type",
			Message: fmt.Sprintf("unsupported content type %q: send application/json or multipart/form-data", mt)})
	}
}

// bodyError turns a failed body read into a problem. The read error itself
// is not shown: it names sockets and addresses, not the caller's mistake.
func (s *Server) bodyError(err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		limit := s.cfg.MaxBodyBytes
		return problem.New(problem.FileTooLarge, "The request body exceeds %d bytes.", limit).With("limit_bytes", limit)
	case errors.Is(err, errSlowBody):
		return s.slowBodyProblem()
	case errors.Is(err, io.ErrUnexpectedEOF):
		return problem.Invalid(problem.FieldError{Path: "body", Message: "the request body ended early: the upload was cut short, or a multipart body lacks its closing boundary"})
	}
	if p, ok := problem.As(err); ok {
		return p
	}
	return problem.Invalid(problem.FieldError{Path: "body", Message: "could not read the request body"})
}

// parseRequestJSON decodes the request JSON, turning decoder errors into
// field errors with paths. prefix names the multipart part, if any.
func parseRequestJSON(body []byte, prefix string) (*api.ExtractRequest, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, problem.Invalid(problem.FieldError{Path: prefix + "body", Message: "the request body is empty"})
	}
	var req api.ExtractRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&req); err != nil {
		return nil, problem.Invalid(jsonFieldError(err, prefix))
	}
	if dec.More() {
		return nil, problem.Invalid(problem.FieldError{Path: prefix + "body", Message: "unexpected data after the JSON document"})
	}
	return &req, nil
}

// jsonFieldError says what was wrong in the caller's terms: the field
// path and the JSON type expected. The decoder's own messages name Go
// types ([]api.FileInput), which mean nothing to a caller.
func jsonFieldError(err error, prefix string) problem.FieldError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		path := te.Field
		if path == "" {
			path = "body"
		}
		return problem.FieldError{Path: prefix + path, Message: fmt.Sprintf("expected %s, got %s", jsonTypeName(te.Type), jsonValueName(te.Value))}
	case errors.As(err, &se):
		return problem.FieldError{Path: prefix + "body", Message: fmt.Sprintf("malformed JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return problem.FieldError{Path: prefix + "body", Message: "malformed JSON: unexpected end of input"}
	default:
		if p, ok := problem.As(err); ok && len(p.Detail) > 0 {
			return problem.FieldError{Path: prefix + "body", Message: p.Detail}
		}
		return problem.FieldError{Path: prefix + "body", Message: "malformed JSON"}
	}
}

// jsonTypeName names the JSON shape a Go type is decoded from.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "a different value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a JSON string"
		}
		return "a JSON array"
	case reflect.Struct, reflect.Map:
		return "a JSON object"
	case reflect.String:
		return "a JSON string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a JSON integer"
	case reflect.Float32, reflect.Float64:
		return "a JSON number"
	}
	return "a different JSON value"
}

// jsonValueName renders UnmarshalTypeError.Value ("string", "number 1.5",
// "array", "bool") as what the caller sent.
func jsonValueName(v string) string {
	kind, rest, _ := strings.Cut(v, " ")
	name := map[string]string{"string": "a string", "number": "a number", "object": "an object", "array": "an array", "bool": "true or false"}[kind]
	if name == "" {
		return "another JSON value"
	}
	if rest != "" && kind == "number" && len(rest) <= 32 {
		return name + " (" + rest + ")"
	}
	return name
}

// decodeBase64Files checks JSON-mode files: each needs content_base64,
// which must be strict base64 of at most MaxBytes decoded bytes.
func (s *Server) decodeBase64Files(req *api.ExtractRequest, body []byte) error {
	var given []bool // files whose content_base64 is present, maybe ""
	var missing []problem.FieldError
	for i := range req.Files {
		if req.Files[i].ContentBase64 == "" {
			if given == nil {
				given = contentGiven(body, len(req.Files))
			}
			if given[i] {
				// "" is an empty file, not a missing one: it gets the
				// same answer as an empty multipart part (emptyFiles).
				req.Files[i].Data = []byte{}
				continue
			}
			missing = append(missing, problem.FieldError{Path: fmt.Sprintf("files[%d].content_base64", i),
				Message: "content_base64 is required in JSON mode (or send the file as a multipart part)"})
		}
	}
	if len(missing) > 0 {
		return problem.Invalid(missing...)
	}
	for i := range req.Files {
		f := &req.Files[i]
		if f.Data != nil {
			continue
		}
		data, err := s.decodeBase64(f.ContentBase64, f.Filename, i)
		if err != nil {
			return err
		}
		f.Data, f.ContentBase64 = data, ""
	}
	return nil
}

// contentGiven reports, per file, whether content_base64 is present in
// body (even as ""), which the decoded string cannot tell. It runs only
// when some file's content is empty, so a normal request is decoded once.
func contentGiven(body []byte, n int) []bool {
	var probe struct {
		Files []struct {
			Content presence `json:"content_base64"`
		} `json:"files"`
	}
	_ = json.Unmarshal(body, &probe) // the body decoded once already
	out := make([]bool, n)
	for i := range min(n, len(probe.Files)) {
		out[i] = bool(probe.Files[i].Content)
	}
	return out
}

// presence records that a JSON value other than null was there.
type presence bool

func (p *presence) UnmarshalJSON(b []byte) error {
	*p = string(b) != "null"
	return nil
}

// emptyFiles refuses a request with an empty file, in JSON mode
// (content_base64 "") and multipart mode (an empty part) alike: an empty
// file has no format to read, so it is unsupported_file naming the file
// rather than a successful run with nothing in it.
func emptyFiles(req *api.ExtractRequest) error {
	for i, f := range req.Files {
		if len(f.Data) == 0 {
			return problem.New(problem.UnsupportedFile, "File %q is empty.", f.Filename).
				With("filename", f.Filename).With("path", fmt.Sprintf("files[%d]", i))
		}
	}
	return nil
}

func (s *Server) decodeBase64(in, filename string, i int) ([]byte, error) {
	return s.decodeBase64At(in, filename, fmt.Sprintf("files[%d].content_base64", i))
}

// decodeBase64At decodes one file's base64 found at path (for messages),
// refusing it as too large before decoding when its length says so.
func (s *Server) decodeBase64At(in, filename, path string) ([]byte, error) {
	// Line-wrapped base64 (MIME style) is common; whitespace is not data.
	compact := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t':
			return -1
		}
		return r
	}, in)
	limit := s.cfg.Limits.MaxBytes
	if limit > 0 && int64(base64.StdEncoding.DecodedLen(len(compact))) > limit+3 {
		return nil, tooLarge(filename, limit)
	}
	data, err := base64.StdEncoding.Strict().DecodeString(compact)
	if err != nil {
		return nil, problem.New(problem.InvalidBase64, "%s (%q) is not valid base64: %v", path, filename, err).
			With("filename", filename).With("path", path)
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, tooLarge(filename, limit)
	}
	return data, nil
}

// tooManyFiles refuses a request with more than QUARRY_MAX_FILES_PER_REQUEST
// files (JSON entries or multipart parts).
func (s *Server) tooManyFiles(n int) error {
	if limit := s.cfg.Edge.MaxFiles; limit > 0 && n > limit {
		return problem.New(problem.LimitExceeded, "The request has more than %d files.", limit).With("limit_files", limit)
	}
	return nil
}

func tooLarge(filename string, limit int64) *problem.Problem {
	return problem.New(problem.FileTooLarge, "File %q is larger than %d bytes.", filename, limit).
		With("filename", filename).With("limit_bytes", limit)
}

// partHeaderLimit is what mime/multipart reads of one part's header (its
// fixed limit; past it, or past 10,000 header lines, NextPart fails).
const partHeaderLimit = 10 << 20

// partHeaderTooLarge answers a part whose header passes mime/multipart's
// limit, a file name of megabytes say: the body is well formed, so
// "malformed" would send the caller looking for the wrong fault.
func partHeaderTooLarge() *problem.Problem {
	return problem.New(problem.LimitExceeded,
		"A multipart part header is too large: Quarry reads at most %d bytes and 10000 lines of one part's headers (file name included).",
		partHeaderLimit).With("limit_bytes", partHeaderLimit)
}

// decodeMultipart streams the parts: `request` (JSON), optional
// `file_options` (JSON), and one `files` part per file.
// partError is the problem of a multipart reader that could not reach
// the next part: the body's own limits, an oversize part header, or a
// malformed body (the reader's message quotes raw lines and Go package
// names, so it is not passed on).
func (s *Server) partError(err error) error {
	var mbe *http.MaxBytesError
	if _, isProblem := problem.As(err); isProblem || errors.As(err, &mbe) || errors.Is(err, errSlowBody) {
		return s.bodyError(err)
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return partHeaderTooLarge()
	}
	return problem.Invalid(problem.FieldError{Path: "body",
		Message: "malformed multipart body: each part must start with the boundary and end with a closing boundary"})
}

func (s *Server) decodeMultipart(r *http.Request, boundary string) (*api.ExtractRequest, error) {
	if boundary == "" {
		return nil, problem.Invalid(problem.FieldError{Path: "Content-Type", Message: "multipart/form-data without a boundary"})
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, problem.Invalid(problem.FieldError{Path: "body", Message: "malformed multipart body"})
	}
	var (
		req         *api.ExtractRequest
		files       []api.FileInput
		fileOptions map[string]api.FileOption
	)
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
			body, err := io.ReadAll(io.LimitReader(part, 64<<20))
			if err != nil {
				return nil, s.bodyError(err)
			}
			if req, err = parseRequestJSON(body, "request."); err != nil {
				return nil, err
			}
		case "file_options":
			body, err := io.ReadAll(io.LimitReader(part, 16<<20))
			if err != nil {
				return nil, s.bodyError(err)
			}
			if err := json.Unmarshal(body, &fileOptions); err != nil {
				return nil, problem.Invalid(jsonFieldError(err, "file_options."))
			}
		case "files", "file", "files[]":
			// Counted before the part is read: a body of thousands of
			// tiny parts is refused at the first one past the limit.
			if err := s.tooManyFiles(len(files) + 1); err != nil {
				return nil, err
			}
			name := part.FileName()
			if name == "" {
				name = fmt.Sprintf("file-%d", len(files)+1)
			}
			data, err := io.ReadAll(io.LimitReader(part, limit+1))
			if err != nil {
				return nil, s.bodyError(err)
			}
			if limit > 0 && int64(len(data)) > limit {
				return nil, tooLarge(name, limit)
			}
			if data == nil {
				data = []byte{}
			}
			files = append(files, api.FileInput{Filename: name, ContentType: part.Header.Get("Content-Type"), Data: data})
		default:
			// Unknown parts are drained and ignored, like unknown JSON fields.
			_, _ = io.Copy(io.Discard, part)
		}
	}
	if req == nil {
		req = &api.ExtractRequest{}
	}
	var both []problem.FieldError
	for i, f := range req.Files {
		if f.ContentBase64 != "" {
			both = append(both, problem.FieldError{Path: fmt.Sprintf("request.files[%d].content_base64", i),
				Message: "content_base64 is not allowed in multipart mode: send the bytes as a `files` part"})
		}
	}
	if len(both) > 0 {
		return nil, problem.Invalid(both...)
	}
	if len(req.Files) > 0 && len(files) == 0 {
		return nil, problem.Invalid(problem.FieldError{Path: "files", Message: "multipart mode needs at least one `files` part"})
	}
	// Multipart files carry their name and type in the part headers; a
	// request.files[] entry with the same filename may add expected_type.
	pins := map[string]string{}
	for _, f := range req.Files {
		pins[f.Filename] = f.ExpectedType
	}
	for k, v := range fileOptions {
		if req.FileOptions == nil {
			req.FileOptions = map[string]api.FileOption{}
		}
		req.FileOptions[k] = v
	}
	for i := range files {
		if p := pins[files[i].Filename]; p != "" {
			files[i].ExpectedType = p
		}
	}
	req.Files = files
	return req, nil
}
