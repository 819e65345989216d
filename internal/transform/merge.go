package transform

import (
	"slices"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/api"
)

// merge builds one entity from a cluster of rows: each member takes the
// best value any row offers (see better), pages are the sorted union,
// confidence the highest, and provenance lists every row merged.
func merge(rows []row, cluster []int) api.ExtractedField {
	first := rows[cluster[0]]
	out := api.ExtractedField{Name: first.name, Pages: []int{}}
	var names []string
	best := map[string]api.ExtractedField{}
	for _, i := range cluster {
		r := rows[i]
		out.Pages = append(out.Pages, r.pages...)
		out.Confidence = max(out.Confidence, r.confidence)
		out.Provenance = append(out.Provenance, r.sources...)
		for _, m := range r.members {
			cur, seen := best[m.Name]
			if !seen {
				names = append(names, m.Name)
			}
			if !seen || better(m, cur) {
				best[m.Name] = m
			}
		}
	}
	slices.Sort(out.Pages)
	out.Pages = slices.Compact(out.Pages)
	members := make([]api.ExtractedField, 0, len(names))
	for _, n := range names {
		members = append(members, best[n])
	}
	out.Value = members
	return out
}

// better says whether candidate beats current for a member: a value beats
// no value, then the longer text wins (the fuller form of a name or an
// address), then the text first in lexicographic order, so the outcome
// never depends on which document came first.
func better(candidate, current api.ExtractedField) bool {
	if ce, ke := isEmpty(candidate.Value), isEmpty(current.Value); ce != ke {
		return !ce
	}
	a, b := valueText(candidate.Value), valueText(current.Value)
	if la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b); la != lb {
		return la > lb
	}
	return a < b
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []api.ExtractedField:
		return len(x) == 0
	}
	return valueText(v) == ""
}
