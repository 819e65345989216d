package dataset

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/queue"
	"github.com/quarrydev/quarry/internal/store"
)

// Spec is what a version is built from, stored with the dataset so a
// rebuild repeats it. Exactly one source: listed executions, or a filter
// (an empty filter takes every processed execution of the workspace).
type Spec struct {
	// ExtractionIDs are the listed executions (ext_...), in request order.
	ExtractionIDs []string `json:"extraction_ids,omitempty"`
	Filter        *Filter  `json:"filter,omitempty"`
	// Mask is on unless the request turned it off: a masked dataset holds
	// no personal-data value in any row or format.
	Mask bool `json:"mask"`
}

// Filter selects executions at build time; empty fields do not filter.
type Filter struct {
	DocumentTypes []string   `json:"document_types,omitempty"`
	MinGrade      string     `json:"min_grade,omitempty"` // A, B, C or D
	CreatedAfter  *time.Time `json:"created_after,omitempty"`
	CreatedBefore *time.Time `json:"created_before,omitempty"`
	Languages     []string   `json:"languages,omitempty"`
	HasPII        *bool      `json:"has_pii,omitempty"`
}

// BuildRequest is one call of POST /v1/datasets or build-from-execution.
type BuildRequest struct {
	WorkspaceID string
	Name        string // empty: generated
	Slug        string // empty: from the name
	Description string
	// IDs name executions (exec_...) or their processing jobs (job_...).
	IDs    []string
	Filter *Filter
	Mask   *bool // nil: on
	// ForceRebuild builds a new version of an existing dataset of the same
	// name and source; without it such a request answers the last build.
	ForceRebuild bool
	// ReplaceExisting builds a new version of an existing dataset of the
	// same name from this request's source, whatever it was built from.
	ReplaceExisting bool
	// Inline queues no job: the caller runs the build itself with
	// RunInline (the CLI, which has no worker pool).
	Inline bool
}

// Accepted is the answer to a build request: the job to poll.
type Accepted struct {
	JobID     string
	DatasetID string
	Version   int
	Status    string // the job's: queued, or the state of the answered build
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// Slugify makes a file-name-safe slug of a name: lower-case ASCII
// letters and digits, other runs become one dash.
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}

// ExtractionOf maps an execution or processing-job id to its extraction
// (both are the extraction underneath on /v1); "" when it is neither.
func ExtractionOf(id string) string {
	for _, p := range []string{"exec_", "job_", "ext_"} {
		if rest, ok := strings.CutPrefix(id, p); ok && rest != "" {
			return "ext_" + rest
		}
	}
	return ""
}

// spec checks a request and turns it into the stored Spec.
func (s *Service) spec(ctx context.Context, req BuildRequest) (Spec, error) {
	sp := Spec{Mask: req.Mask == nil || *req.Mask, Filter: req.Filter}
	if len(req.IDs) == 0 && req.Filter == nil {
		return sp, invalid("Give execution_ids, job_ids or a filter (an empty filter takes the whole workspace).")
	}
	if len(req.IDs) > s.opt.MaxIDs {
		return sp, invalid("At most %d ids in one build.", s.opt.MaxIDs)
	}
	if f := req.Filter; f != nil && f.MinGrade != "" {
		f.MinGrade = strings.ToUpper(f.MinGrade)
		if gradeRank(f.MinGrade) < 0 {
			return sp, invalid("min_grade must be A, B, C or D.")
		}
	}
	seen := map[string]bool{}
	for _, id := range req.IDs {
		ext := ExtractionOf(id)
		if ext == "" {
			return sp, invalid("%q is not an execution (exec_...) or job (job_...) id.", id)
		}
		if seen[ext] {
			continue
		}
		seen[ext] = true
		// Listed ids are checked now, inside the caller's workspace, so
		// another workspace's id answers not found and builds nothing.
		if _, err := s.store.ExtractionGet(ctx, req.WorkspaceID, ext); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return sp, ErrNotFound
			}
			return sp, err
		}
		sp.ExtractionIDs = append(sp.ExtractionIDs, ext)
	}
	return sp, nil
}

// Build admits a build: it creates the dataset (or takes the existing
// one of that name, see ForceRebuild and ReplaceExisting), a new version
// and its dataset_build job in one transaction. Builds are free.
func (s *Service) Build(ctx context.Context, req BuildRequest) (*Accepted, error) {
	sp, err := s.spec(ctx, req)
	if err != nil {
		return nil, err
	}
	specJSON, err := json.Marshal(sp)
	if err != nil {
		return nil, err
	}
	req.Name = strings.TrimSpace(req.Name)
	if len(req.Name) > 200 || len(req.Description) > 2000 {
		return nil, invalid("name is at most 200 characters and description at most 2,000.")
	}
	if req.Slug != "" && !slugRE.MatchString(req.Slug) {
		return nil, invalid("slug is 1-64 of a-z, 0-9, - and _, starting with a letter or digit.")
	}
	id := ids.New("ds")
	if req.Name == "" {
		req.Name = "dataset-" + strings.ToLower(id[len(id)-8:])
	}
	slug := req.Slug
	if slug == "" {
		if slug = Slugify(req.Name); slug == "" {
			slug = "dataset-" + strings.ToLower(id[len(id)-8:])
		}
	}
	now := s.now()
	var acc *Accepted
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		acc = nil
		d, err := tx.DatasetByName(ctx, req.WorkspaceID, req.Name)
		switch {
		case errors.Is(err, store.ErrNotFound):
			d = &store.Dataset{ID: id, WorkspaceID: req.WorkspaceID, Name: req.Name, Slug: slug, Description: req.Description,
				Status: store.DatasetBuilding, Spec: specJSON, CreatedAt: now, UpdatedAt: now}
			if err := tx.DatasetInsert(ctx, d); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			same := bytes.Equal(d.Spec, specJSON)
			if !same && !req.ReplaceExisting {
				return ErrConflict
			}
			versions, err := tx.DatasetVersionList(ctx, d.WorkspaceID, d.ID)
			if err != nil {
				return err
			}
			if n := len(versions); n > 0 {
				last := versions[n-1]
				if last.Status == store.DatasetBuilding {
					return ErrConflict // one build at a time keeps versions in order
				}
				if same && !req.ForceRebuild && !req.ReplaceExisting {
					acc = &Accepted{JobID: last.JobID, DatasetID: d.ID, Version: last.Version, Status: jobStatus(last.Status)}
					return nil
				}
			}
			d.Spec, d.Status, d.UpdatedAt = specJSON, store.DatasetBuilding, now
			if req.Description != "" {
				d.Description = req.Description
			}
			if err := tx.DatasetUpdate(ctx, d); err != nil {
				return err
			}
		}
		version, err := nextVersion(ctx, tx, d)
		if err != nil {
			return err
		}
		jobID := ids.New("job")
		if err := tx.DatasetVersionInsert(ctx, &store.DatasetVersion{WorkspaceID: d.WorkspaceID, DatasetID: d.ID, Version: version,
			JobID: jobID, Status: store.DatasetBuilding, CreatedAt: now}); err != nil {
			return err
		}
		if !req.Inline {
			if err := queue.Insert(ctx, tx, BuildArgs{DatasetID: d.ID, Version: version}, queue.InsertOpts{ID: jobID,
				WorkspaceID: d.WorkspaceID, Ref: d.ID, MaxAttempts: s.opt.MaxAttempts}); err != nil {
				return err
			}
		}
		acc = &Accepted{JobID: jobID, DatasetID: d.ID, Version: version, Status: "queued"}
		return audit.Record(ctx, tx, d.WorkspaceID, audit.Event{Action: "dataset.build_requested", Subject: d.ID,
			Details: map[string]any{"version": version, "job_id": jobID, "listed_executions": len(sp.ExtractionIDs), "masked": sp.Mask}})
	})
	if errors.Is(err, store.ErrConflict) {
		return nil, ErrConflict
	}
	return acc, err
}

func nextVersion(ctx context.Context, tx store.Tx, d *store.Dataset) (int, error) {
	versions, err := tx.DatasetVersionList(ctx, d.WorkspaceID, d.ID)
	if err != nil {
		return 0, err
	}
	next := d.Version + 1
	if n := len(versions); n > 0 && versions[n-1].Version >= next {
		next = versions[n-1].Version + 1
	}
	return next, nil
}

// jobStatus is a version's state as the /v1 job states name it.
func jobStatus(versionStatus string) string {
	switch versionStatus {
	case store.DatasetReady:
		return "completed"
	case store.DatasetFailed:
		return "failed"
	}
	return "queued"
}

// RunInline runs an admitted Inline build in this process, with the
// effects the worker commits when it completes or gives up.
func (s *Service) RunInline(ctx context.Context, workspaceID string, acc *Accepted) error {
	v, err := s.store.DatasetVersionGet(ctx, workspaceID, acc.DatasetID, acc.Version)
	if err != nil {
		return notFound(err)
	}
	if v.Status != store.DatasetBuilding {
		return nil // an idempotent repeat answered a finished build
	}
	d, err := s.store.DatasetGet(ctx, workspaceID, acc.DatasetID)
	if err != nil {
		return notFound(err)
	}
	out, berr := s.build(ctx, d, v)
	if berr != nil {
		if err := s.store.InTx(ctx, func(tx store.Tx) error { return s.fail(ctx, tx, d, v, berr) }); err != nil {
			return errors.Join(berr, err)
		}
		return berr
	}
	return s.store.InTx(ctx, func(tx store.Tx) error { return s.ready(ctx, tx, d, v, out) })
}
