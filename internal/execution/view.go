package execution

import (
	"encoding/json"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/store"
)

// View renders a stored extraction on the wire.
func View(e *store.Extraction) api.Extraction {
	out := api.Extraction{
		ID: e.ID, Status: e.Status, SubmittedAt: e.SubmittedAt, StartedAt: e.StartedAt, FinishedAt: e.FinishedAt,
		Attempts: e.Attempts, Error: api.NewExtractionError(api.ErrCodeExtractionFailed, e.Error),
	}
	if len(e.PostProcessing) > 0 {
		var pp api.PostProcessing
		if json.Unmarshal(e.PostProcessing, &pp) == nil {
			out.PostProcessing = &pp
		}
	}
	return out
}

// acceptedView is the 202 body: the extraction as it was accepted. An
// idempotent replay returns exactly this, whatever happened since; the
// current state is one GET away.
func acceptedView(e *store.Extraction) api.Extraction {
	return api.Extraction{ID: e.ID, Status: api.ExtractionQueued, SubmittedAt: e.SubmittedAt}
}
