package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"

	"github.com/quarrydev/quarry/internal/api"
)

// Kind says how a predicate is decided.
type Kind int

const (
	// KindCEL predicates compile against the declared variables and are
	// evaluated here.
	KindCEL Kind = iota + 1
	// KindNaturalLanguage predicates are prose for an LLM to judge.
	KindNaturalLanguage
)

// Bounds on one predicate. The request's structure check already caps a
// predicate at 4096 characters; these keep a valid but hostile one from
// exhausting the parser's stack or the evaluator's time.
const (
	maxRecursion = 64
	maxCodePoint = 4096
	// DefaultCostLimit is the CEL cost one rule may spend: about a
	// hundred thousand list elements visited, far above what an invoice
	// with thousands of lines needs and far below a second of work.
	DefaultCostLimit = 100_000
	// interruptEvery is how many comprehension steps run between checks
	// of the context, so a deadline stops a long loop promptly.
	interruptEvery = 100
)

// predicate is one rule's predicate, classified and, for CEL, checked.
type predicate struct {
	kind Kind
	ast  *cel.Ast
	// refs are the variables the predicate reads, in catalogue order.
	refs []*variable
	// problems are why a CEL predicate cannot run (type errors, names
	// outside its parents); empty when it can.
	problems []string
	// why says what made a predicate natural language.
	why string
	// usesClock is set when days_since reads the run's date, which then
	// belongs in the summary like any other input.
	usesClock bool
}

// newEnv declares the catalogue's variables and the helper functions.
func newEnv(cat *catalogue, now time.Time) (*cel.Env, error) {
	opts := append(cat.options(), helpers(now)...)
	opts = append(opts,
		cel.CrossTypeNumericComparisons(true),
		cel.DefaultUTCTimeZone(true),
		cel.ParserRecursionLimit(maxRecursion),
		cel.ParserExpressionSizeLimit(maxCodePoint),
		// No cel.RegexProgramSizeLimit: in cel-go v0.31 its validator
		// compiles patterns unsimplified and panics on a counted
		// repetition ("[a-z]{3}"). Go's regexp already refuses patterns
		// past its own size limit, and matching is linear (RE2).
	)
	return cel.NewEnv(opts...)
}

var undeclaredRE = regexp.MustCompile(`undeclared reference to '([^']+)'`)

// classify decides whether src is CEL and, if so, checks it. Prose rarely
// parses as CEL; when it does ("approved"), it names something no schema
// declared, so a predicate is CEL when it parses and every name it uses
// is declared, or when it reaches into one of the namespaces (a typo
// there is a mistake to report, not a sentence).
func classify(env *cel.Env, cat *catalogue, spec api.RuleSpec) predicate {
	parsed, iss := env.Parse(spec.Predicate)
	if iss.Err() != nil {
		return predicate{kind: KindNaturalLanguage, why: "it does not parse as a CEL expression"}
	}
	checked, iss := env.Check(parsed)
	if iss.Err() != nil {
		var problems, foreign []string
		ours := false
		for _, e := range iss.Errors() {
			m := undeclaredRE.FindStringSubmatch(e.Message)
			if m == nil {
				problems = append(problems, located(e))
				continue
			}
			root := strings.SplitN(m[1], ".", 2)[0]
			if slices.Contains(namespaces, root) {
				ours = true
				continue
			}
			foreign = append(foreign, m[1])
		}
		if len(problems) == 0 && !ours && !mentionsNamespace(parsed) {
			return predicate{kind: KindNaturalLanguage,
				why: fmt.Sprintf("it names %s, which the request does not declare", quoteAll(foreign))}
		}
		for _, name := range unknownNames(parsed, cat) {
			problems = append(problems, unknownMessage(cat, name))
		}
		for _, name := range foreign {
			problems = append(problems, fmt.Sprintf("%q is not a declared variable or function", name))
		}
		return predicate{kind: KindCEL, problems: problems}
	}
	p := predicate{kind: KindCEL, ast: checked, refs: references(checked, cat), usesClock: callsOverload(checked, "days_since_dyn")}
	switch out := checked.OutputType(); {
	case out.IsExactType(cel.BoolType), out.IsExactType(cel.StringType), out.IsExactType(cel.DynType):
	default:
		p.problems = append(p.problems, fmt.Sprintf(
			"the predicate gives a %s; it must give a bool, or a string naming one of valid_outputs", out))
	}
	p.problems = append(p.problems, outsideParents(spec, p.refs)...)
	return p
}

// located renders a CEL error with its column, without the source excerpt.
func located(e *cel.Error) string {
	if e.Location != nil && e.Location.Column() >= 0 {
		return fmt.Sprintf("column %d: %s", e.Location.Column()+1, e.Message)
	}
	return e.Message
}

// references lists the catalogue variables a checked predicate reads.
func references(checked *cel.Ast, cat *catalogue) []*variable {
	used := map[string]bool{}
	for _, r := range checked.NativeRep().ReferenceMap() {
		if len(r.OverloadIDs) == 0 {
			used[r.Name] = true
		}
	}
	var refs []*variable
	for _, v := range cat.vars {
		if used[v.name] {
			refs = append(refs, v)
		}
	}
	return refs
}

func callsOverload(checked *cel.Ast, id string) bool {
	for _, r := range checked.NativeRep().ReferenceMap() {
		if slices.Contains(r.OverloadIDs, id) {
			return true
		}
	}
	return false
}

// unknownNames finds the dotted names rooted in a namespace that the
// catalogue does not declare (fields.invoice.totl), to say which one is
// wrong: CEL itself only reports the root.
func unknownNames(parsed *cel.Ast, cat *catalogue) []string {
	var out []string
	root := celast.NavigateAST(parsed.NativeRep())
	candidates := celast.MatchDescendants(root, func(e celast.NavigableExpr) bool {
		if e.Kind() != celast.SelectKind && e.Kind() != celast.IdentKind {
			return false
		}
		parent, ok := e.Parent()
		return !ok || parent.Kind() != celast.SelectKind // only whole chains
	})
	for _, e := range candidates {
		name, ok := dotted(e)
		if !ok || !slices.Contains(namespaces, strings.SplitN(name, ".", 2)[0]) || declaredPrefix(cat, name) {
			continue
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// mentionsNamespace reports whether the predicate uses any name rooted in
// a namespace, declared or not: such a predicate was written as CEL, so
// an unknown function beside it (`foo(fields.invoice.total)`) is a
// mistake to report, not a sign of prose.
func mentionsNamespace(parsed *cel.Ast) bool {
	idents := celast.MatchDescendants(celast.NavigateAST(parsed.NativeRep()), celast.KindMatcher(celast.IdentKind))
	for _, e := range idents {
		// The checker rewrites a resolved chain into one dotted ident in
		// place, so compare the root.
		if slices.Contains(namespaces, strings.SplitN(e.AsIdent(), ".", 2)[0]) {
			return true
		}
	}
	return false
}

// dotted turns a chain of selections ending in an identifier into a.b.c.
func dotted(e celast.Expr) (string, bool) {
	switch e.Kind() {
	case celast.IdentKind:
		return e.AsIdent(), true
	case celast.SelectKind:
		s := e.AsSelect()
		if s.IsTestOnly() {
			return "", false
		}
		head, ok := dotted(s.Operand())
		return head + "." + s.FieldName(), ok
	}
	return "", false
}

// declaredPrefix reports whether name or one of its dotted prefixes is a
// variable (fields.invoice.total.x is a type error, not an unknown name).
func declaredPrefix(cat *catalogue, name string) bool {
	for {
		if _, ok := cat.byName[name]; ok {
			return true
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return false
		}
		name = name[:i]
	}
}

// unknownMessage explains an undeclared name, listing what is declared
// where the caller probably meant to look.
func unknownMessage(cat *catalogue, name string) string {
	parts := strings.Split(name, ".")
	switch {
	case parts[0] == nsFields && len(parts) >= 2:
		if _, ok := cat.docTypes[parts[1]]; !ok {
			return fmt.Sprintf("%s: document type %q is not declared", name, parts[1])
		}
		return fmt.Sprintf("%s is not declared; %s declares %s", name, parts[1], strings.Join(cat.declaredOn(parts[1]), ", "))
	case parts[0] == nsValidators && len(parts) >= 2:
		return fmt.Sprintf("%s is not declared: use validators.<document_type>.<validator or visual check>", name)
	case parts[0] == nsRules && len(parts) >= 2:
		return fmt.Sprintf("%s: no rule has the id %q", name, parts[1])
	}
	return fmt.Sprintf("%s needs a name after it (for example fields.<document_type>.<field>)", name)
}

// outsideParents enforces that parents choose the evidence: a rule reads
// only its parent rules' outputs and, when it names field or validator
// parents, only those fields and validators. A rule with no field or
// validator parents sees every field and validator.
func outsideParents(spec api.RuleSpec, refs []*variable) []string {
	restricted := slices.ContainsFunc(spec.Parents, func(p api.RuleParent) bool {
		return p.Kind == api.ParentField || p.Kind == api.ParentValidator
	})
	var problems []string
	for _, v := range refs {
		switch v.kind {
		case kindRule:
			if !slices.ContainsFunc(spec.Parents, func(p api.RuleParent) bool { return p.Kind == api.ParentRule && p.Rule == v.leaf }) {
				problems = append(problems, fmt.Sprintf(
					"%s is read but rule %q is not among the parents (add {\"kind\": \"rule\", \"rule\": %q})", v.name, v.leaf, v.leaf))
			}
		case kindField, kindValidator:
			if restricted && !slices.ContainsFunc(spec.Parents, func(p api.RuleParent) bool { return covers(p, v) }) {
				problems = append(problems, fmt.Sprintf("%s is read but no field or validator parent of the rule names it", v.name))
			}
		}
	}
	return problems
}

// covers reports whether a field or validator parent hands v to its rule.
// A field parent names fields by name or dotted path, optionally led by
// the group name; naming an object hands over all its members.
func covers(p api.RuleParent, v *variable) bool {
	if p.DocumentType != v.docType {
		return false
	}
	switch {
	case p.Kind == api.ParentValidator && v.kind == kindValidator:
		return p.Validator == v.leaf
	case p.Kind == api.ParentField && v.kind == kindField:
		if len(p.Fields) == 0 {
			return true
		}
		path := strings.Join(v.path, ".")
		for _, f := range p.Fields {
			for _, name := range []string{f, afterFirstDot(f)} {
				if name != "" && (path == name || strings.HasPrefix(path, name+".")) {
					return true
				}
			}
		}
	}
	return false
}

func afterFirstDot(s string) string {
	if _, rest, ok := strings.Cut(s, "."); ok {
		return rest
	}
	return ""
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
