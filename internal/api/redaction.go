package api

// RedactRequest is the body of POST /api/v1/pii:redact (Quarry addition):
// in JSON mode the whole object with file.content_base64, in multipart
// mode this object without `file` as the `request` part and the bytes as
// a `file` part.
type RedactRequest struct {
	File          *FileInput `json:"file,omitempty" doc:"The file to redact; JSON mode only."`
	Types         []string   `json:"types,omitempty" doc:"PII types to remove (GET /api/v1/pii/types); empty removes every type."`
	Jurisdictions []string   `json:"jurisdictions,omitempty" doc:"Subset of tr, eu, us, global; empty means all."`
	Locale        string     `json:"locale,omitempty" doc:"Gates detectors by locale; empty, all or und enables every detector."`
	MinScore      float64    `json:"min_score,omitempty" minimum:"0" maximum:"1" doc:"Findings scoring below are kept; 0 means the detector's default (0.5)."`
	Fields        []string   `json:"fields,omitempty" doc:"Names of extracted fields whose boxes are removed too (runs the extraction pipeline)."`
	DocumentType  string     `json:"document_type,omitempty" doc:"Pins the file's document type for the fields' extraction."`
	Mask          string     `json:"mask,omitempty" enum:"redact,token,hash,partial,synthetic" doc:"Placeholder written in the text layer; default redact ([MASKED_<TYPE>])."`
	Fill          string     `json:"fill,omitempty" doc:"Colour of the painted boxes: #rrggbb, black or white; default black."`
	DPI           int        `json:"dpi,omitempty" doc:"Resolution PDF pages are rendered at, 72 to 400; default QUARRY_REDACT_DPI."`
	OutputFormat  string     `json:"output_format,omitempty" enum:"pdf" doc:"Format of a redacted PDF or image; only pdf."`
	Response      string     `json:"response,omitempty" enum:"file,json" doc:"file answers the redacted bytes (default); json wraps them in base64 with the summary."`
}

// RedactResult is the JSON answer of POST /api/v1/pii:redact.
type RedactResult struct {
	Filename      string        `json:"filename"`
	MediaType     string        `json:"media_type"`
	Pages         int           `json:"pages"`
	Bytes         int           `json:"bytes"`
	ContentBase64 string        `json:"content_base64"`
	Redacted      RedactSummary `json:"redacted"`
}

// RedactSummary says what was removed from a file without repeating any
// of it.
type RedactSummary struct {
	Count    int            `json:"count" doc:"Findings removed, copies of found values included."`
	ByType   map[string]int `json:"by_type"`
	Findings []RedactedItem `json:"findings"`
	Fields   []RedactedItem `json:"fields"`
	// FieldsNotFound lists asked-for fields the extraction did not place
	// on a page, so nothing was removed for them.
	FieldsNotFound []string `json:"fields_not_found"`
	Pages          []int    `json:"pages" doc:"Pages that carry at least one painted box."`
	Boxes          int      `json:"boxes" doc:"Painted boxes."`
}

// RedactedItem is one removed finding or field: its type or field name,
// its page and the detector's score; never its value.
type RedactedItem struct {
	Type         string  `json:"type,omitempty"`
	Field        string  `json:"field,omitempty"`
	Jurisdiction string  `json:"jurisdiction,omitempty"`
	Page         int     `json:"page"`
	Score        float64 `json:"score,omitempty"`
}

// RedactedFile is a file rebuilt without its personal data, carried in an
// extraction result's files[].redacted (options.pii.redact).
type RedactedFile struct {
	MediaType     string        `json:"media_type"`
	Pages         int           `json:"pages"`
	Bytes         int           `json:"bytes"`
	ContentBase64 string        `json:"content_base64"`
	Summary       RedactSummary `json:"summary"`
}
