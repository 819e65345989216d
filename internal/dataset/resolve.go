package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
)

// candidates lists the extractions a build considers, oldest first: the
// listed ones in request order, or, for a filter, the workspace's
// succeeded executions inside the filter's dates. More than MaxRows
// fails the build with a message, so one build's work stays bounded.
func (s *Service) candidates(ctx context.Context, workspaceID string, sp Spec) ([]string, error) {
	if sp.Filter == nil {
		return sp.ExtractionIDs, nil
	}
	p := store.ExtractionListParams{WorkspaceID: workspaceID, Statuses: []string{api.ExtractionSucceeded},
		CreatedAfter: sp.Filter.CreatedAfter, CreatedBefore: sp.Filter.CreatedBefore, Limit: 500}
	var ids []string
	for {
		page, _, err := s.store.ExtractionList(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			ids = append(ids, e.ID)
		}
		if len(ids) > s.opt.MaxRows {
			return nil, tooMany(s.opt.MaxRows)
		}
		if len(page) < p.Limit {
			break
		}
		p.Offset += len(page)
	}
	slices.Reverse(ids) // the list is newest first; rows go oldest first
	return ids, nil
}

func tooMany(n int) error {
	return fmt.Errorf("more than %d executions match; narrow the filter or list the ids", n)
}

// matches applies the filter's record-level conditions.
func (f *Filter) matches(r *export.Record) bool {
	if f == nil {
		return true
	}
	if len(f.DocumentTypes) > 0 && !slices.Contains(f.DocumentTypes, r.DocType) {
		return false
	}
	if len(f.Languages) > 0 && !slices.Contains(f.Languages, r.Language) {
		return false
	}
	if f.MinGrade != "" && gradeRank(r.QualityGrade) < gradeRank(f.MinGrade) {
		return false
	}
	if f.HasPII != nil {
		n := 0
		for _, c := range r.PII {
			n += c
		}
		if (n > 0) != *f.HasPII {
			return false
		}
	}
	return true
}

// load reads one candidate as a record; ok is false for an execution that
// is gone (retention) or did not succeed, which a build skips.
func (s *Service) load(ctx context.Context, workspaceID, extID string, mask bool) (*converted, bool, error) {
	e, err := s.store.ExtractionGet(ctx, workspaceID, extID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if e.Status != api.ExtractionSucceeded {
		return nil, false, nil
	}
	var meta struct {
		DocumentID string `json:"document_id"`
	}
	_ = json.Unmarshal(e.Metadata, &meta)
	c, err := toRecord(e, meta.DocumentID, mask)
	if errors.Is(err, errNoResult) {
		return nil, false, nil
	}
	return c, err == nil, err
}
