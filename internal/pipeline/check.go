package pipeline

import (
	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/validate"
)

// Check validates a request before it runs: structure first (400
// invalid_request with field paths), then semantics (422
// validation_failed embedding the dry-run report). The HTTP API and the
// CLI both call it, so they refuse the same requests the same way.
func Check(req *api.ExtractRequest) error {
	if errs := validate.Structure(req); len(errs) > 0 {
		return problem.Invalid(errs...)
	}
	if rep := validate.Semantic(req); !rep.OK {
		return problem.New(problem.ValidationFailed, "The request failed semantic validation with %d error(s).", rep.ErrorCount).
			With("ok", rep.OK).With("error_count", rep.ErrorCount).With("warning_count", rep.WarningCount).
			With("errors", rep.Errors).With("warnings", rep.Warnings)
	}
	return nil
}
