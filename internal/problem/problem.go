// Package problem holds Quarry's error codes and the RFC 7807 problem
// document they travel in. Every package that refuses input returns a
// *Problem; the code decides the HTTP status in one place (Status).
package problem

import (
	"errors"
	"fmt"
	"net/http"
)

// Stable application codes. Clients branch on these; never rename one.
const (
	InvalidRequest          = "invalid_request"
	Unauthorized            = "unauthorized"
	NotFound                = "not_found"
	Timeout                 = "timeout"
	NotReady                = "not_ready"
	NotCancellable          = "not_cancellable"
	Conflict                = "conflict"
	FileTooLarge            = "file_too_large"
	InvalidBase64           = "invalid_base64"
	ValidationFailed        = "validation_failed"
	EncryptedPDF            = "encrypted_pdf"
	CorruptPDF              = "corrupt_pdf"
	UnsupportedFile         = "unsupported_file"
	OfficeConversionFailed  = "office_conversion_failed"
	ArchiveExtractionFailed = "archive_extraction_failed"
	ImageConversionFailed   = "image_conversion_failed"
	EmailParseFailed        = "email_parse_failed"
	LimitExceeded           = "limit_exceeded"
	Unavailable             = "unavailable"
	Internal                = "internal_error"
)

var catalogue = map[string]struct {
	status int
	title  string
}{
	InvalidRequest:          {http.StatusBadRequest, "Invalid request"},
	Unauthorized:            {http.StatusUnauthorized, "Unauthorized"},
	NotFound:                {http.StatusNotFound, "Not found"},
	Timeout:                 {http.StatusRequestTimeout, "Timeout"},
	NotReady:                {http.StatusConflict, "Result not ready"},
	NotCancellable:          {http.StatusConflict, "Not cancellable"},
	Conflict:                {http.StatusConflict, "Conflict"},
	FileTooLarge:            {http.StatusRequestEntityTooLarge, "File too large"},
	InvalidBase64:           {http.StatusUnprocessableEntity, "Invalid base64"},
	ValidationFailed:        {http.StatusUnprocessableEntity, "Validation failed"},
	EncryptedPDF:            {http.StatusUnprocessableEntity, "Encrypted PDF"},
	CorruptPDF:              {http.StatusUnprocessableEntity, "Corrupt PDF"},
	UnsupportedFile:         {http.StatusUnprocessableEntity, "Unsupported file"},
	OfficeConversionFailed:  {http.StatusUnprocessableEntity, "Office conversion failed"},
	ArchiveExtractionFailed: {http.StatusUnprocessableEntity, "Archive extraction failed"},
	ImageConversionFailed:   {http.StatusUnprocessableEntity, "Image conversion failed"},
	EmailParseFailed:        {http.StatusUnprocessableEntity, "E-mail parse failed"},
	LimitExceeded:           {http.StatusRequestEntityTooLarge, "Limit exceeded"},
	Unavailable:             {http.StatusServiceUnavailable, "Service unavailable"},
	Internal:                {http.StatusInternalServerError, "Internal error"},
}

// TypeBase prefixes the problem type URI.
const TypeBase = "https://quarry.dev/problems/"

// Problem is an RFC 7807 problem document with Quarry's stable code.
type Problem struct {
	Type       string         `json:"type"`
	Title      string         `json:"title"`
	Status     int            `json:"status"`
	Code       string         `json:"code"`
	Detail     string         `json:"detail"`
	Instance   *string        `json:"instance"`
	Extensions map[string]any `json:"extensions"`
}

// FieldError is one offending path of an invalid_request problem.
type FieldError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
	Value   any    `json:"value,omitempty"`
}

// New returns a problem for code with a formatted detail.
func New(code, format string, args ...any) *Problem {
	c, ok := catalogue[code]
	if !ok {
		c = catalogue[Internal]
	}
	return &Problem{
		Type:       TypeBase + code,
		Title:      c.title,
		Status:     c.status,
		Code:       code,
		Detail:     fmt.Sprintf(format, args...),
		Extensions: map[string]any{},
	}
}

// With sets an extension and returns p for chaining.
func (p *Problem) With(key string, v any) *Problem {
	if p.Extensions == nil {
		p.Extensions = map[string]any{}
	}
	p.Extensions[key] = v
	return p
}

// Invalid returns a 400 invalid_request listing field errors.
func Invalid(errs ...FieldError) *Problem {
	detail := "The request body is not valid."
	if len(errs) == 1 {
		detail = errs[0].Path + ": " + errs[0].Message
	} else if len(errs) > 1 {
		detail = fmt.Sprintf("%d problems, first: %s: %s", len(errs), errs[0].Path, errs[0].Message)
	}
	return New(InvalidRequest, "%s", detail).With("errors", errs)
}

// Error implements error.
func (p *Problem) Error() string { return p.Code + ": " + p.Detail }

// GetStatus returns the HTTP status (huma.StatusError).
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send application/problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// Status returns the HTTP status for a code (500 for unknown codes).
func Status(code string) int {
	if c, ok := catalogue[code]; ok {
		return c.status
	}
	return http.StatusInternalServerError
}

// As returns the *Problem inside err, if any.
func As(err error) (*Problem, bool) {
	var p *Problem
	if errors.As(err, &p) {
		return p, true
	}
	return nil, false
}

// From converts any error into a problem: problems pass through, anything
// else becomes a 500 that does not leak internals.
func From(err error) *Problem {
	if p, ok := As(err); ok {
		return p
	}
	return New(Internal, "An unexpected error occurred.")
}
