package pipeline

import (
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/rules"
	"github.com/quarrydev/quarry/internal/validate"
)

// Check validates a request before it runs: structure first (400
// invalid_request with field paths), then semantics (422
// validation_failed embedding the dry-run report). The HTTP API and the
// CLI both call it, so they refuse the same requests the same way.
func Check(req *api.ExtractRequest) error {
	errs, rep := Verdict(req)
	if len(errs) > 0 {
		return problem.Invalid(errs...)
	}
	if !rep.OK {
		return problem.New(problem.ValidationFailed, "The request failed semantic validation with %d error(s).", rep.ErrorCount).
			With("ok", rep.OK).With("error_count", rep.ErrorCount).With("warning_count", rep.WarningCount).
			With("errors", rep.Errors).With("warnings", rep.Warnings)
	}
	return nil
}

// Verdict is the one decision about a request, shared by Check (the real
// run) and the dry run (/extract:validate), so the two always agree:
// malformed fields (400 invalid_request in both) or, for a well-formed
// request, the semantic report (422 validation_failed from a run, 200
// with ok false from the dry run). The semantic report is empty when the
// request is malformed.
func Verdict(req *api.ExtractRequest) ([]problem.FieldError, api.ValidationReport) {
	errs := validate.Structure(req)
	if req != nil {
		errs = append(errs, checkPIIOptions(req.Options)...)
	}
	if len(errs) > 0 {
		return errs, api.ValidationReport{}
	}
	return nil, withPredicates(validate.Semantic(req), req)
}

// withPredicates adds the rule engine's verdict on each predicate: CEL
// that does not type-check against the schema is an error at
// rules[i].predicate, natural language a warning that it needs an LLM.
func withPredicates(rep api.ValidationReport, req *api.ExtractRequest) api.ValidationReport {
	extra := rules.Check(req.Rules, ruleSchemas(req))
	if len(extra) == 0 {
		return rep
	}
	return api.NewValidationReport(slices.Concat(rep.Errors, rep.Warnings, extra))
}

// checkPIIOptions refuses unknown strategies, jurisdictions and types in
// options.pii before anything runs.
func checkPIIOptions(o *api.Options) []problem.FieldError {
	if o == nil || o.PII == nil {
		return nil
	}
	var errs []problem.FieldError
	if o.PII.Mask != "" && !slices.Contains(pii.Strategies(), o.PII.Mask) {
		errs = append(errs, problem.FieldError{Path: "options.pii.mask", Value: o.PII.Mask,
			Message: "unknown masking strategy; use one of " + strings.Join(pii.Strategies(), ", ")})
	}
	if err := pii.ValidateOptions(pii.Options{Jurisdictions: o.PII.Jurisdictions, Types: o.PII.Types, Locale: o.PII.Locale}); err != nil {
		errs = append(errs, problem.FieldError{Path: "options.pii", Message: err.Error()})
	}
	return errs
}
