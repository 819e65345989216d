// Package export writes a dataset's records in the nine formats the /v1
// platform offers (jsonl, json, csv, parquet, md, xml, xlsx, hf, rag).
// Writers stream: they read records one at a time from a Source and never
// hold the whole dataset unless a format forces it (documented per format).
package export

import (
	"context"
	"iter"
	"time"
)

// Record is one dataset row: one execution as the dataset holds it. A
// dataset built with masking carries masked values in Fields and Text, so
// the writers never see an original personal-data value.
type Record struct {
	ExecutionID    string
	JobID          string
	DocumentID     string
	SourceFilename string
	DocType        string
	Language       string
	QualityScore   float64 // 0-100
	QualityGrade   string  // A-D
	CreatedAt      time.Time

	// Fields are the extracted values by field name, decoded from JSON:
	// string, float64, bool, nil, map[string]any (objects), []any (arrays).
	Fields map[string]any
	// PII counts findings by type ("email": 2).
	PII       map[string]int
	PIIMasked bool
	// Pages is the document's text per page (masked when PIIMasked); the
	// full text is the pages joined by a blank line.
	Pages []string
}

// FieldType is a declared field type, as in a document type's schema.
type FieldType string

// Field types.
const (
	TypeString  FieldType = "string"
	TypeNumber  FieldType = "number"
	TypeInteger FieldType = "integer"
	TypeBoolean FieldType = "boolean"
	TypeDate    FieldType = "date"
	TypeObject  FieldType = "object"
	TypeArray   FieldType = "array"
)

// Field is one extracted field as the dataset declares it. Properties
// describe an object, or the rows of an array of objects.
type Field struct {
	Name       string
	Type       FieldType
	Properties []Field
}

// Schema is the dataset's shape, fixed when it is built: every writer
// needs its columns before the first row.
type Schema struct {
	Name   string // dataset name
	Slug   string // file names: <slug>.<ext>
	Fields []Field
	// PIITypes are the PII types found anywhere in the dataset, filled when
	// it is built: each gets a "pii.<type>" count column, so the columns are
	// known before the first row. Counts of a type not listed still add to
	// "pii_total".
	PIITypes []string
}

// Source streams a dataset's records in a stable order.
type Source interface {
	Schema() Schema
	Records(ctx context.Context) iter.Seq2[*Record, error]
}
