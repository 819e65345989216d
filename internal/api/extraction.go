package api

import (
	"encoding/json"
	"time"
)

// Extraction statuses.
const (
	ExtractionQueued    = "queued"
	ExtractionRunning   = "running"
	ExtractionSucceeded = "succeeded"
	ExtractionFailed    = "failed"
	ExtractionCancelled = "cancelled"
)

// ExtractionStatuses lists every extraction status.
var ExtractionStatuses = []string{ExtractionQueued, ExtractionRunning, ExtractionSucceeded, ExtractionFailed, ExtractionCancelled}

// Post-processing statuses.
const (
	PostPending   = "pending"
	PostRunning   = "running"
	PostSucceeded = "succeeded"
	PostFailed    = "failed"
)

// PostProcessingStatuses lists every post-processing status.
var PostProcessingStatuses = []string{PostPending, PostRunning, PostSucceeded, PostFailed}

// Extraction is the state of one extraction (sync or async).
type Extraction struct {
	ID             string           `json:"id"`
	Status         string           `json:"status" enum:"queued,running,succeeded,failed,cancelled"`
	SubmittedAt    time.Time        `json:"submitted_at"`
	StartedAt      *time.Time       `json:"started_at"`
	FinishedAt     *time.Time       `json:"finished_at"`
	Attempts       int              `json:"attempts"`
	Error          *ExtractionError `json:"error"`
	PostProcessing *PostProcessing  `json:"post_processing"`
}

// Extraction error codes.
const (
	ErrCodeExtractionFailed = "extraction_failed"
	ErrCodeBboxRefineFailed = "bbox_refinement_failed"
)

// ExtractionError says why an extraction or a post-processing leg failed.
// The contract's clients parse it as an object with code and message.
type ExtractionError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// NewExtractionError returns an error object, or nil for an empty message
// (the store keeps only the message text).
func NewExtractionError(code string, msg *string) *ExtractionError {
	if msg == nil || *msg == "" {
		return nil
	}
	return &ExtractionError{Code: code, Message: *msg}
}

// UnmarshalJSON also accepts a bare string, the shape post-processing legs
// were stored in before the error became an object.
func (e *ExtractionError) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*e = ExtractionError{Code: ErrCodeBboxRefineFailed, Message: s}
		return nil
	}
	type plain ExtractionError
	return json.Unmarshal(b, (*plain)(e))
}

// PostProcessing holds the decoupled post-processing legs.
type PostProcessing struct {
	BboxRefinement *PostProcessingLeg `json:"bbox_refinement"`
}

// PostProcessingLeg is the state of one post-processing leg.
type PostProcessingLeg struct {
	Status     string           `json:"status" enum:"pending,running,succeeded,failed"`
	StartedAt  *time.Time       `json:"started_at"`
	FinishedAt *time.Time       `json:"finished_at"`
	Attempts   int              `json:"attempts"`
	Error      *ExtractionError `json:"error"`
}

// ExtractionList is the answer of GET /api/v1/extractions.
type ExtractionList struct {
	Items  []Extraction `json:"items"`
	Total  int          `json:"total"`
	Limit  int          `json:"limit"`
	Offset int          `json:"offset"`
}

// ExtractionResultEnvelope is the answer of GET /api/v1/extractions/{id}/result.
type ExtractionResultEnvelope struct {
	ID     string            `json:"id"`
	Result *ExtractionResult `json:"result"`
}

// VersionInfo is the answer of GET /api/v1/version.
type VersionInfo struct {
	Service       string `json:"service"`
	Version       string `json:"version"`
	Model         string `json:"model"`
	FallbackModel string `json:"fallback_model"`
	EDAAdapter    string `json:"eda_adapter"`
	// Engines lists the external programs found at start (Quarry addition).
	Engines   map[string]string `json:"engines,omitempty"`
	Commit    string            `json:"commit,omitempty"`
	GoVersion string            `json:"go_version,omitempty"`
}

// ValidationReport is the semantic validator's report (extract:validate and
// the extensions of a 422 validation_failed).
type ValidationReport struct {
	OK           bool              `json:"ok"`
	ErrorCount   int               `json:"error_count"`
	WarningCount int               `json:"warning_count"`
	Errors       []ValidationIssue `json:"errors"`
	Warnings     []ValidationIssue `json:"warnings"`
}

// ValidationIssue is one error or warning of the semantic validator.
type ValidationIssue struct {
	Severity string `json:"severity" enum:"error,warning"`
	Code     string `json:"code"`
	Message  string `json:"message"`
	Path     string `json:"path"`
}

// NewValidationReport sorts issues into errors and warnings and counts them.
func NewValidationReport(issues []ValidationIssue) ValidationReport {
	r := ValidationReport{Errors: []ValidationIssue{}, Warnings: []ValidationIssue{}}
	for _, is := range issues {
		if is.Severity == "warning" {
			r.Warnings = append(r.Warnings, is)
		} else {
			r.Errors = append(r.Errors, is)
		}
	}
	r.ErrorCount, r.WarningCount = len(r.Errors), len(r.Warnings)
	r.OK = r.ErrorCount == 0
	return r
}
