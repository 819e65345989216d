package pipeline

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/pii"
	"github.com/quarrydev/quarry/internal/quality"
	"github.com/quarrydev/quarry/internal/redact"
)

// stagePII finds personal data in each file and, when a masking strategy
// is asked for, masks the file's text and every extracted value, so the
// stored record holds no PII in clear. One masker serves the whole
// request: the same value gets the same token in the text and the fields.
// The hash key is the workspace's (pii.WorkspaceKey reads it from the
// context's tenant), so hashed values join within a workspace only.
func (e *Engine) stagePII(ctx context.Context, r *Run) (string, error) {
	po := r.Options.PII
	if po == nil {
		po = &api.PIIOptions{}
	}
	if po.Disabled {
		return "disabled by options.pii.disabled", nil
	}
	opts := pii.Options{Jurisdictions: po.Jurisdictions, Types: po.Types, Locale: po.Locale}
	if err := pii.ValidateOptions(opts); err != nil {
		return "", err
	}
	var masker *pii.Masker
	if po.Mask != "" {
		m, err := pii.NewMasker(po.Mask, pii.WorkspaceKey(ctx, e.PIIKey), 1)
		if err != nil {
			return "", err
		}
		masker = m
	}
	for _, f := range r.Files {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		l := f.File.Layout
		findings := pii.Detect(l.Text, opts)
		sum := pii.Summarize(l, findings)
		raw, err := json.Marshal(sum)
		if err != nil {
			return "", err
		}
		f.PII = raw
		if masker != nil {
			masked := masker.Mask(l.Text, findings)
			f.MaskedText = &masked
		}
	}
	for _, t := range r.Tasks {
		markPIIFields(t.Doc.FieldGroups, opts, masker)
	}
	if po.Redact {
		return "", e.redactFiles(ctx, r, opts, masker)
	}
	return "", nil
}

// redactFiles rebuilds each submitted PDF or image without its findings
// (options.pii.redact). Bundle members are left out: only the submitted
// bytes are at hand. Text formats have masked_text already.
// The request's masker (nil: [MASKED_<TYPE>]) writes the text layer, so
// its tokens match masked_text.
func (e *Engine) redactFiles(ctx context.Context, r *Run, opts pii.Options, masker *pii.Masker) error {
	for _, f := range r.Files {
		if f.File.Source != f.File.Name || redact.KindOf(f.File.MediaType) != redact.KindPages {
			continue
		}
		res, err := redact.Pages(ctx, f.File, r.Req.Files[f.InputIndex].Data, redact.Options{PII: opts, Masker: masker, DPI: e.RedactDPI,
			MaxPixels: e.Loader.Env.Limits.MaxImagePixels, ToolTimeout: e.Loader.Env.Limits.ToolTimeout})
		if err != nil {
			return fmt.Errorf("redacting %s: %w", f.File.Name, err)
		}
		f.Redacted = &api.RedactedFile{MediaType: res.MediaType, Pages: res.Pages, Bytes: len(res.Data),
			ContentBase64: base64.StdEncoding.EncodeToString(res.Data), Summary: res.Summary}
	}
	return nil
}

// markPIIFields notes which values hold personal data and masks them when
// a masker is given.
func markPIIFields(groups []api.ExtractedGroup, opts pii.Options, masker *pii.Masker) {
	for gi := range groups {
		markPIIList(groups[gi].Fields, opts, masker)
	}
}

func markPIIList(fields []api.ExtractedField, opts pii.Options, masker *pii.Masker) {
	for i := range fields {
		f := &fields[i]
		switch v := f.Value.(type) {
		case []api.ExtractedField:
			markPIIList(v, opts, masker)
		case string:
			fs := pii.Detect(v, opts)
			if len(fs) == 0 {
				continue
			}
			types := map[string]bool{}
			var names []string
			for _, x := range fs {
				if !types[x.Type] {
					types[x.Type] = true
					names = append(names, x.Type)
				}
			}
			note := fmt.Sprintf("contains PII: %v", names)
			if f.Notes != nil && *f.Notes != "" {
				note = *f.Notes + "; " + note
			}
			f.Notes = &note
			if masker != nil {
				masked := masker.Mask(v, fs)
				f.Value = masked
				if f.Judge != nil && f.Judge.Evidence != nil {
					ev := masker.Mask(*f.Judge.Evidence, pii.Detect(*f.Judge.Evidence, opts))
					f.Judge.Evidence = &ev
				}
			}
		}
	}
}

// stageQuality scores each file from its text, OCR confidence and how
// complete its extraction is.
func (e *Engine) stageQuality(ctx context.Context, r *Run) (string, error) {
	for _, f := range r.Files {
		in := quality.Input{Text: f.File.Layout.Text, FieldsDeclared: f.FieldsDeclared, FieldsFilled: f.FieldsFilled,
			ArithmeticFailures: f.ArithmeticFailures}
		if f.File.OCR != nil && f.File.OCR.Pages > 0 {
			c := f.File.OCR.MeanConfidence
			in.OCRConfidence = &c
		}
		raw, err := json.Marshal(quality.Score(in))
		if err != nil {
			return "", err
		}
		f.Quality = raw
	}
	return "", nil
}
