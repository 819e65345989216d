package pipeline

import (
	"context"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ids"
	"github.com/quarrydev/quarry/internal/redact"
)

// FieldAreas extracts one file (PII detection off: redaction detects on
// its own) and returns the boxes of the named fields as redaction areas,
// with the names it could not place on a page. docType pins the document
// type ("" lets the classifier decide). It serves POST /api/v1/pii:redact
// and `quarry redact --fields`.
func (e *Engine) FieldAreas(ctx context.Context, file api.FileInput, docType string, names []string) ([]redact.Area, []string, error) {
	file.ExpectedType = docType
	req := &api.ExtractRequest{Files: []api.FileInput{file}, Options: &api.Options{PII: &api.PIIOptions{Disabled: true}}}
	if err := Check(req); err != nil {
		return nil, nil, err
	}
	res, err := e.Run(ctx, ids.New("ext"), req)
	if err != nil {
		return nil, nil, err
	}
	want := map[string]bool{}
	for _, n := range names {
		want[strings.TrimSpace(n)] = true
	}
	found := map[string]bool{}
	var areas []redact.Area
	var walk func([]api.ExtractedField)
	walk = func(fs []api.ExtractedField) {
		for _, f := range fs {
			if sub, ok := f.Value.([]api.ExtractedField); ok {
				walk(sub) // line items: every row's field of that name
			}
			if !want[f.Name] || f.BBox == nil || len(f.Pages) == 0 {
				continue
			}
			found[f.Name] = true
			areas = append(areas, redact.Area{Label: f.Name, Page: f.Pages[0],
				Box: doc.Box{X0: f.BBox.XMin, Y0: f.BBox.YMin, X1: f.BBox.XMax, Y1: f.BBox.YMax}})
		}
	}
	for _, d := range res.Documents {
		for _, g := range d.FieldGroups {
			walk(g.Fields)
		}
	}
	missing := []string{}
	for _, n := range names {
		if n = strings.TrimSpace(n); !found[n] {
			missing = append(missing, n)
		}
	}
	return areas, missing, nil
}
