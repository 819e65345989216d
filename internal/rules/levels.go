package rules

import "github.com/quarrydev/quarry/internal/api"

// levels orders rules into topological levels: level 0 has no rule
// parents, level n only parents from earlier levels. Only rule parents
// are edges; a parent id that names no rule is ignored (the request check
// refuses it). Rules left over sit on a cycle, which the request check
// also refuses; they come back separately so they can say so instead of
// being dropped.
func levels(specs []api.RuleSpec) (ordered [][]int, cyclic []int) {
	first := make(map[string]int, len(specs))
	for i, r := range specs {
		if _, dup := first[r.ID]; !dup {
			first[r.ID] = i
		}
	}
	waiting := make([]int, len(specs))    // unresolved parents per rule
	children := make([][]int, len(specs)) // who waits on each rule
	for i, r := range specs {
		seen := map[int]bool{}
		for _, p := range r.Parents {
			j, ok := first[p.Rule]
			if p.Kind != api.ParentRule || !ok || seen[j] {
				continue
			}
			seen[j] = true
			waiting[i]++
			children[j] = append(children[j], i)
		}
	}
	var level []int
	for i := range specs {
		if waiting[i] == 0 {
			level = append(level, i)
		}
	}
	done := 0
	for len(level) > 0 {
		ordered = append(ordered, level)
		done += len(level)
		var next []int
		for _, i := range level {
			for _, c := range children[i] {
				if waiting[c]--; waiting[c] == 0 {
					next = append(next, c)
				}
			}
		}
		level = next
	}
	if done < len(specs) {
		for i := range specs {
			if waiting[i] > 0 {
				cyclic = append(cyclic, i)
			}
		}
	}
	return ordered, cyclic
}
