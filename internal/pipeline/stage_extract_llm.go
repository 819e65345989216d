package pipeline

import (
	"context"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/assist"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/llm"
)

// llmFill hands the fields the deterministic pass could not settle to the
// model, when one is configured. Its answers pass the grounding gate in
// package assist; each field's path is kept for the /v1 execution view.
//
// A failed call leaves the deterministic values in place and is reported
// in pipeline.errors: the model only ever adds reach.
func (e *Engine) llmFill(ctx context.Context, r *Run, t *Task) {
	if ok, _ := e.llmReady(r); !ok {
		return
	}
	out, err := assist.Fill(ctx, e.client(r), t.File.File.Layout, t.Spec, t.Doc.FieldGroups, assist.Options{
		Locale: fields.Locale{Language: t.File.File.Language, Country: t.Spec.Country},
		Model:  r.Options.Model,
		Images: e.extractImages(ctx, t),
	})
	if err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageExtract, Code: CodeLLMFailed, Message: err.Error()})
		return
	}
	for _, o := range out {
		if t.Doc.ExtractionMethods == nil {
			t.Doc.ExtractionMethods = map[string]string{}
		}
		t.Doc.ExtractionMethods[o.Group+"."+o.Field] = o.Method
	}
}

// extractImages renders the first pages of a task's document for a vision
// model, within the engine's VisionLimits, when Vision.Extract is on. A
// page that cannot be rendered is left out: the text still goes.
func (e *Engine) extractImages(ctx context.Context, t *Task) []llm.Image {
	if !e.Vision.Extract {
		return nil
	}
	f, pages := t.File.File, pagesOf(t.File)
	if s := t.File.seg; s != nil {
		f, pages = s.file.File, s.pages // a split document: its own pages of the file
	}
	rendered, _ := e.pageImages(ctx, f, pages[:min(len(pages), e.Vision.pages())])
	var out []llm.Image
	for _, p := range rendered {
		if data, err := pngWithin(p.Image, e.Vision.pixels()); err == nil {
			out = append(out, llm.Image{MediaType: "image/png", Data: data})
		}
	}
	return out
}
