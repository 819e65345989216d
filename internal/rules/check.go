package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/api"
)

// Issue codes the dry run adds for predicates.
const (
	// CodePredicateInvalid is a CEL predicate that does not type-check
	// against the schema, or reads evidence its parents do not choose.
	CodePredicateInvalid = "rule_predicate_invalid"
	// CodePredicateNaturalLanguage is a warning: the predicate is prose,
	// which only an LLM can judge.
	CodePredicateNaturalLanguage = "rule_predicate_natural_language"
)

// Check classifies and type-checks every predicate against the schema,
// without evaluating anything, for /extract:validate and the check
// before a run. A CEL predicate that does not check is an error at
// rules[i].predicate; a natural-language one is accepted with a warning
// saying it needs an LLM.
func Check(specs []api.RuleSpec, docTypes []api.DocumentTypeSpec) []api.ValidationIssue {
	if len(specs) == 0 {
		return nil
	}
	cat := newCatalogue(docTypes, specs)
	env, err := newEnv(cat, time.Time{})
	if err != nil {
		return []api.ValidationIssue{{Severity: "error", Code: CodePredicateInvalid, Path: "rules",
			Message: "The schema could not be declared to the rule engine: " + err.Error()}}
	}
	var issues []api.ValidationIssue
	for i, spec := range specs {
		if strings.TrimSpace(spec.Predicate) == "" {
			continue // the structure check reports a missing predicate
		}
		path := "rules[" + strconv.Itoa(i) + "].predicate"
		p := classify(env, cat, spec)
		switch {
		case p.kind == KindNaturalLanguage:
			issues = append(issues, api.ValidationIssue{Severity: "warning", Code: CodePredicateNaturalLanguage, Path: path,
				Message: fmt.Sprintf("Rule '%s' has a natural-language predicate (%s); it is skipped until an LLM is configured.", spec.ID, p.why)})
		case len(p.problems) > 0:
			issues = append(issues, api.ValidationIssue{Severity: "error", Code: CodePredicateInvalid, Path: path,
				Message: fmt.Sprintf("Rule '%s' has a CEL predicate that does not check: %s.", spec.ID, strings.Join(p.problems, "; "))})
		}
	}
	return issues
}
