package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/quarrydev/quarry/internal/obs"
)

// The /v1 platform surface wraps every JSON answer as the reference
// platform's fixed clients expect (platform-api-facts.md, the table at its
// top): {"status":"success","data":...,"error":null}, and errors as
// {"status":"error","data":null,"error":{"code","message"}}.

// v1 error codes and their HTTP statuses (section 1.4 of the contract).
const (
	v1InvalidAPIKey  = "INVALID_API_KEY"
	v1Unauthorized   = "UNAUTHORIZED"
	v1Forbidden      = "FORBIDDEN"
	v1TrialExpired   = "TRIAL_EXPIRED"
	v1QuotaExceeded  = "QUOTA_EXCEEDED"
	v1RateLimited    = "RATE_LIMIT_EXCEEDED"
	v1NotFound       = "NOT_FOUND"
	v1Validation     = "VALIDATION_ERROR"
	v1Internal       = "INTERNAL_ERROR"
	v1MethodNotAllow = "METHOD_NOT_ALLOWED"
	v1Conflict       = "CONFLICT"   // the resource exists (an account's e-mail, a membership)
	v1LastOwner      = "LAST_OWNER" // the change would leave a workspace without an owner
)

var v1Status = map[string]int{
	v1InvalidAPIKey: http.StatusUnauthorized, v1Unauthorized: http.StatusUnauthorized,
	v1Forbidden: http.StatusForbidden, v1TrialExpired: http.StatusPaymentRequired,
	v1QuotaExceeded: http.StatusPaymentRequired, v1RateLimited: http.StatusTooManyRequests,
	v1NotFound: http.StatusNotFound, v1Validation: http.StatusUnprocessableEntity,
	v1Internal: http.StatusInternalServerError, v1MethodNotAllow: http.StatusMethodNotAllowed,
	v1Conflict: http.StatusConflict, v1LastOwner: http.StatusConflict,
}

type v1Envelope struct {
	Status string   `json:"status"`
	Data   any      `json:"data"`
	Error  *v1Error `json:"error"`
}

type v1Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// v1OK writes a success envelope.
func v1OK(w http.ResponseWriter, status int, data any) {
	writeJSON(w, status, v1Envelope{Status: "success", Data: data})
}

// v1Fail writes an error envelope with the code's status.
func v1Fail(w http.ResponseWriter, r *http.Request, code, msg string) {
	status, ok := v1Status[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 {
		obs.Logger(r.Context()).Error("request failed", "code", code, "detail", msg)
	}
	writeJSON(w, status, v1Envelope{Status: "error", Error: &v1Error{Code: code, Message: msg}})
}

// v1RetryAfter sets Retry-After in whole seconds (at least one).
func v1RetryAfter(w http.ResponseWriter, seconds int) {
	w.Header().Set("Retry-After", strconv.Itoa(max(seconds, 1)))
}

// decodeV1 reads a small JSON body into v, answering VALIDATION_ERROR
// when it cannot.
func decodeV1(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		v1Fail(w, r, v1Validation, "The body is not the JSON this route takes: "+err.Error())
		return false
	}
	return true
}
