package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/quarrydev/quarry/internal/obs"
	"github.com/quarrydev/quarry/internal/problem"
)

// writeProblem sends an RFC 7807 problem document.
func writeProblem(w http.ResponseWriter, r *http.Request, p *problem.Problem) {
	if p.Status >= 500 {
		obs.Logger(r.Context()).Error("request failed", "code", p.Code, "detail", p.Detail)
	}
	setRetryAfter(w, p)
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// init makes every error huma produces itself (parameter validation,
// unreadable bodies, unknown methods) a Quarry problem with a stable code.
func init() {
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		var fields []problem.FieldError
		for _, err := range errs {
			if err == nil {
				continue
			}
			if d, ok := err.(huma.ErrorDetailer); ok {
				det := d.ErrorDetail()
				fields = append(fields, problem.FieldError{Path: strings.TrimPrefix(det.Location, "body."), Message: det.Message, Value: det.Value})
				continue
			}
			if p, ok := problem.As(err); ok {
				return p
			}
			fields = append(fields, problem.FieldError{Path: "", Message: err.Error()})
		}
		switch status {
		case http.StatusBadRequest, http.StatusUnprocessableEntity:
			if len(fields) == 0 {
				fields = append(fields, problem.FieldError{Path: "", Message: msg})
			}
			return problem.Invalid(fields...)
		case http.StatusUnauthorized:
			return problem.New(problem.Unauthorized, "%s", msg)
		case http.StatusNotFound:
			return problem.New(problem.NotFound, "%s", msg)
		case http.StatusRequestEntityTooLarge:
			return problem.New(problem.FileTooLarge, "%s", msg)
		case http.StatusRequestTimeout:
			return problem.New(problem.Timeout, "%s", msg)
		case http.StatusServiceUnavailable:
			return problem.New(problem.Unavailable, "%s", msg)
		}
		if status >= 500 {
			return problem.New(problem.Internal, "An unexpected error occurred.")
		}
		p := problem.New(problem.InvalidRequest, "%s", msg)
		p.Status = status
		return p
	}
}
