package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
)

// stageClassify decides each file's document type: the pin when there is
// one, the only declared type when there is one, else the classifier.
func (e *Engine) stageClassify(ctx context.Context, r *Run) (string, error) {
	ran := false
	for _, f := range r.Files {
		switch {
		case f.Pin != "":
			f.MatchedType = f.Pin
		case len(r.Req.DocumentTypes) == 1:
			f.MatchedType = r.Req.DocumentTypes[0].ID
		default:
			ran = true
			e.classifyFile(r, f)
		}
	}
	if !ran {
		return "every file is pinned or only one document type is declared", nil
	}
	return "", nil
}

// classifyFile is filled in by the classification capability.
func (e *Engine) classifyFile(r *Run, f *FileRun) {}

// stagePlanTasks pairs each file with its document type; files without
// one become discovered documents.
func (e *Engine) stagePlanTasks(ctx context.Context, r *Run) (string, error) {
	for _, f := range r.Files {
		if f.MatchedType == "" && !r.Options.Enabled(api.StageClassifier) && len(r.Req.DocumentTypes) == 1 {
			f.MatchedType = r.Req.DocumentTypes[0].ID
		}
		spec, ok := r.specByID(f.MatchedType)
		if f.MatchedType == "" || !ok {
			r.Discovered = append(r.Discovered, discovered(f))
			continue
		}
		r.Tasks = append(r.Tasks, &Task{File: f, Spec: spec, Doc: newDocument(f, spec)})
	}
	return "", nil
}

func (e *Engine) stageExtract(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 {
		return "no document to extract", nil
	}
	return "deterministic field extraction is not available yet", nil
}

func (e *Engine) stageBboxValidation(ctx context.Context, r *Run) (string, error) {
	return "no extracted boxes to grade", nil
}

// stageBboxRefine re-grounds boxes an LLM produced. Deterministic
// extraction takes its boxes from the words themselves, so there is
// nothing to refine unless an LLM filled a field.
func (e *Engine) stageBboxRefine(ctx context.Context, r *Run) (string, error) {
	return "no llm-sourced boxes to refine", nil
}

func (e *Engine) stageFieldValidation(ctx context.Context, r *Run) (string, error) {
	return "no extracted fields to validate", nil
}

func pagesOf(f *FileRun) []int {
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
	return d
}
