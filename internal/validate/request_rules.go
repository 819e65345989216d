package validate

import (
	"slices"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
)

// rules checks rule ids and parents and then looks for cycles. Only rule
// parents are graph edges; field and validator parents merely choose the
// evidence a rule sees, so they are checked as references.
func (s *semChecker) rules() {
	rules := s.req.Rules
	first := make(map[string]int, len(rules))
	s.ruleIndex = first
	for i, r := range rules {
		if r.ID == "" {
			continue
		}
		if j, dup := first[r.ID]; dup {
			s.ruleIssues = append(s.ruleIssues, issue(CodeDuplicateRuleID, index("rules", i),
				"Rule id '%s' is declared more than once (first at rules[%d]).", r.ID, j))
			continue
		}
		first[r.ID] = i
	}

	// edges[i] lists the rules that rule i depends on. Only the first
	// declaration of an id takes part in the graph.
	edges := make([][]int, len(rules))
	for i := range rules {
		r := &rules[i]
		owner := r.ID != "" && first[r.ID] == i
		for j := range r.Parents {
			if to, ok := s.parent(i, j); ok && owner {
				edges[i] = append(edges[i], to)
			}
		}
	}
	s.cycles(edges)
}

// parent checks rules[i].parents[j] and returns the index of the rule it
// depends on, if it is a resolvable rule parent.
func (s *semChecker) parent(i, j int) (int, bool) {
	r := &s.req.Rules[i]
	p := &r.Parents[j]
	path := index(index("rules", i)+".parents", j)
	switch p.Kind {
	case api.ParentField, api.ParentValidator:
		if p.DocumentType == "" {
			return 0, false // Structure's business
		}
		if !s.docKnown(p.DocumentType) {
			s.ruleIssues = append(s.ruleIssues, issue(CodeRuleUnknownDoctype, path,
				"Rule '%s' references document_type '%s' which is not declared in document_types[].", r.ID, p.DocumentType))
			return 0, false
		}
		info := s.docs[p.DocumentType]
		if info == nil {
			return 0, false // a built-in type: no schema to check against
		}
		if p.Kind == api.ParentField {
			for _, f := range p.Fields {
				if f != "" && !info.hasField(f) {
					// The reference reports this one on the rule itself.
					s.ruleIssues = append(s.ruleIssues, issue(CodeRuleUnknownField, index("rules", i),
						"Rule '%s' references field '%s' which is not declared on document_type '%s'.", r.ID, f, p.DocumentType))
				}
			}
			return 0, false
		}
		if _, ok := info.checks[p.Validator]; !ok && p.Validator != "" {
			s.ruleIssues = append(s.ruleIssues, issue(CodeRuleUnknownValidator, path,
				"Rule '%s' references validator '%s' which is neither a visual_checks[].name nor a field validator of document_type '%s'.",
				r.ID, p.Validator, p.DocumentType))
		}
		return 0, false
	case api.ParentRule:
		if p.Rule == "" {
			return 0, false
		}
		if p.Rule == r.ID {
			s.ruleIssues = append(s.ruleIssues, issue(CodeRuleSelfReference, path,
				"Rule '%s' lists itself as a parent.", r.ID))
			return 0, false
		}
		if k, ok := s.ruleIndex[p.Rule]; ok {
			return k, true
		}
		s.ruleIssues = append(s.ruleIssues, issue(CodeRuleUnknownParent, path,
			"Rule '%s' references parent rule '%s' which is not declared in rules[].", r.ID, p.Rule))
	}
	return 0, false
}

// cycles runs one depth-first search over the rule graph. Every back edge
// closes exactly one cycle, so each cycle is reported once, at the rule of
// the cycle declared first, listed from that rule along its parents.
func (s *semChecker) cycles(edges [][]int) {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(edges))
	var stack []int
	onStack := make([]int, len(edges)) // position in stack while grey
	reported := map[string]bool{}
	var visit func(u int)
	visit = func(u int) {
		color[u] = grey
		onStack[u] = len(stack)
		stack = append(stack, u)
		for _, v := range edges[u] {
			switch color[v] {
			case white:
				visit(v)
			case grey:
				s.reportCycle(stack[onStack[v]:], reported)
			}
		}
		stack = stack[:len(stack)-1]
		color[u] = black
	}
	for u := range edges {
		if color[u] == white {
			visit(u)
		}
	}
}

func (s *semChecker) reportCycle(cycle []int, reported map[string]bool) {
	// Rotate so the lowest index leads: the same cycle reached from
	// another entry point gets the same key and the same path.
	start := 0
	for k, v := range cycle {
		if v < cycle[start] {
			start = k
		}
	}
	ordered := slices.Concat(cycle[start:], cycle[:start])
	ids := make([]string, 0, len(ordered)+1)
	for _, v := range ordered {
		ids = append(ids, "'"+s.req.Rules[v].ID+"'")
	}
	ids = append(ids, ids[0])
	key := strings.Join(ids, " -> ")
	if reported[key] {
		return
	}
	reported[key] = true
	s.cycleIssues = append(s.cycleIssues, issue(CodeRuleCycle, index("rules", ordered[0]),
		"Rules form a cycle: %s.", key))
}
