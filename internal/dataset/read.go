package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
)

// Get returns one dataset of the workspace.
func (s *Service) Get(ctx context.Context, workspaceID, id string) (*store.Dataset, error) {
	d, err := s.store.DatasetGet(ctx, workspaceID, id)
	return d, notFound(err)
}

// List pages the workspace's datasets (p.WorkspaceID must be set).
func (s *Service) List(ctx context.Context, p store.DatasetListParams) ([]*store.Dataset, int, error) {
	if p.SourceExecutionID != "" {
		p.SourceExecutionID = ExtractionOf(p.SourceExecutionID)
	}
	return s.store.DatasetList(ctx, p)
}

// current loads a dataset and its current version; ErrNotReady before
// the first build finished.
func (s *Service) current(ctx context.Context, workspaceID, id string) (*store.Dataset, *store.DatasetVersion, error) {
	d, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return nil, nil, err
	}
	if d.Version == 0 {
		return d, nil, ErrNotReady
	}
	v, err := s.store.DatasetVersionGet(ctx, workspaceID, id, d.Version)
	if err != nil {
		return d, nil, notFound(err)
	}
	return d, v, nil
}

// Profile returns the current version's profile.
func (s *Service) Profile(ctx context.Context, workspaceID, id string) (*store.Dataset, *Profile, error) {
	d, v, err := s.current(ctx, workspaceID, id)
	if err != nil {
		return d, nil, err
	}
	p, err := profileOf(v.Profile)
	if err != nil {
		return d, nil, fmt.Errorf("dataset %s: stored profile: %w", id, err)
	}
	return d, p, nil
}

// RowPage is one page of the row preview.
type RowPage struct {
	Dataset       *store.Dataset
	Columns       []string
	Rows          []map[string]any
	TotalRows     int
	FilteredTotal int
}

// Rows reads a page of the current version's rows, flattened to its
// columns, optionally filtered by a case-insensitive text query.
func (s *Service) Rows(ctx context.Context, workspaceID, id, query string, limit, offset int) (*RowPage, error) {
	d, v, err := s.current(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	prof, err := profileOf(v.Profile)
	if err != nil {
		return nil, err
	}
	p := store.DatasetRowParams{WorkspaceID: workspaceID, DatasetID: id, Version: v.Version, Query: query, Limit: limit, Offset: offset}
	var fields []export.Field
	if err := json.Unmarshal(v.Schema, &fields); err != nil {
		return nil, fmt.Errorf("dataset %s: stored schema: %w", id, err)
	}
	l := layout(export.Schema{Name: d.Name, Slug: d.Slug, Fields: fields}, slices.Sorted(maps.Keys(prof.PIITypeSummary)))
	page := &RowPage{Dataset: d, Columns: l.Names(), Rows: []map[string]any{}, TotalRows: v.RowCount, FilteredTotal: v.RowCount}
	if query != "" {
		if page.FilteredTotal, err = s.store.DatasetRowCount(ctx, p); err != nil {
			return nil, err
		}
	}
	rows, err := s.store.DatasetRowPage(ctx, p)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec, err := decodeRow(r)
		if err != nil {
			return nil, err
		}
		page.Rows = append(page.Rows, Flatten(rec, l))
	}
	return page, nil
}

func decodeRow(r store.DatasetRow) (*export.Record, error) {
	var rec export.Record
	if err := json.Unmarshal([]byte(r.Body), &rec); err != nil {
		return nil, fmt.Errorf("dataset %s v%d row %d: %w", r.DatasetID, r.Version, r.Seq, err)
	}
	return &rec, nil
}

// Source is an export.Source over one stored version: it reads the rows
// in pages of rowBatch, so an export holds one page at a time.
type Source struct {
	st      store.Store
	schema  export.Schema
	ws, id  string
	version int
}

var _ export.Source = (*Source)(nil)

// Schema implements export.Source.
func (src *Source) Schema() export.Schema { return src.schema }

// Records implements export.Source, in row order.
func (src *Source) Records(ctx context.Context) iter.Seq2[*export.Record, error] {
	return func(yield func(*export.Record, error) bool) {
		after := 0
		for {
			rows, err := src.st.DatasetRowPage(ctx, store.DatasetRowParams{WorkspaceID: src.ws, DatasetID: src.id,
				Version: src.version, AfterSeq: after, Limit: rowBatch})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, r := range rows {
				rec, err := decodeRow(r)
				if !yield(rec, err) || err != nil {
					return
				}
				after = r.Seq
			}
			if len(rows) < rowBatch {
				return
			}
		}
	}
}

// Open returns the current version of a dataset as an export source.
func (s *Service) Open(ctx context.Context, workspaceID, id string) (*store.Dataset, *Source, error) {
	d, v, err := s.current(ctx, workspaceID, id)
	if err != nil {
		return d, nil, err
	}
	var fields []export.Field
	if err := json.Unmarshal(v.Schema, &fields); err != nil {
		return d, nil, fmt.Errorf("dataset %s: stored schema: %w", id, err)
	}
	prof, err := profileOf(v.Profile)
	if err != nil {
		return d, nil, fmt.Errorf("dataset %s: stored profile: %w", id, err)
	}
	schema := export.Schema{Name: d.Name, Slug: d.Slug, Fields: fields, PIITypes: slices.Sorted(maps.Keys(prof.PIITypeSummary))}
	return d, &Source{st: s.store, schema: schema,
		ws: workspaceID, id: id, version: v.Version}, nil
}

// Export writes the current version in a format and records the
// download in the audit trail. The format must be known (export.Lookup).
func (s *Service) Export(ctx context.Context, workspaceID, id string, f export.Format, w io.Writer, opt export.Options) error {
	d, src, err := s.Open(ctx, workspaceID, id)
	if err != nil {
		return err
	}
	werr := export.Write(ctx, w, f.ID, src, opt)
	outcome := audit.Success
	if werr != nil {
		outcome = audit.Failure
	}
	if err := audit.Record(ctx, s.store, workspaceID, audit.Event{Action: "dataset.exported", Subject: d.ID, Outcome: outcome,
		Details: map[string]any{"format": f.ID, "version": d.Version, "rows": d.RowCount}}); err != nil && werr == nil {
		return err
	}
	return werr
}

// Delete removes a dataset with every version and row, and records it.
func (s *Service) Delete(ctx context.Context, workspaceID, id string) error {
	return notFound(s.store.InTx(ctx, func(tx store.Tx) error {
		d, err := tx.DatasetGet(ctx, workspaceID, id)
		if err != nil {
			return err
		}
		if err := tx.DatasetDelete(ctx, workspaceID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, workspaceID, audit.Event{Action: "dataset.deleted", Subject: id,
			Details: map[string]any{"name": d.Name, "versions": d.Version, "rows": d.RowCount}})
	}))
}

// BuildJob is a dataset_build job as /v1/jobs shows it.
type BuildJob struct {
	JobID     string
	Status    string // queued, running, completed, failed (the /v1 job states)
	Error     string
	Dataset   *store.Dataset
	Version   *store.DatasetVersion
	CreatedAt string
}

// Builds pages the workspace's build jobs, newest first; status is a /v1
// job state (queued and running are both a version still building).
func (s *Service) Builds(ctx context.Context, workspaceID, status string, limit, offset int) ([]*BuildJob, int, error) {
	p := store.DatasetVersionPageParams{WorkspaceID: workspaceID, Limit: limit, Offset: offset}
	switch status {
	case "":
	case "queued", "running":
		p.Status = store.DatasetBuilding
	case "completed":
		p.Status = store.DatasetReady
	case "failed":
		p.Status = store.DatasetFailed
	default:
		return nil, 0, invalid("status must be queued, running, completed or failed.")
	}
	versions, total, err := s.store.DatasetVersionPage(ctx, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]*BuildJob, 0, len(versions))
	for _, v := range versions {
		b, err := s.Job(ctx, workspaceID, v.JobID)
		if errors.Is(err, ErrNotFound) {
			continue // deleted between the two reads
		}
		if err != nil {
			return nil, 0, err
		}
		out = append(out, b)
	}
	return out, total, nil
}

// Job finds the build job of the workspace with that id.
func (s *Service) Job(ctx context.Context, workspaceID, jobID string) (*BuildJob, error) {
	v, err := s.store.DatasetVersionByJob(ctx, workspaceID, jobID)
	if err != nil {
		return nil, notFound(err)
	}
	d, err := s.store.DatasetGet(ctx, workspaceID, v.DatasetID)
	if err != nil {
		return nil, notFound(err)
	}
	st := jobStatus(v.Status)
	if st == "queued" {
		jobs, err := s.store.JobList(ctx, store.JobListParams{Ref: d.ID, Kind: KindBuild})
		if err != nil {
			return nil, err
		}
		for _, j := range jobs {
			if j.ID == jobID && j.State == store.JobRunning {
				st = "running"
			}
		}
	}
	return &BuildJob{JobID: jobID, Status: st, Error: v.Error, Dataset: d, Version: v}, nil
}
