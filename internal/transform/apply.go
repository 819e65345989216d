package transform

import (
	"context"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
)

// Outcome is what Apply did.
type Outcome struct {
	// RequestGroups are the outputs of request-scope transformations, for
	// request_transformations, in request order.
	RequestGroups []api.ExtractedGroup
	// Applied counts the transformations that ran.
	Applied int
	// Skipped says why each transformation that did not run was skipped,
	// led by its path (options.transformations[i]).
	Skipped []string
	// RowsIn and RowsOut count the rows the transformations read and wrote.
	RowsIn, RowsOut int
	// Failed are the model calls that failed (llm_failed), led by the
	// transformation's path; the rows they would have changed are kept.
	Failed []string
}

// ScopeRequest and ScopeTask are the scopes; task is the default.
const (
	ScopeTask    = "task"
	ScopeRequest = "request"
)

// Apply runs the transformations in order over the documents, editing
// task-scope results into them and returning request-scope results.
// noLLM says why llm transformations cannot run. The error is the
// context's, when the deadline passed.
func Apply(ctx context.Context, ts []api.Transformation, docs []api.Document, noLLM string) (Outcome, error) {
	return ApplyWith(ctx, ts, docs, Options{NoLLM: noLLM})
}

// ApplyWith is Apply with a model for the llm transformations, when
// opt.LLM is set.
func ApplyWith(ctx context.Context, ts []api.Transformation, docs []api.Document, opt Options) (Outcome, error) {
	var out Outcome
	for i, t := range ts {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		path := fmt.Sprintf("options.transformations[%d]", i)
		switch t.Type {
		case api.TransformEntityResolution:
			if len(t.MatchBy) == 0 || t.TargetGroup == "" {
				out.Skipped = append(out.Skipped, path+": entity_resolution needs target_group and match_by")
				continue
			}
			if !resolveEntities(t, docs, &out) {
				out.Skipped = append(out.Skipped, fmt.Sprintf("%s: no document has rows in %q", path, t.TargetGroup))
				continue
			}
			out.Applied++
		case api.TransformLLM:
			if opt.LLM == nil {
				out.Skipped = append(out.Skipped, fmt.Sprintf("%s: the llm transformation of %q %s", path, t.TargetGroup, opt.NoLLM))
				continue
			}
			wrote, reason := runLLM(ctx, t, path, docs, opt, &out)
			if reason != "" {
				out.Skipped = append(out.Skipped, reason)
			}
			if wrote {
				out.Applied++
			}
		default:
			out.Skipped = append(out.Skipped, fmt.Sprintf("%s: unknown type %q", path, t.Type))
		}
	}
	return out, nil
}

// resolveEntities runs one entity_resolution; false when the target had
// no rows anywhere.
func resolveEntities(t api.Transformation, docs []api.Document, out *Outcome) bool {
	minShared := DefaultMinSharedTokens
	if t.MinSharedTokens != nil {
		minShared = *t.MinSharedTokens
	}
	outName := t.TargetGroup
	if t.OutputGroup != nil && *t.OutputGroup != "" {
		outName = *t.OutputGroup
	}
	run := func(rows []row) []api.ExtractedField {
		clusters := resolve(rows, t.MatchBy, minShared)
		merged := make([]api.ExtractedField, 0, len(clusters))
		for _, c := range clusters {
			merged = append(merged, merge(rows, c))
		}
		out.RowsIn += len(rows)
		out.RowsOut += len(merged)
		return merged
	}
	found := false
	if t.Scope == ScopeRequest {
		var all []row
		for di := range docs {
			for _, set := range rowsOf(&docs[di], di, t.TargetGroup) {
				all = append(all, set.rows...)
			}
		}
		if len(all) == 0 {
			return false
		}
		out.RequestGroups = append(out.RequestGroups, api.ExtractedGroup{Name: outName, Fields: run(all)})
		return true
	}
	for di := range docs {
		d := &docs[di]
		sets := rowsOf(d, di, t.TargetGroup)
		if len(sets) == 0 {
			continue
		}
		found = true
		if t.OutputGroup != nil && *t.OutputGroup != "" {
			var all []row
			for _, set := range sets {
				all = append(all, set.rows...)
			}
			d.FieldGroups = append(d.FieldGroups, api.ExtractedGroup{Name: outName, Fields: run(all)})
			continue
		}
		// In place: each array takes its own merged rows; a group read as
		// one row has nothing to merge with and stays as it is.
		for _, set := range sets {
			if set.field != "" {
				replaceArray(d, set.group, set.field, run(set.rows))
			}
		}
	}
	return found
}

func replaceArray(d *api.Document, group, field string, rows []api.ExtractedField) {
	for gi := range d.FieldGroups {
		g := &d.FieldGroups[gi]
		if g.Name != group {
			continue
		}
		for fi := range g.Fields {
			if g.Fields[fi].Name == field {
				g.Fields[fi].Value = rows
				return
			}
		}
	}
}
