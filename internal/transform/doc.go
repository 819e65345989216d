// Package transform runs the deterministic transformations a request asks
// for after extraction. entity_resolution merges the rows of a field group
// that describe the same entity (the same person named in a deed and on an
// ID card), within one document (scope "task") or across the request
// (scope "request"), and records which rows each merged row came from.
// llm transformations hand the rows to a language model with the caller's
// intention and check its answer (shape, source rows, invariant); without
// a model they are reported as skipped.
//
// A layer-1 engine: api types in, api types out. docs/transform.md gives
// the rules with an example.
package transform
