package pii

import (
	"github.com/quarrydev/quarry/internal/doc"
)

// DetectRequest is the body of POST /api/v1/pii:detect.
type DetectRequest struct {
	Text          string   `json:"text"`
	Jurisdictions []string `json:"jurisdictions,omitempty"`
	Types         []string `json:"types,omitempty"`
	Locale        string   `json:"locale,omitempty"`
	// Mask is a strategy name (redact, token, hash, partial, synthetic);
	// empty means no masking.
	Mask string `json:"mask,omitempty"`
}

// DetectResponse answers POST /api/v1/pii:detect. Offsets are Unicode
// code points; masked_text is null when no masking was asked for.
type DetectResponse struct {
	Count      int            `json:"count"`
	ByType     map[string]int `json:"by_type"`
	Findings   []WireFinding  `json:"findings"`
	MaskedText *string        `json:"masked_text"`
}

// Handle serves one detect request. key is the workspace key (used by the
// hash and synthetic strategies). Unknown jurisdictions, types or
// strategies are refused with a descriptive error.
func Handle(req DetectRequest, key []byte) (DetectResponse, error) {
	opts := Options{Jurisdictions: req.Jurisdictions, Types: req.Types, Locale: req.Locale}
	cfg, err := resolve(opts)
	if err != nil {
		return DetectResponse{}, err
	}
	var m *Masker
	if req.Mask != "" {
		if m, err = NewMasker(req.Mask, key, 0); err != nil {
			return DetectResponse{}, err
		}
	}
	fs := detect(req.Text, &cfg)
	l := &doc.Layout{Text: req.Text}
	sum := summarize(l, fs)
	resp := DetectResponse{Count: sum.Count, ByType: sum.ByType, Findings: sum.Findings}
	if m != nil {
		masked := m.Mask(req.Text, fs)
		resp.MaskedText = &masked
	}
	return resp, nil
}
