package bizdocs

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/ingest"
)

// Tally counts outcomes for one slice of the documents.
type Tally struct {
	Docs, ClassOK   int
	DeclaredOK      int // Classify over the five generated types declared as caller types
	Fields, FieldOK int
	Rows, RowOK     int
	Found, FoundIoU int // values found with a truth box / of those, IoU >= 0.5
}

func (t *Tally) add(o Tally) {
	t.Docs += o.Docs
	t.ClassOK += o.ClassOK
	t.DeclaredOK += o.DeclaredOK
	t.Fields += o.Fields
	t.FieldOK += o.FieldOK
	t.Rows += o.Rows
	t.RowOK += o.RowOK
	t.Found += o.Found
	t.FoundIoU += o.FoundIoU
}

func pct(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return 100 * float64(a) / float64(b)
}

// Rates returns classification, field, row and IoU rates in percent.
func (t Tally) Rates() (class, field, rows, iou float64) {
	return pct(t.ClassOK, t.Docs), pct(t.FieldOK, t.Fields), pct(t.RowOK, t.Rows), pct(t.FoundIoU, t.Found)
}

// Report aggregates tallies by slice ("type=invoice", "lang=tr", ...).
type Report struct {
	All     Tally
	BySlice map[string]*Tally
	Misses  []string // a sample of wrong values, for debugging
}

// Layout reads a generated PDF (or a rasterised scan) through the loader.
func Layout(ctx context.Context, name string, data []byte) (*doc.Layout, error) {
	return LayoutHint(ctx, name, data, "")
}

// LayoutHint is Layout with the caller's language hint (it steers OCR).
func LayoutHint(ctx context.Context, name string, data []byte, lang string) (*doc.Layout, error) {
	files, err := ingest.NewLoader(ingest.DefaultLimits(), ingest.FindEngines()).Load(ctx, ingest.Input{Name: name, Data: data, LanguageHint: lang})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 || files[0].Layout == nil {
		return nil, fmt.Errorf("%s: no layout", name)
	}
	return files[0].Layout, nil
}

// declared are the generated types as a caller would declare them: the
// built-in schemas under their own ids, with descriptions.
var declared = func() []api.DocumentTypeSpec {
	var out []api.DocumentTypeSpec
	for _, id := range Types {
		sp, _ := classify.BuiltinSchema(id)
		out = append(out, sp)
	}
	return out
}()

// Score classifies and extracts one layout and compares with the truth.
func Score(d *Doc, l *doc.Layout) (Tally, []string) {
	t := Tally{Docs: 1}
	var misses []string
	if v := classify.ClassifyBuiltin(l); v.Type == d.Type {
		t.ClassOK++
	} else {
		misses = append(misses, fmt.Sprintf("%s: classified %s", d.ID, v.Type))
	}
	if v := classify.Classify(l, declared); v.Type == d.Type {
		t.DeclaredOK++
	} else {
		misses = append(misses, fmt.Sprintf("%s: declared classification %s (%.2f)", d.ID, v.Type, v.Confidence))
	}
	spec, _ := classify.BuiltinSchema(d.Type)
	res := fields.Extract(l, spec, fields.Options{})
	got := map[string]api.ExtractedField{}
	for _, g := range res.Groups {
		for _, f := range g.Fields {
			got[f.Name] = f
		}
	}
	for name, want := range d.Fields {
		t.Fields++
		f := got[name]
		if Equal(f.Value, want.Value) {
			t.FieldOK++
		} else {
			misses = append(misses, fmt.Sprintf("%s: %s = %#v, want %#v", d.ID, name, f.Value, want.Value))
		}
		if f.Value != nil && f.BBox != nil && !want.Box.IsZero() {
			t.Found++
			b := doc.Box{X0: f.BBox.XMin, Y0: f.BBox.YMin, X1: f.BBox.XMax, Y1: f.BBox.YMax}
			if b.IoU(want.Box) >= 0.5 {
				t.FoundIoU++
			}
		}
	}
	if d.TableField != "" {
		rows, _ := got[d.TableField].Value.([]api.ExtractedField)
		for i, want := range d.Rows {
			t.Rows++
			if i >= len(rows) {
				continue
			}
			members, _ := rows[i].Value.([]api.ExtractedField)
			ok := true
			for _, m := range members {
				w, has := want[m.Name]
				if !has {
					continue
				}
				if !Equal(m.Value, w.Value) {
					ok = false
					misses = append(misses, fmt.Sprintf("%s: row %d %s = %#v, want %#v", d.ID, i, m.Name, m.Value, w.Value))
				}
				if m.Value != nil && m.BBox != nil && !w.Box.IsZero() {
					t.Found++
					b := doc.Box{X0: m.BBox.XMin, Y0: m.BBox.YMin, X1: m.BBox.XMax, Y1: m.BBox.YMax}
					if b.IoU(w.Box) >= 0.5 {
						t.FoundIoU++
					}
				}
			}
			if ok && len(members) > 0 {
				t.RowOK++
			}
		}
	}
	return t, misses
}

// Equal compares an extracted value with the truth: numbers to the cent,
// strings exactly after trimming.
func Equal(got, want any) bool {
	switch w := want.(type) {
	case float64:
		switch g := got.(type) {
		case float64:
			return math.Abs(g-w) < 0.005
		case int64:
			return math.Abs(float64(g)-w) < 0.005
		}
		return false
	case string:
		g, ok := got.(string)
		return ok && strings.TrimSpace(g) == strings.TrimSpace(w)
	}
	return got == want
}

// Evaluate scores documents read by load (text PDF or scan) under source.
// load returns the layout and the truth to compare with (a scan moves the
// boxes); a nil truth means the document itself.
func Evaluate(docs []Doc, source string, load func(*Doc) (*doc.Layout, *Doc, error)) (Report, error) {
	r := Report{BySlice: map[string]*Tally{}}
	for i := range docs {
		d := &docs[i]
		l, truth, err := load(d)
		if err != nil {
			return r, fmt.Errorf("%s: %w", d.ID, err)
		}
		if truth != nil {
			d = truth
		}
		t, misses := Score(d, l)
		r.All.add(t)
		for _, k := range []string{"type=" + d.Type, "lang=" + d.Lang, "layout=" + d.Layout, "source=" + source} {
			if r.BySlice[k] == nil {
				r.BySlice[k] = &Tally{}
			}
			r.BySlice[k].add(t)
		}
		if len(r.Misses) < 400 {
			r.Misses = append(r.Misses, misses...)
		}
	}
	return r, nil
}
