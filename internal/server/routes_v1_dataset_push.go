package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/source"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// v1Pushed is export-s3's answer (E16). The name is the reference's;
// the object goes to whichever store the connector is.
type v1Pushed struct {
	S3Key     string `json:"s3_key"`
	SizeBytes int64  `json:"size_bytes"`
}

// v1DatasetExportS3 pushes a dataset export into a connector's bucket
// (POST /v1/datasets/{id}/export-s3, dispatched by routeV1DatasetActions).
func (s *Server) v1DatasetExportS3(w http.ResponseWriter, r *http.Request) {
	if !s.v1Allow(w, r, tenant.RoleMember) {
		return
	}
	var in struct {
		Format      string          `json:"format"`
		ConnectorID json.RawMessage `json:"connector_id"`
		Prefix      string          `json:"prefix"`
		MinQuality  string          `json:"min_quality"`
	}
	// The dataset first: another workspace's id is a 404 whatever the body.
	ctx, ws, id := r.Context(), s.workspace(r.Context()), r.PathValue("id")
	d, err := s.datasets.Get(ctx, ws, id)
	if s.v1DatasetErr(w, r, err) {
		return
	}
	if !decodeV1(w, r, &in) {
		return
	}
	if in.Format == "" {
		in.Format = "jsonl"
	}
	f, ok := export.Lookup(in.Format)
	if !ok {
		v1Fail(w, r, v1Validation, "format must be one of jsonl, json, csv, parquet, md (markdown), xml, xlsx, hf (arrow) or rag.")
		return
	}
	conn := idOf(in.ConnectorID)
	if conn == "" {
		v1Fail(w, r, v1Validation, "connector_id is required.")
		return
	}
	p, err := s.PushExport(ctx, ws, id, conn, in.Prefix+d.Slug+"."+f.Ext, f, export.Options{MinQuality: in.MinQuality})
	if err != nil {
		if !s.v1DatasetErr(w, r, exportErr(err)) {
			s.v1SourceErr(w, r, err)
		}
		return
	}
	v1OK(w, http.StatusOK, v1Pushed{S3Key: p.Key, SizeBytes: p.Size})
}

// PushExport streams a dataset's current version in a format into key
// on a connector. The dataset is read first, so an unknown or unready
// one fails before anything is written to the bucket.
func (s *Server) PushExport(ctx context.Context, ws, datasetID, connectorID, key string, f export.Format, opt export.Options) (source.Pushed, error) {
	if _, _, err := s.datasets.Open(ctx, ws, datasetID); err != nil {
		return source.Pushed{}, err
	}
	p, err := s.sources.Push(ctx, ws, connectorID, key, f.ContentType, func(w io.Writer) error {
		return s.datasets.Export(ctx, ws, datasetID, f, w, opt)
	})
	if err != nil && errors.Is(err, context.Canceled) && ctx.Err() == nil {
		err = errors.New("the export was cut short")
	}
	return p, err
}

// v1AutoExport reads a webhook's auto_export ({"connector_id", "format",
// "prefix"}); nil when none was sent. The connector must be one of the
// workspace's and the format one Quarry writes.
func (s *Server) v1AutoExport(w http.ResponseWriter, r *http.Request, in map[string]any) (*store.AutoExport, bool) {
	if in == nil {
		return nil, true
	}
	raw, _ := json.Marshal(in["connector_id"])
	conn := idOf(raw)
	format, _ := in["format"].(string)
	prefix, _ := in["prefix"].(string)
	if format == "" {
		format = "jsonl"
	}
	if conn == "" {
		v1Fail(w, r, v1Validation, "auto_export.connector_id is required.")
		return nil, false
	}
	f, ok := export.Lookup(format)
	if !ok {
		v1Fail(w, r, v1Validation, "auto_export.format must be one of jsonl, json, csv, parquet, md, xml, xlsx, hf or rag.")
		return nil, false
	}
	if _, err := s.sources.Get(r.Context(), s.workspace(r.Context()), conn); err != nil {
		if errors.Is(err, source.ErrNotFound) {
			v1Fail(w, r, v1Validation, "auto_export.connector_id names no connector of this workspace.")
		} else {
			v1Fail(w, r, v1Internal, "Reading the connector failed.")
		}
		return nil, false
	}
	return &store.AutoExport{ConnectorID: conn, Format: f.ID, Prefix: prefix}, true
}

// AutoExport runs before each /v1 webhook delivery (the app wires it as
// the delivery worker's BeforeDeliver): for dataset.ready to a hook with
// an auto_export, the dataset is written to the connector first, so the
// export is in the bucket when the receiver hears of it. A failure
// retries the delivery.
func (s *Server) AutoExport(ctx context.Context, ev *store.Event, h *store.Hook) error {
	if ev.Type != "dataset.ready" {
		return nil
	}
	ae, err := s.store.AutoExportGet(ctx, h.WorkspaceID, h.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	f, ok := export.Lookup(ae.Format)
	if !ok {
		return nil
	}
	d, err := s.datasets.Get(ctx, h.WorkspaceID, ev.Subject)
	if err != nil {
		return err
	}
	_, err = s.PushExport(ctx, h.WorkspaceID, d.ID, ae.ConnectorID, ae.Prefix+d.Slug+"."+f.Ext, f, export.Options{})
	return err
}

var connectorDocs = []v1Doc{
	{http.MethodPost, "/v1/connectors", "Create a storage connector (s3, gcs, azure_blob); its config is sealed and never answered", "Connectors", v1ConnectorIn{}, v1Connector{}, 201, []string{v1Forbidden, v1Validation, v1NoSecretKey}, false, false},
	{http.MethodGet, "/v1/connectors", "The workspace's active connectors", "Connectors", nil, []v1Connector{}, 200, nil, false, false},
	{http.MethodGet, "/v1/connectors/{id}", "One connector with its last test and use", "Connectors", nil, v1Connector{}, 200, []string{v1NotFound}, false, false},
	{http.MethodDelete, "/v1/connectors/{id}", "Deactivate a connector and its schedules", "Connectors", nil, nil, 204, []string{v1Forbidden, v1NotFound}, false, false},
	{http.MethodPost, "/v1/connectors/{id}/test", "Check connectivity: lists one object; a failure is success=false with a message saying what to fix", "Connectors", nil, v1ConnectorTest{}, 200, []string{v1NotFound}, false, false},
	{http.MethodPost, "/v1/connectors/{id}/schedules", "Sync a prefix on a 5-field cron expression in UTC (cron_expression or cron, prefix_filter or prefix, name)", "Connectors", map[string]string{}, v1Schedule{}, 201, []string{v1NotFound, v1Validation, v1PlanUpgrade, v1RateLimited}, false, false},
	{http.MethodGet, "/v1/connectors/{id}/schedules", "A connector's active schedules (a bare array)", "Connectors", nil, []v1Schedule{}, 200, []string{v1NotFound}, false, false},
	{http.MethodDelete, "/v1/connectors/{id}/schedules/{sid}", "Delete a schedule", "Connectors", nil, map[string]bool{}, 200, []string{v1NotFound}, false, false},
	{http.MethodPost, "/v1/connectors/{id}/schedules/{sid}/trigger", "Run a schedule now: its sync log, running", "Connectors", nil, v1SyncLog{}, 202, []string{v1NotFound}, false, false},
	{http.MethodGet, "/v1/connectors/{id}/schedules/{sid}/logs", "A schedule's sync runs, newest first (a bare array)", "Connectors", nil, []v1SyncLog{}, 200, []string{v1NotFound}, false, false},
	{http.MethodPost, "/v1/scheduler/schedules", "Sync a connector every 1h, 6h, 12h or 24h", "Connectors", map[string]any{}, v1IntervalSchedule{}, 201, []string{v1NotFound, v1Validation, v1PlanUpgrade, v1RateLimited}, false, false},
	{http.MethodGet, "/v1/scheduler/schedules", "The workspace's interval schedules", "Connectors", nil, []v1IntervalSchedule{}, 200, nil, false, false},
	{http.MethodDelete, "/v1/scheduler/schedules/{sid}", "Delete an interval schedule", "Connectors", nil, nil, 204, []string{v1NotFound}, false, false},
	{http.MethodPost, "/v1/datasets/{id}/export-s3", "Write an export into a connector's bucket as <prefix><slug>.<ext>", "Datasets", map[string]any{}, v1Pushed{}, 200, []string{v1NotFound, v1Conflict, v1Validation, v1ConnectorError}, false, false},
}
