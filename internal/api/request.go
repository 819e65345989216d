// Package api holds the wire types of the /api/v1 extraction surface, field
// for field as ../shared/spec/extraction-api-reference.txt shows them.
// Fields the reference always prints (even as null) have no omitempty;
// additive Quarry fields that older clients do not know are omitempty.
package api

import "encoding/json"

// ExtractRequest is the body of POST /api/v1/extract, /extract:validate and
// /extractions (JSON mode, or the `request` part in multipart mode).
type ExtractRequest struct {
	Intention     string                `json:"intention,omitempty"`
	Files         []FileInput           `json:"files"`
	DocumentTypes []DocumentTypeSpec    `json:"document_types,omitempty"`
	Rules         []RuleSpec            `json:"rules,omitempty"`
	Options       *Options              `json:"options,omitempty"`
	FileOptions   map[string]FileOption `json:"file_options,omitempty" doc:"Multipart mode: per-file options keyed by filename."`
	CallbackURL   string                `json:"callback_url,omitempty" doc:"Async only: receives extraction.completed webhooks."`
	Metadata      map[string]any        `json:"metadata,omitempty" doc:"Async only: echoed verbatim in events."`
}

// FileInput is one input file.
type FileInput struct {
	Filename      string `json:"filename"`
	ContentBase64 string `json:"content_base64,omitempty" doc:"Required in JSON mode; absent in multipart mode."`
	ContentType   string `json:"content_type,omitempty" doc:"Optional MIME hint; the real type is sniffed from the bytes."`
	ExpectedType  string `json:"expected_type,omitempty" doc:"Pins the file to a document_types[].id."`

	// Data holds the decoded bytes (multipart mode, or after base64 decoding).
	Data []byte `json:"-"`
}

// FileOption carries per-file options in multipart mode.
type FileOption struct {
	ExpectedType string `json:"expected_type,omitempty"`
}

// DocumentTypeSpec is a caller-declared schema template.
type DocumentTypeSpec struct {
	ID           string        `json:"id"`
	Description  string        `json:"description,omitempty"`
	Country      string        `json:"country,omitempty"`
	FieldGroups  []FieldGroup  `json:"field_groups"`
	VisualChecks []VisualCheck `json:"visual_checks,omitempty"`
}

// FieldGroup is a named group of fields (request side).
type FieldGroup struct {
	Name        string  `json:"name"`
	Description string  `json:"description,omitempty"`
	Fields      []Field `json:"fields"`
}

// Field types.
const (
	TypeString  = "string"
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypeBoolean = "boolean"
	TypeArray   = "array"
	TypeObject  = "object"
)

// FieldTypes lists the valid Field.Type values.
var FieldTypes = []string{TypeString, TypeNumber, TypeInteger, TypeBoolean, TypeArray, TypeObject}

// FieldFormats lists the valid Field.Format values.
var FieldFormats = []string{"date", "date-time", "time", "email", "uri", "uuid", "currency"}

// Field is a recursive field declaration.
type Field struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Type        string          `json:"type,omitempty" enum:"string,number,integer,boolean,array,object" doc:"Defaults to string."`
	Required    bool            `json:"required,omitempty"`
	Pattern     *string         `json:"pattern,omitempty" doc:"RE2 regular expression the whole value must match."`
	Format      *string         `json:"format,omitempty" enum:"date,date-time,time,email,uri,uuid,currency"`
	Enum        []any           `json:"enum,omitempty"`
	Minimum     *float64        `json:"minimum,omitempty"`
	Maximum     *float64        `json:"maximum,omitempty"`
	Items       *Field          `json:"items,omitempty" doc:"Row shape; required when type is array."`
	Fields      []Field         `json:"fields,omitempty" doc:"Member shape; required when type is object."`
	Validators  []ValidatorSpec `json:"validators,omitempty"`
}

// EffectiveType returns Type, defaulting to string.
func (f *Field) EffectiveType() string {
	if f.Type == "" {
		return TypeString
	}
	return f.Type
}

// ValidatorSpec names a field validator.
type ValidatorSpec struct {
	Name     string         `json:"name"`
	Params   map[string]any `json:"params,omitempty"`
	Severity string         `json:"severity,omitempty" enum:"error,warning" doc:"Defaults to error."`
}

// VisualCheck is a visual authenticity check declared on a document type.
type VisualCheck struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// RuleSpec is a caller rule.
type RuleSpec struct {
	ID        string       `json:"id"`
	Predicate string       `json:"predicate"`
	Parents   []RuleParent `json:"parents,omitempty"`
	Output    *RuleOutput  `json:"output,omitempty"`
}

// Rule parent kinds.
const (
	ParentField     = "field"
	ParentValidator = "validator"
	ParentRule      = "rule"
)

// RuleParent says what evidence a rule sees (discriminated by Kind).
type RuleParent struct {
	Kind         string   `json:"kind" enum:"field,validator,rule"`
	DocumentType string   `json:"document_type,omitempty"`
	Fields       []string `json:"fields,omitempty"`
	Validator    string   `json:"validator,omitempty"`
	Rule         string   `json:"rule,omitempty"`
}

// RuleOutput declares a rule's output.
type RuleOutput struct {
	Type         string   `json:"type" enum:"boolean"`
	ValidOutputs []string `json:"valid_outputs,omitempty"`
}

// Options are the request options.
type Options struct {
	Model           string            `json:"model,omitempty"`
	LanguageHint    string            `json:"language_hint,omitempty"`
	Stages          *StageToggles     `json:"stages,omitempty"`
	Transformations []Transformation  `json:"transformations,omitempty"`
	Escalation      *EscalationConfig `json:"escalation,omitempty"`
	// IncludeLayout adds each file's pages and words to files[] (Quarry addition).
	IncludeLayout bool `json:"include_layout,omitempty"`
	// PII controls PII detection and masking (Quarry addition).
	PII *PIIOptions `json:"pii,omitempty"`
}

// PIIOptions control the pii stage. Detection is on by default; masking is
// off unless a strategy is named.
type PIIOptions struct {
	Disabled      bool     `json:"disabled,omitempty"`
	Mask          string   `json:"mask,omitempty" enum:"redact,token,hash,partial,synthetic" doc:"Masking strategy; empty keeps text in clear."`
	Jurisdictions []string `json:"jurisdictions,omitempty" doc:"Subset of tr, eu, us, global and the country codes GET /api/v1/pii/types lists (sg, au, in, kr...)."`
	Types         []string `json:"types,omitempty" doc:"Subset of GET /api/v1/pii/types names."`
	Locale        string   `json:"locale,omitempty" doc:"Gates detectors by locale; all or und enables every detector."`
	// Redact adds each PDF or image file rebuilt without its findings
	// (docs/redaction.md) to files[].redacted.
	Redact bool `json:"redact,omitempty" doc:"Add files[].redacted: the PDF or image rebuilt as a PDF with its findings removed (docs/redaction.md)."`
}

// StageToggles switch optional stages. A nil pointer means "the default".
type StageToggles struct {
	Splitter            *bool `json:"splitter,omitempty"`
	Classifier          *bool `json:"classifier,omitempty"`
	FieldValidation     *bool `json:"field_validation,omitempty"`
	VisualAuthenticity  *bool `json:"visual_authenticity,omitempty"`
	ContentAuthenticity *bool `json:"content_authenticity,omitempty"`
	Judge               *bool `json:"judge,omitempty"`
	JudgeEscalation     *bool `json:"judge_escalation,omitempty"`
	BboxRefine          *bool `json:"bbox_refine,omitempty"`
	Transform           *bool `json:"transform,omitempty"`
	RuleEngine          *bool `json:"rule_engine,omitempty"`

	// Unknown holds keys of the request's options.stages that name no
	// stage (set by UnmarshalJSON; never on the wire).
	Unknown []string `json:"-"`
}

// EscalationConfig configures judge escalation.
type EscalationConfig struct {
	Threshold float64 `json:"threshold"`
	Model     string  `json:"model"`
}

// Transformation types.
const (
	TransformEntityResolution = "entity_resolution"
	TransformLLM              = "llm"
)

// Transformation is a post-extraction transformation (discriminated by Type).
type Transformation struct {
	Type              string          `json:"type" enum:"entity_resolution,llm"`
	TargetGroup       string          `json:"target_group"`
	OutputGroup       *string         `json:"output_group,omitempty"`
	Scope             string          `json:"scope,omitempty" enum:"task,request"`
	MatchBy           []string        `json:"match_by,omitempty"`
	MinSharedTokens   *int            `json:"min_shared_tokens,omitempty"`
	Intention         string          `json:"intention,omitempty"`
	PromptID          *string         `json:"prompt_id,omitempty"`
	IncludeProvenance *bool           `json:"include_provenance,omitempty"`
	Invariant         json.RawMessage `json:"invariant,omitempty"`
}
