package judge

import (
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
)

// newJudgement indexes the document's fields by role, pairing each with
// its declaration (for the description) when the spec has one.
func newJudgement(in Input) *judgement {
	j := &judgement{in: in, top: map[role][]*slot{}, loc: fields.Locale{Language: in.Language, Country: in.Country}}
	specGroups := map[string]map[string]*api.Field{}
	for gi := range in.Spec.FieldGroups {
		g := &in.Spec.FieldGroups[gi]
		specGroups[g.Name] = declared(g.Fields)
	}
	for gi := range in.Groups {
		g := &in.Groups[gi]
		decl := specGroups[g.Name]
		for fi := range g.Fields {
			f := &g.Fields[fi]
			j.walk(f, decl[f.Name], g.Name+"."+f.Name, false).group = g.Name
		}
	}
	return j
}

func declared(fs []api.Field) map[string]*api.Field {
	m := map[string]*api.Field{}
	for i := range fs {
		m[fs[i].Name] = &fs[i]
	}
	return m
}

// walk registers a field and, for arrays of rows, its rows and members.
func (j *judgement) walk(f *api.ExtractedField, decl *api.Field, path string, inRow bool) *slot {
	desc := ""
	if decl != nil {
		desc = decl.Description
	}
	s := &slot{f: f, path: path}
	j.slots = append(j.slots, s)
	kids, isList := f.Value.([]api.ExtractedField)
	if !isList {
		s.role = roleOf(f.Name, desc, inRow)
		if !inRow && s.role != roleNone {
			j.top[s.role] = append(j.top[s.role], s)
		}
		return s
	}
	if decl != nil && decl.EffectiveType() == api.TypeArray {
		j.walkTable(s, kids, decl.Items)
		return s
	}
	// An object: its members keep the row context they were found in.
	var members map[string]*api.Field
	if decl != nil {
		members = declared(decl.Fields)
	}
	for i := range kids {
		j.walk(&kids[i], members[kids[i].Name], path+"."+kids[i].Name, inRow)
	}
	return s
}

// walkTable registers an array's rows. A row is an object whose members
// are a line's values; an array of plain values has no roles to check.
func (j *judgement) walkTable(s *slot, rows []api.ExtractedField, items *api.Field) {
	t := &table{s: s}
	var members map[string]*api.Field
	if items != nil {
		members = declared(items.Fields)
	}
	for i := range rows {
		r := &rows[i]
		rs := &slot{f: r, path: fmt.Sprintf("%s[%d]", s.path, i), isRow: true}
		j.slots = append(j.slots, rs)
		cells, ok := r.Value.([]api.ExtractedField)
		if !ok {
			continue
		}
		rw := row{s: rs, members: map[role]*slot{}}
		for k := range cells {
			m := j.walk(&cells[k], members[cells[k].Name], rs.path+"."+cells[k].Name, true)
			if m.role != roleNone && rw.members[m.role] == nil {
				rw.members[m.role] = m
			}
		}
		t.rows = append(t.rows, rw)
	}
	j.tables = append(j.tables, t)
}

// first returns the first top-level field of a role that holds a number.
func (j *judgement) firstNumber(r role) *slot {
	for _, s := range j.top[r] {
		if _, ok := decimalOf(s.f.Value); ok {
			return s
		}
	}
	return nil
}
