package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/store"
)

// refine runs the bbox-refinement leg: it re-reads the files, checks that
// each grounded field's words really lie inside its box, records what it
// found (refinement_confidence, quality, source) and updates the stored
// result in place.
func (h *handler) refine(ctx context.Context) error {
	cfg, j := h.pool.cfg, h.job
	e, err := cfg.Store.ExtractionGet(ctx, j.WorkspaceID, j.Ref)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return h.complete(ctx, store.JobCompleteParams{State: store.JobFailed, Error: "extraction not found"})
		}
		return err
	}
	var pp api.PostProcessing
	if e.Status != api.ExtractionSucceeded || json.Unmarshal(e.PostProcessing, &pp) != nil || pp.BboxRefinement == nil ||
		pp.BboxRefinement.Status == api.PostSucceeded || pp.BboxRefinement.Status == api.PostFailed {
		return h.complete(ctx, store.JobCompleteParams{State: store.JobDone, Error: "nothing to refine"})
	}
	leg := pp.BboxRefinement
	if j.Attempts > j.MaxAttempts {
		return h.finishRefine(ctx, e, &pp, nil, fmt.Sprintf("gave up after %d attempts; last: %s", j.MaxAttempts, j.LastError))
	}
	now := time.Now().UTC()
	leg.Status, leg.Attempts, leg.Error = api.PostRunning, j.Attempts, nil
	if leg.StartedAt == nil {
		leg.StartedAt = &now
	}
	ppJSON, _ := json.Marshal(pp)
	if e, err = cfg.Store.JobExtend(ctx, store.JobExtendParams{JobID: j.ID, Worker: h.worker, Until: now.Add(cfg.Lease),
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID, PostProcessing: ppJSON}}); err != nil {
		return err
	}
	rctx, cancel := context.WithTimeout(ctx, cfg.RefineTimeout)
	defer cancel()
	result, rerr := h.refineResult(rctx, e)
	h.releaseSlot()
	if rerr != nil {
		if leaseLost(ctx) {
			return store.ErrLeaseLost
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var perm errPermanent
		return h.retryOrFail(ctx, rerr.Error(), errors.As(rerr, &perm), j.MaxAttempts, func() error {
			return h.finishRefine(ctx, e, &pp, nil, rerr.Error())
		})
	}
	return h.finishRefine(ctx, e, &pp, result, "")
}

// finishRefine ends the leg (succeeded with result, or failed with msg)
// with its event and webhook in one transaction.
func (h *handler) finishRefine(ctx context.Context, e *store.Extraction, pp *api.PostProcessing, result []byte, msg string) error {
	now := time.Now().UTC()
	leg := pp.BboxRefinement
	leg.FinishedAt = &now
	state := store.JobDone
	if msg != "" {
		leg.Status, leg.Error, state = api.PostFailed, &api.ExtractionError{Code: api.ErrCodeBboxRefineFailed, Message: msg}, store.JobFailed
	} else {
		leg.Status, leg.Error = api.PostSucceeded, nil
	}
	ppJSON, _ := json.Marshal(pp)
	done := *e
	done.PostProcessing = ppJSON
	evs, hooks, err := h.followUps(&done, nil, EventPostProcessingCompleted)
	if err != nil {
		return err
	}
	return h.complete(ctx, store.JobCompleteParams{State: state, Error: msg, Events: evs, Enqueue: hooks,
		Extraction: &store.ExtractionUpdateParams{WorkspaceID: e.WorkspaceID, ID: e.ID,
			FromStatuses: []string{api.ExtractionSucceeded}, PostProcessing: ppJSON, Result: result}})
}

// refineResult re-validates every field box against freshly loaded
// layouts and returns the updated result JSON.
func (h *handler) refineResult(ctx context.Context, e *store.Extraction) ([]byte, error) {
	var res api.ExtractionResult
	if err := json.Unmarshal(e.Result, &res); err != nil {
		return nil, errPermanent{fmt.Errorf("stored result is unreadable: %w", err)}
	}
	req, err := h.loadRequest(ctx, e)
	if err != nil {
		return nil, err
	}
	layouts := map[string]*doc.Layout{}
	for _, f := range req.Files {
		files, err := h.pool.cfg.Engine.Loader.Load(ctx, ingest.Input{Name: f.Filename, Data: f.Data, DeclaredType: f.ContentType})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, errPermanent{fmt.Errorf("re-reading %q: %w", f.Filename, err)}
		}
		for _, lf := range files {
			layouts[lf.Name] = lf.Layout
		}
	}
	for di := range res.Documents {
		d := &res.Documents[di]
		lay := layouts[d.SourceFile]
		for gi := range d.FieldGroups {
			for fi := range d.FieldGroups[gi].Fields {
				checkField(&d.FieldGroups[gi].Fields[fi], lay)
			}
		}
	}
	return json.Marshal(&res)
}

// checkField grades one field's box by how many of its value's tokens
// appear in words whose centre lies inside the box on the field's pages;
// rows and objects are checked member by member.
func checkField(f *api.ExtractedField, lay *doc.Layout) {
	if rows, ok := f.Value.([]api.ExtractedField); ok {
		for i := range rows {
			checkField(&rows[i], lay)
		}
		f.Value = rows
		return
	}
	if f.BBox == nil || f.Value == nil || lay == nil {
		return
	}
	want := tokens(fmt.Sprint(f.Value))
	if len(want) == 0 {
		return
	}
	box := doc.Box{X0: f.BBox.XMin, Y0: f.BBox.YMin, X1: f.BBox.XMax, Y1: f.BBox.YMax}
	pages := map[int]bool{}
	for _, p := range f.Pages {
		pages[p] = true
	}
	inside := map[string]bool{}
	var source doc.Source
	for _, w := range lay.Words {
		if (len(pages) > 0 && !pages[w.Page]) || w.Box.IsZero() {
			continue
		}
		cx, cy := w.Box.CenterX(), w.Box.CenterY()
		if cx < box.X0 || cx > box.X1 || cy < box.Y0 || cy > box.Y1 {
			continue
		}
		for _, t := range tokens(w.Text) {
			inside[t] = true
		}
		if w.Page >= 1 && w.Page <= len(lay.Pages) {
			source = lay.Pages[w.Page-1].Source
		}
	}
	found := 0
	for _, t := range want {
		if inside[t] {
			found++
		}
	}
	conf := float64(found) / float64(len(want))
	f.BBox.RefinementConfidence = &conf
	switch {
	case conf == 0:
		f.BBox.Quality = api.BoxInvalid
	case conf < 0.5:
		f.BBox.Quality = api.BoxSuspicious
	}
	if source == doc.SourcePDFText || source == doc.SourceOCR {
		f.BBox.Source = string(source)
	}
}

// tokens lower-cases s and splits it into runs of letters and digits, so
// "1.234,56" and "1234.56" share "1", "234", "56"-style pieces with the
// words of the page.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
