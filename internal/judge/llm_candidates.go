package judge

import (
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
)

// MaxCandidates bounds the fields one model call judges: the prompt's
// size is a setting, never the document's. Fields beyond it stay
// uncertain and say why.
const MaxCandidates = 40

// Candidate is a field the deterministic judge left uncertain although it
// holds a value: the only kind of field a model may judge. Deterministic
// pass and fail verdicts are never handed over, so never overturned.
type Candidate struct {
	Path        string // "totals.total", "main.items[0].amount"
	Description string // the field's declared description, "" when none
	Field       *api.ExtractedField
	// Deterministic is the verdict the deterministic judge gave, kept so
	// a second model (escalation) starts from the same place.
	Deterministic api.Judgement
}

// Uncertain lists the scalar fields of groups whose verdict is uncertain
// and which hold a value, in document order. Call it after Judge: the
// pointers are into groups, which must not be re-allocated meanwhile.
func Uncertain(spec api.DocumentTypeSpec, groups []api.ExtractedGroup) []Candidate {
	decls := map[string]map[string]*api.Field{}
	for gi := range spec.FieldGroups {
		decls[spec.FieldGroups[gi].Name] = declared(spec.FieldGroups[gi].Fields)
	}
	var out []Candidate
	var walk func(f *api.ExtractedField, decl *api.Field, path string)
	walk = func(f *api.ExtractedField, decl *api.Field, path string) {
		if f.Value == nil {
			return
		}
		if kids, ok := f.Value.([]api.ExtractedField); ok {
			var members map[string]*api.Field
			var items *api.Field
			if decl != nil {
				members, items = declared(decl.Fields), decl.Items
			}
			isArray := decl != nil && decl.EffectiveType() == api.TypeArray
			for i := range kids {
				switch {
				case isArray:
					walk(&kids[i], items, fmt.Sprintf("%s[%d]", path, i))
				default:
					walk(&kids[i], members[kids[i].Name], path+"."+kids[i].Name)
				}
			}
			return
		}
		if f.Judge == nil || f.Judge.Status != api.JudgeUncertain {
			return
		}
		c := Candidate{Path: path, Field: f, Deterministic: *f.Judge}
		if decl != nil {
			c.Description = decl.Description
		}
		out = append(out, c)
	}
	for gi := range groups {
		g := &groups[gi]
		for fi := range g.Fields {
			f := &g.Fields[fi]
			walk(f, decls[g.Name][f.Name], g.Name+"."+f.Name)
		}
	}
	return out
}

// Reset puts the deterministic verdicts back on the candidates, so
// another model can judge them afresh.
func Reset(cands []Candidate) {
	for _, c := range cands {
		d := c.Deterministic
		c.Field.Judge = &d
	}
}

// Snapshot copies the candidates' current verdicts; Restore puts such a
// copy back (an escalation that was not kept).
func Snapshot(cands []Candidate) []api.Judgement {
	out := make([]api.Judgement, len(cands))
	for i, c := range cands {
		if c.Field.Judge != nil {
			out[i] = *c.Field.Judge
		}
	}
	return out
}

// Restore undoes what happened to the candidates since Snapshot.
func Restore(cands []Candidate, snap []api.Judgement) {
	for i, c := range cands {
		j := snap[i]
		c.Field.Judge = &j
	}
}
