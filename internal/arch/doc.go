// Package arch holds no code: its test reads every package's imports and
// fails when the layering of docs/architecture.md is broken, so a wrong
// import is caught in review-free CI rather than found a year later.
package arch
