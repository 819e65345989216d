package server

import (
	"errors"
	"net/http"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/dataset"
	"github.com/quarrydev/quarry/internal/llmsettings"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1FineTune is a fine-tuning job as answered (E51, E52).
type v1FineTune struct {
	JobID          string  `json:"job_id"`
	ID             string  `json:"id"`
	Status         string  `json:"status"` // queued, running, succeeded, failed
	DatasetID      string  `json:"dataset_id"`
	DatasetVersion int     `json:"dataset_version"`
	Model          string  `json:"model"`
	Suffix         string  `json:"suffix,omitempty"`
	FineTunedModel *string `json:"fine_tuned_model"`
	ProviderJobID  string  `json:"provider_job_id"`
	Error          string  `json:"error,omitempty"`
	CreatedAt      string  `json:"created_at"`
	UpdatedAt      string  `json:"updated_at"`
}

func toV1FineTune(f *store.FineTune) v1FineTune {
	out := v1FineTune{JobID: f.ID, ID: f.ID, Status: f.Status, DatasetID: f.DatasetID, DatasetVersion: f.DatasetVersion,
		Model: f.BaseModel, Suffix: f.Suffix, ProviderJobID: f.ProviderJobID, Error: f.Error,
		CreatedAt: stampUTC(f.CreatedAt), UpdatedAt: stampUTC(f.UpdatedAt)}
	if f.FineTunedModel != "" {
		out.FineTunedModel = &f.FineTunedModel
	}
	return out
}

func (s *Server) routeV1FineTune() {
	s.mux.HandleFunc("POST /v1/fine-tune", func(w http.ResponseWriter, r *http.Request) {
		if !s.v1Allow(w, r, tenant.RoleAdmin) {
			return
		}
		ws := s.workspace(r.Context())
		plan, ok := s.v1Plan(w, r, ws)
		if !ok {
			return
		}
		if !dataset.ComplianceAllowed(plan.ID) { // the same Pro-and-up line
			v1Fail(w, r, v1PlanUpgrade, "Fine-tuning comes with the Pro and Enterprise plans; the JSONL export is on every plan.")
			return
		}
		var in struct {
			DatasetID string `json:"dataset_id"`
			Model     string `json:"model"`
			Suffix    string `json:"suffix"`
		}
		if !decodeV1(w, r, &in) {
			return
		}
		if in.DatasetID == "" {
			v1Fail(w, r, v1Validation, "dataset_id is required.")
			return
		}
		d, src, err := s.datasets.Open(r.Context(), ws, in.DatasetID)
		if s.v1DatasetErr(w, r, err) {
			return
		}
		f, err := s.llmSettings.FineTune(r.Context(), ws, llmsettings.FineTuneRequest{Dataset: d, Source: src, Model: in.Model, Suffix: in.Suffix})
		if errors.Is(err, llmsettings.ErrProvider) {
			v1Fail(w, r, v1Validation, "The provider did not accept the fine-tuning job: "+err.Error())
			return
		}
		if err != nil {
			settingsFail(w, r, err, "Submitting the fine-tuning job")
			return
		}
		s.record(r, audit.Event{Action: "fine_tune.submitted", Subject: f.ID,
			Details: map[string]any{"dataset_id": f.DatasetID, "version": f.DatasetVersion, "model": f.BaseModel}})
		writeJSON(w, http.StatusAccepted, map[string]any{"status": "accepted", "error": nil, "data": toV1FineTune(f),
			"meta": map[string]string{"poll": "/v1/fine-tune/" + f.ID}})
	})
	s.mux.HandleFunc("GET /v1/fine-tune/{id}", func(w http.ResponseWriter, r *http.Request) {
		f, err := s.llmSettings.FineTuneGet(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		switch {
		case errors.Is(err, store.ErrNotFound):
			v1Fail(w, r, v1NotFound, "No fine-tuning job "+r.PathValue("id")+" in this workspace.")
		case err != nil:
			settingsFail(w, r, err, "Reading the fine-tuning job")
		default:
			v1OK(w, http.StatusOK, toV1FineTune(f))
		}
	})
}
