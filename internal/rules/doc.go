// Package rules evaluates a request's rules: a DAG of predicates over the
// extracted evidence, run in topological levels so that a rule sees the
// outputs of its parent rules.
//
// A predicate that compiles as CEL against the variables the request's
// schema declares (fields.<doc_type>.<field>, validators.<doc_type>.<name>,
// rules.<rule_id>, now) is evaluated here, deterministically and under a
// cost limit. Anything else is natural language, which only an LLM can
// judge; such a rule is reported as skipped, never guessed.
//
// The package is a layer-1 engine: it reads api types and returns api
// types, and knows nothing of the pipeline, the store or HTTP. The
// variables, helper functions and examples are documented in docs/rules.md.
package rules
