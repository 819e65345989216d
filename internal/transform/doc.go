// Package transform runs the deterministic transformations a request asks
// for after extraction. entity_resolution merges the rows of a field group
// that describe the same entity (the same person named in a deed and on an
// ID card), within one document (scope "task") or across the request
// (scope "request"), and records which rows each merged row came from.
// llm transformations need a language model and are reported as skipped.
//
// A layer-1 engine: api types in, api types out. docs/transform.md gives
// the rules with an example.
package transform
