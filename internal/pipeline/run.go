package pipeline

import (
	"encoding/json"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/classify"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/judge"
	"github.com/quarrydev/quarry/internal/llm"
)

// Run is the state one request's stages read and write.
type Run struct {
	ID      string
	Req     *api.ExtractRequest
	Options *api.Options // never nil

	Files      []*FileRun
	Tasks      []*Task
	Discovered []api.Document

	RuleResults []api.RuleResult
	Errors      []api.PipelineError
	Trace       []api.TraceEntry

	// meter counts the run's model calls (nil when no model is set).
	meter *llm.Meter
	// llm is the client this run calls (Engine.client): the workspace's
	// own or the engine's.
	llm *llm.Client
	// RequestTransformations are the outputs of request-scope
	// transformations (stage_transform.go).
	RequestTransformations []map[string]any

	// Escalation is pipeline.escalation: set when judge_escalation
	// triggered (stage_judge_llm.go), nil otherwise.
	Escalation *api.EscalationInfo
	// judgeAsked are, per task, the fields the deterministic judge left
	// uncertain: what a model judge may decide, and escalation re-decides.
	judgeAsked map[*Task][]judge.Candidate
}

// FileRun is one read file (a submitted file, or a member of a bundle).
type FileRun struct {
	File       *ingest.File
	InputIndex int    // index in Req.Files
	Pin        string // expected_type, "" when unpinned
	// MatchedType is the pin or the classifier's verdict; "" when neither.
	MatchedType    string
	Classification *api.Classification

	PII        json.RawMessage
	MaskedText *string
	Redacted   *api.RedactedFile // options.pii.redact
	Quality    json.RawMessage
	// index is the file's label index, built once and shared by
	// classification and extraction (see FileRun.Index).
	index *fields.Index

	// QualityFields are the declared (or built-in) fields and how many were
	// filled, summed over the file's documents, for the quality score.
	FieldsDeclared, FieldsFilled int
	// ArithmeticFailures counts the judge's failed arithmetic checks over
	// the file's documents; the quality grade cannot be A while one stands.
	ArithmeticFailures int

	// Segments are the documents the discover stage found inside this
	// file, each a FileRun over its own pages (see stage_discover.go);
	// nil when the file is one document. Segments are classified and
	// extracted in the file's place.
	Segments []*FileRun
	seg      *segment // set on a segment only
}

// Task is one (file x document type) extraction.
type Task struct {
	File *FileRun
	Spec api.DocumentTypeSpec
	Doc  api.Document
	// Printed is the text reading of a file with an embedded invoice XML,
	// kept before the XML's values replace it, so the judge can compare
	// the page with the XML.
	Printed []api.ExtractedGroup
}

// Index returns the file's label index, building it on first use.
func (f *FileRun) Index() *fields.Index {
	if f.index == nil {
		f.index = fields.NewIndex(f.File.Layout)
	}
	return f.index
}

// spec finds a declared document type or, when the caller declared none,
// a built-in one with its default schema.
func (r *Run) spec(id string) (api.DocumentTypeSpec, bool) {
	if id == "" {
		return api.DocumentTypeSpec{}, false
	}
	if len(r.Req.DocumentTypes) == 0 {
		return classify.BuiltinSchema(id)
	}
	for _, dt := range r.Req.DocumentTypes {
		if dt.ID == id {
			return dt, true
		}
	}
	return api.DocumentTypeSpec{}, false
}
