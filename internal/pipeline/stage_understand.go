package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/validate"
)

// stageClassify scores the files whose type is not already decided by a
// pin or by there being only one declared type (see decidedType).
func (e *Engine) stageClassify(ctx context.Context, r *Run) (string, error) {
	ran := false
	for _, f := range withSegments(r.Files) {
		if decidedType(r, f) == "" {
			ran = true
			e.classifyFile(ctx, r, f)
		}
	}
	if !ran {
		return "every file is pinned or only one document type is declared", nil
	}
	return "", nil
}

// decidedType is the type a file has without classification: its pin, or
// the only declared type. It holds whether or not the classifier runs.
func decidedType(r *Run, f *FileRun) string {
	switch {
	case f.Pin != "":
		return f.Pin
	case len(r.Req.DocumentTypes) == 1:
		return r.Req.DocumentTypes[0].ID
	}
	return ""
}

// classifyFile scores the declared types, or the built-in types when the
// caller declared none (the platform's default path).
func (e *Engine) classifyFile(ctx context.Context, r *Run, f *FileRun) {
	if inv := f.File.EInvoice; inv != nil {
		if c, ok := classifyEInvoice(inv, r.Req.DocumentTypes); ok {
			f.Classification = c
			f.MatchedType = c.DocumentType
			return
		}
	}
	var v classify.Verdict
	if len(r.Req.DocumentTypes) == 0 {
		v = classify.ClassifyBuiltin(f.File.Layout)
	} else {
		v = classify.ClassifyIndexed(f.Index(), r.Req.DocumentTypes)
	}
	f.Classification = v.Classification()
	if v.Matched {
		f.MatchedType = v.Type
	}
	e.classifyTieBreak(ctx, r, f, v)
}

// stagePlanTasks pairs each file with its document type (decided, or the
// classifier's verdict); files without one become discovered documents.
func (e *Engine) stagePlanTasks(ctx context.Context, r *Run) (string, error) {
	for _, f := range documentUnits(r.Files) {
		if t := decidedType(r, f); t != "" {
			f.MatchedType = t
		}
		spec, ok := r.spec(f.MatchedType)
		if f.MatchedType == "" || !ok {
			r.Discovered = append(r.Discovered, discovered(f))
			continue
		}
		r.Tasks = append(r.Tasks, &Task{File: f, Spec: spec, Doc: newDocument(f, spec)})
	}
	return "", nil
}

// stageExtract reads each task's fields from its file's layout.
func (e *Engine) stageExtract(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 {
		return "no document to extract", nil
	}
	for _, t := range r.Tasks {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		res, err := fields.ExtractContext(ctx, t.File.File.Layout, t.Spec, fields.Options{
			Language: t.File.File.Language, Country: t.Spec.Country, Index: t.File.Index(),
		})
		if err != nil {
			return "", err
		}
		if err := voteReadings(ctx, t, res); err != nil {
			return "", err
		}
		if t.File.File.EInvoice != nil {
			t.Printed = printedCopy(res.Groups)
		}
		fields.FillFromEInvoice(res.Groups, t.Spec, t.File.File.EInvoice, t.File.File.MediaType != "application/pdf")
		t.Doc.FieldGroups = res.Groups
		e.llmFill(ctx, r, t)
		declared, filled := countFields(res.Groups)
		owner := t.File.owner() // a segment's counts belong to its file
		owner.FieldsDeclared += declared
		owner.FieldsFilled += filled
	}
	return "", nil
}

// stageBboxValidation grades every box (always on).
func (e *Engine) stageBboxValidation(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 {
		return "no extracted boxes to grade", nil
	}
	for _, t := range r.Tasks {
		fields.GradeFields(t.Doc.FieldGroups)
	}
	return "", nil
}

// stageBboxRefine re-grounds boxes an LLM produced. Deterministic
// extraction takes its boxes from the words themselves, so there is
// nothing to refine unless an LLM filled a field.
func (e *Engine) stageBboxRefine(ctx context.Context, r *Run) (string, error) {
	return "no llm-sourced boxes to refine", nil
}

// stageFieldValidation checks every value against its declaration.
func (e *Engine) stageFieldValidation(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 {
		return "no extracted fields to validate", nil
	}
	for _, t := range r.Tasks {
		for gi := range t.Doc.FieldGroups {
			g := &t.Doc.FieldGroups[gi]
			for _, sg := range t.Spec.FieldGroups {
				if sg.Name == g.Name {
					validate.ValidateFields(sg.Fields, g.Fields)
				}
			}
		}
	}
	return "", nil
}

// countFields counts top-level fields and those with a value, for the
// quality score's completeness.
func countFields(groups []api.ExtractedGroup) (declared, filled int) {
	for _, g := range groups {
		for _, f := range g.Fields {
			declared++
			switch v := f.Value.(type) {
			case nil:
			case []api.ExtractedField:
				if len(v) > 0 {
					filled++
				}
			default:
				filled++
			}
		}
	}
	return declared, filled
}

func pagesOf(f *FileRun) []int {
	if f.seg != nil {
		return append([]int(nil), f.seg.pages...)
	}
	pages := make([]int, f.File.PageCount)
	for i := range pages {
		pages[i] = i + 1
	}
	return pages
}

func newDocument(f *FileRun, spec api.DocumentTypeSpec) api.Document {
	d := api.Document{
		Type:        spec.ID,
		SourceFile:  f.File.Name,
		Pages:       pagesOf(f),
		Confidence:  1,
		FieldGroups: []api.ExtractedGroup{},
	}
	if spec.Description != "" {
		desc := spec.Description
		d.Description = &desc
	}
	if f.Classification != nil {
		d.Confidence = f.Classification.Confidence
	}
	d.Notes = segmentNote(f)
	return d
}

func discovered(f *FileRun) api.Document {
	d := api.Document{
		Type:        "unmatched",
		SourceFile:  f.File.Name,
		Pages:       pagesOf(f),
		FieldGroups: []api.ExtractedGroup{},
	}
	if f.Classification != nil {
		d.Confidence = f.Classification.Confidence
	}
	d.Notes = segmentNote(f)
	return d
}

// voteReadings settles the task's fields against the other OCR readings
// of its file's page (ingest.File.Readings, fields.Vote). A segment of a
// split file keeps its own reading: the readings cover the whole file.
func voteReadings(ctx context.Context, t *Task, kept fields.Result) error {
	f := t.File.File
	if len(f.Readings) == 0 || t.File.seg != nil {
		return nil
	}
	others := make([]fields.Reading, 0, len(f.Readings))
	for _, l := range f.Readings {
		res, err := fields.ExtractContext(ctx, l, t.Spec, fields.Options{Language: f.Language, Country: t.Spec.Country})
		if err != nil {
			return err
		}
		others = append(others, fields.NewReading(l, res))
	}
	fields.Vote(t.Spec, fields.NewReading(f.Layout, kept), others)
	return nil
}
