// Package validate checks extraction payloads and extracted values.
//
// It has three layers, each usable on its own:
//
//   - the field validator catalogue (Validate, Known, Catalogue): named
//     checks such as iban or nif that a schema attaches to a field;
//   - field validation (ValidateValue, ValidateFields): the per-field checks
//     of the field_validation stage, in the reference order type, pattern,
//     format, enum, minimum, maximum, then the declared validators;
//   - request validation: Structure finds what makes a body malformed
//     (400 invalid_request) and Semantic finds what makes a well-formed body
//     meaningless (the dry-run report and 422 validation_failed).
//
// Nothing here does I/O, and everything is safe for concurrent use.
package validate
