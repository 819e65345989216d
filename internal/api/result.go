package api

import (
	"bytes"
	"encoding/json"
	"time"
)

// Result statuses.
const (
	StatusSuccess = "success"
	StatusPartial = "partial"
)

// ExtractionResult is the answer of POST /api/v1/extract and of
// GET /api/v1/extractions/{id}/result (under "result").
type ExtractionResult struct {
	ID                     string           `json:"id"`
	Status                 string           `json:"status" enum:"success,partial"`
	Files                  []FileSummary    `json:"files"`
	Documents              []Document       `json:"documents"`
	DiscoveredDocuments    []Document       `json:"discovered_documents"`
	RuleResults            []RuleResult     `json:"rule_results"`
	RequestTransformations []map[string]any `json:"request_transformations"`
	Pipeline               PipelineInfo     `json:"pipeline"`
}

// FileSummary describes one input (or fanned-out) file.
type FileSummary struct {
	Filename       string          `json:"filename"`
	MediaType      string          `json:"media_type"`
	PageCount      int             `json:"page_count"`
	Bytes          int64           `json:"bytes"`
	MatchedType    *string         `json:"matched_type"`
	Classification *Classification `json:"classification"`

	// Quarry additions (additive; absent when the stage did not run).
	Language   string          `json:"language,omitempty" doc:"ISO 639-1 code of the detected language."`
	TextSource string          `json:"text_source,omitempty" enum:"pdf_text,ocr,native,mixed"`
	OCR        *OCRSummary     `json:"ocr,omitempty"`
	Pages      []LayoutPage    `json:"pages,omitempty" doc:"Only with options.include_layout."`
	PII        json.RawMessage `json:"pii,omitempty" doc:"PII findings for this file."`
	MaskedText *string         `json:"masked_text,omitempty"`
	Quality    json.RawMessage `json:"quality,omitempty" doc:"Quality score and grade for this file."`
	// SkippedMembers lists bundle members (archive entries, e-mail
	// attachments) that could not be read, or were refused unread, and
	// were left out.
	SkippedMembers []SkippedMember `json:"skipped_members,omitempty"`
	// Redacted is the file with its PII removed, with options.pii.redact.
	Redacted *RedactedFile `json:"redacted,omitempty"`
}

// SkippedMember is a bundle member left out, with the problem it had.
type SkippedMember struct {
	Filename string `json:"filename"`
	Code     string `json:"code"`
	Detail   string `json:"detail"`
	// Reason is set for members refused unread on purpose: a name that is
	// absolute or climbs out of the bundle, or a link.
	Reason string `json:"reason,omitempty" enum:"absolute_path,path_traversal,link"`
}

// OCRSummary says how much of a file was read by OCR.
type OCRSummary struct {
	Pages          int     `json:"pages"`
	MeanConfidence float64 `json:"mean_confidence"`
}

// LayoutPage is one page of a file's layout on the wire.
type LayoutPage struct {
	Number int          `json:"number"`
	Width  float64      `json:"width"`
	Height float64      `json:"height"`
	Source string       `json:"source" enum:"pdf_text,ocr,native"`
	Text   string       `json:"text"`
	Words  []LayoutWord `json:"words"`
}

// LayoutWord is one word with its normalised box [xmin, ymin, xmax, ymax].
type LayoutWord struct {
	Text       string     `json:"text"`
	Box        [4]float64 `json:"bbox"`
	Confidence float64    `json:"confidence"`
}

// Classification is the classifier's verdict on one file.
type Classification struct {
	DocumentType string  `json:"document_type"`
	Matched      bool    `json:"matched"`
	Confidence   float64 `json:"confidence"`
	Description  *string `json:"description"`
	Notes        *string `json:"notes"`
}

// Document is one extracted instance (file or segment x document type).
type Document struct {
	Type         string           `json:"type"`
	SourceFile   string           `json:"source_file"`
	Missing      bool             `json:"missing"`
	Pages        []int            `json:"pages"`
	Confidence   float64          `json:"confidence"`
	Description  *string          `json:"description"`
	Notes        *string          `json:"notes"`
	FieldGroups  []ExtractedGroup `json:"field_groups"`
	Authenticity *Authenticity    `json:"authenticity"`
	// ExtractionMethods names, by "group.field", the fields a language
	// model touched and how (llm_grounded, llm_ungrounded,
	// deterministic_kept); a field not named was read by the rules alone
	// (Quarry addition; absent when no model was called).
	ExtractionMethods map[string]string `json:"extraction_methods,omitempty"`
}

// ExtractedGroup is a field group on the response side.
type ExtractedGroup struct {
	Name   string           `json:"name"`
	Fields []ExtractedField `json:"fields"`
}

// MarshalJSON writes the contract's "no check ran" authenticity instead of
// null: the reference's clients require the object on every document.
func (d Document) MarshalJSON() ([]byte, error) {
	type plain Document // no MarshalJSON: no recursion
	p := plain(d)
	if p.Authenticity == nil {
		p.Authenticity = NoAuthenticity()
	}
	return json.Marshal(p)
}

// Authenticity holds visual and content authenticity results.
type Authenticity struct {
	Visual  []AuthenticityCheck  `json:"visual"`
	Content *ContentAuthenticity `json:"content"`
}

// NoAuthenticity is what a document carries when no authenticity check
// ran: no visual checks and no content verdict.
func NoAuthenticity() *Authenticity {
	return &Authenticity{Visual: []AuthenticityCheck{}}
}

// ContentAuthenticity is the content-coherence verdict of a document.
type ContentAuthenticity struct {
	Checks                 []ContentCheck `json:"checks"`
	OverallIntegrityStatus string         `json:"overall_integrity_status" enum:"valid,invalid,uncertain"`
	// The electronic signatures found (the platform's eIDAS report):
	// formats among XAdES, PAdES, CAdES, empty when none. Presence and
	// format only; the note says what was not validated.
	EIDASDetected bool     `json:"eidas_detected"`
	EIDASFormats  []string `json:"eidas_formats"`
	EIDASNote     string   `json:"eidas_note"`
}

// ContentCheck is one content-coherence check.
type ContentCheck struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Status      string  `json:"status" enum:"pass,fail,uncertain"`
	Evidence    *string `json:"evidence"`
	Reasoning   *string `json:"reasoning"`
}

// AuthenticityCheck is the verdict of one visual check.
type AuthenticityCheck struct {
	Name       string  `json:"name"`
	Passed     bool    `json:"passed"`
	Confidence float64 `json:"confidence"`
	Notes      *string `json:"notes"`
}

// ExtractedField is one extracted value. Value holds a string, a number
// (float64 or int64), a bool, nil, or []ExtractedField for arrays (rows)
// and objects (members).
type ExtractedField struct {
	Name       string       `json:"name"`
	Value      any          `json:"value"`
	Pages      []int        `json:"pages"`
	Confidence float64      `json:"confidence"`
	BBox       *BoundingBox `json:"bbox"`
	Validation *Validation  `json:"validation"`
	Judge      *Judgement   `json:"judge"`
	Notes      *string      `json:"notes"`
	// Provenance lists the rows a transformation merged into this one
	// (Quarry addition; only on rows a transformation wrote).
	Provenance []RowSource `json:"provenance,omitempty"`
}

// RowSource is one input row of a merged row: which document, which
// array field (empty for a group read as one row) and which row of it.
type RowSource struct {
	Document     int    `json:"document" doc:"Index in documents[]."`
	SourceFile   string `json:"source_file"`
	DocumentType string `json:"document_type"`
	Group        string `json:"group"`
	Field        string `json:"field,omitempty"`
	Row          int    `json:"row"`
}

// MarshalJSON writes the contract's defaults for a field no judge or
// validator looked at, instead of null: the reference's clients parse
// judge and validation as objects and reject null.
func (f ExtractedField) MarshalJSON() ([]byte, error) {
	type plain ExtractedField // no MarshalJSON: no recursion
	p := plain(f)
	if p.Judge == nil {
		p.Judge = NoJudgement()
	}
	if p.Validation == nil {
		p.Validation = NotValidated()
	}
	return json.Marshal(p)
}

// UnmarshalJSON decodes Value so that JSON arrays become []ExtractedField.
func (f *ExtractedField) UnmarshalJSON(b []byte) error {
	type plain ExtractedField
	var aux struct {
		plain
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*f = ExtractedField(aux.plain)
	raw := bytes.TrimSpace(aux.Value)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		f.Value = nil
	case raw[0] == '[':
		var rows []ExtractedField
		if err := json.Unmarshal(raw, &rows); err != nil {
			return err
		}
		f.Value = rows
	default:
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if x, err := n.Float64(); err == nil {
				v = x
			}
		}
		f.Value = v
	}
	return nil
}

// BoundingBox sources and qualities.
const (
	BoxSourceLLM     = "llm"
	BoxSourcePDFText = "pdf_text"
	BoxSourceOCR     = "ocr"

	BoxGood       = "good"
	BoxPoor       = "poor"
	BoxSuspicious = "suspicious"
	BoxInvalid    = "invalid"
)

// BoundingBox is a normalised box on the response side.
type BoundingBox struct {
	XMin                 float64  `json:"xmin" minimum:"0" maximum:"1"`
	YMin                 float64  `json:"ymin" minimum:"0" maximum:"1"`
	XMax                 float64  `json:"xmax" minimum:"0" maximum:"1"`
	YMax                 float64  `json:"ymax" minimum:"0" maximum:"1"`
	Source               string   `json:"source" enum:"llm,pdf_text,ocr"`
	Quality              string   `json:"quality" enum:"good,poor,suspicious,invalid"`
	QualityScore         float64  `json:"quality_score" minimum:"0" maximum:"1"`
	RefinementConfidence *float64 `json:"refinement_confidence"`
}

// MarshalJSON writes an ungraded box's empty source or quality as null,
// which the contract allows, instead of "", which its enums reject (a box
// stays ungraded when bbox_validation failed or timed out).
func (b BoundingBox) MarshalJSON() ([]byte, error) {
	type plain BoundingBox // no MarshalJSON: no recursion
	var w struct {
		plain
		Source  *string `json:"source"`  // shadows plain.Source
		Quality *string `json:"quality"` // shadows plain.Quality
	}
	w.plain = plain(b)
	if b.Source != "" {
		w.Source = &b.Source
	}
	if b.Quality != "" {
		w.Quality = &b.Quality
	}
	return json.Marshal(w)
}

// Validation is a field's validation outcome.
type Validation struct {
	Valid  bool              `json:"valid"`
	Errors []ValidationError `json:"errors"`
}

// ValidationError is one failed check.
type ValidationError struct {
	Rule     string `json:"rule" enum:"type,pattern,format,enum,minimum,maximum,validator"`
	Message  string `json:"message"`
	Severity string `json:"severity,omitempty" enum:"error,warning"`
}

// NotValidated is the validation of a field no validator ran on: the
// contract's default (valid, no errors), as the reference's clients
// construct it when the object is absent.
func NotValidated() *Validation {
	return &Validation{Valid: true, Errors: []ValidationError{}}
}

// NoJudgement is the judge object of a field no judge ran on: uncertain,
// zero confidence, nothing to review.
func NoJudgement() *Judgement {
	return &Judgement{Status: JudgeUncertain}
}

// Judge statuses.
const (
	JudgePass      = "pass"
	JudgeFail      = "fail"
	JudgeUncertain = "uncertain"
)

// Judgement is the judge's verdict on a field.
type Judgement struct {
	Status        string  `json:"status" enum:"pass,fail,uncertain"`
	Confidence    float64 `json:"confidence"`
	Evidence      *string `json:"evidence"`
	Notes         *string `json:"notes"`
	FlagForReview bool    `json:"flag_for_review"`
}

// RuleResult is one rule's outcome.
type RuleResult struct {
	RuleID        string   `json:"rule_id"`
	Predicate     string   `json:"predicate"`
	Output        string   `json:"output"`
	Summary       string   `json:"summary"`
	Notes         []string `json:"notes"`
	HumanRevision any      `json:"human_revision"`
}

// PipelineInfo groups the run's instrumentation.
type PipelineInfo struct {
	Model string `json:"model"`
	// LatencyMS is whole milliseconds: the contract's clients parse it as
	// an integer (trace entries keep fractional milliseconds).
	LatencyMS  int64           `json:"latency_ms" minimum:"0"`
	Trace      []TraceEntry    `json:"trace"`
	Errors     []PipelineError `json:"errors"`
	Escalation *EscalationInfo `json:"escalation"`
	Usage      *Usage          `json:"usage"`
}

// Trace statuses.
const (
	TraceSuccess = "success"
	TraceFailed  = "failed"
	TraceSkipped = "skipped"
)

// TraceEntry is one executed pipeline node.
type TraceEntry struct {
	Node        string    `json:"node"`
	StartedAt   time.Time `json:"started_at"`
	CompletedAt time.Time `json:"completed_at"`
	LatencyMS   float64   `json:"latency_ms"`
	Status      string    `json:"status" enum:"success,failed,skipped"`
	// Reason says why a node was skipped or failed (Quarry addition).
	Reason string `json:"reason,omitempty"`
}

// PipelineError is a non-fatal stage failure.
type PipelineError struct {
	Node    string `json:"node"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// EscalationInfo reports judge escalation.
type EscalationInfo struct {
	Triggered          bool    `json:"triggered"`
	PrimaryModel       string  `json:"primary_model"`
	EscalationModel    string  `json:"escalation_model"`
	PrimaryFailRate    float64 `json:"primary_fail_rate"`
	EscalationFailRate float64 `json:"escalation_fail_rate"`
	Accepted           bool    `json:"accepted"`
}

// Usage aggregates LLM token use and cost.
type Usage struct {
	TotalInputTokens    int                   `json:"total_input_tokens"`
	TotalOutputTokens   int                   `json:"total_output_tokens"`
	TotalTokens         int                   `json:"total_tokens"`
	TotalCostUSD        float64               `json:"total_cost_usd"`
	TotalRequests       int                   `json:"total_requests"`
	TotalLatencyMS      float64               `json:"total_latency_ms"`
	RecordCount         int                   `json:"record_count"`
	CacheCreationTokens int                   `json:"cache_creation_tokens"`
	CacheReadTokens     int                   `json:"cache_read_tokens"`
	ByAgent             map[string]UsageBreak `json:"by_agent"`
	ByModel             map[string]UsageBreak `json:"by_model"`
}

// UsageBreak is a per-agent or per-model usage line.
type UsageBreak struct {
	InputTokens  int     `json:"input_tokens"`
	OutputTokens int     `json:"output_tokens"`
	TotalTokens  int     `json:"total_tokens"`
	CostUSD      float64 `json:"cost_usd"`
}
