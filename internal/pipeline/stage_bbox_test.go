package pipeline

import (
	"context"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
)

// boxes lists every box of the run's documents, rows and members included.
func boxes(r *Run) []*api.BoundingBox {
	var out []*api.BoundingBox
	var walk func([]api.ExtractedField)
	walk = func(fs []api.ExtractedField) {
		for i := range fs {
			if fs[i].BBox != nil {
				out = append(out, fs[i].BBox)
			}
			if sub, ok := fs[i].Value.([]api.ExtractedField); ok {
				walk(sub)
			}
		}
	}
	for _, t := range r.Tasks {
		for gi := range t.Doc.FieldGroups {
			walk(t.Doc.FieldGroups[gi].Fields)
		}
	}
	return out
}

// TestBoxesAreGradedOnceInTheirStage wraps bbox_validation: every box
// reaches it ungraded (extraction does not grade) and leaves it with the
// grade fields.GradeBox gives, and the answer carries that grade.
func TestBoxesAreGradedOnceInTheirStage(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	var entered, graded int
	var after []api.BoundingBox
	for i := range e.stages {
		if e.stages[i].Name != StageBboxValidation {
			continue
		}
		grade := e.stages[i].Run
		e.stages[i].Run = func(e *Engine, ctx context.Context, r *Run) (string, error) {
			var want []api.BoundingBox
			for _, b := range boxes(r) {
				entered++
				if b.Quality != "" || b.QualityScore != 0 {
					t.Errorf("box graded before bbox_validation: %+v", *b)
				}
				w := *b
				fields.GradeBox(&w)
				want = append(want, w)
			}
			skip, err := grade(e, ctx, r)
			for i, b := range boxes(r) {
				if b.Quality != "" {
					graded++
				}
				if *b != want[i] {
					t.Errorf("box %d = %+v, want %+v", i, *b, want[i])
				}
				after = append(after, *b)
			}
			return skip, err
		}
	}
	req := pdfRequest(t)
	req.DocumentTypes = []api.DocumentTypeSpec{{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{
		{Name: "invoice_number"}, {Name: "issue_date"}, {Name: "total", Type: api.TypeNumber},
	}}}}}
	res, err := e.Run(context.Background(), "ext_box", req)
	if err != nil {
		t.Fatal(err)
	}
	if entered == 0 || graded != entered {
		t.Fatalf("%d boxes entered bbox_validation, %d left it graded", entered, graded)
	}
	var final []api.BoundingBox
	for _, d := range res.Documents {
		for _, g := range d.FieldGroups {
			for _, f := range g.Fields {
				if f.BBox != nil {
					final = append(final, *f.BBox)
				}
			}
		}
	}
	if len(final) != len(after) {
		t.Fatalf("answer has %d boxes, the stage graded %d", len(final), len(after))
	}
	for i := range final {
		if final[i] != after[i] {
			t.Errorf("answer box %d = %+v, stage left %+v", i, final[i], after[i])
		}
	}
}
