package pipeline

import (
	"fmt"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

// assemble builds the ExtractionResult from the run state.
func assemble(r *Run) *api.ExtractionResult {
	res := &api.ExtractionResult{
		ID:                     r.ID,
		Status:                 api.StatusSuccess,
		Files:                  make([]api.FileSummary, 0, len(r.Files)),
		Documents:              make([]api.Document, 0, len(r.Tasks)),
		DiscoveredDocuments:    append([]api.Document{}, r.Discovered...),
		RuleResults:            append([]api.RuleResult{}, r.RuleResults...),
		RequestTransformations: append([]map[string]any{}, r.RequestTransformations...),
		Pipeline: api.PipelineInfo{
			Model:  r.Options.Model,
			Errors: append([]api.PipelineError{}, r.Errors...),
			// Escalation is set only when judge_escalation triggered.
			Escalation: r.Escalation,
		},
	}
	if len(r.Errors) > 0 {
		res.Status = api.StatusPartial
	}
	for _, f := range r.Files {
		res.Files = append(res.Files, summary(f, r.Options.IncludeLayout))
	}
	for _, t := range r.Tasks {
		res.Documents = append(res.Documents, withFilePages(t))
	}
	return res
}

func summary(f *FileRun, includeLayout bool) api.FileSummary {
	s := api.FileSummary{
		Filename:       f.File.Name,
		MediaType:      f.File.MediaType,
		PageCount:      f.File.PageCount,
		Bytes:          f.File.Bytes,
		Classification: f.Classification,
		Language:       f.File.Language,
		TextSource:     f.File.TextSource,
		PII:            f.PII,
		MaskedText:     f.MaskedText,
		Redacted:       f.Redacted,
		Quality:        f.Quality,
	}
	if f.MatchedType != "" {
		mt := f.MatchedType
		s.MatchedType = &mt
	}
	if f.File.OCR != nil {
		s.OCR = &api.OCRSummary{Pages: f.File.OCR.Pages, MeanConfidence: f.File.OCR.MeanConfidence}
	}
	if includeLayout {
		s.Pages = LayoutPages(f.File.Layout)
	}
	for _, p := range f.File.Skipped {
		name, _ := p.Extensions["filename"].(string)
		s.SkippedMembers = append(s.SkippedMembers, api.SkippedMember{Filename: name, Code: p.Code, Detail: p.Detail})
	}
	for _, d := range f.File.Dropped {
		s.SkippedMembers = append(s.SkippedMembers, droppedMember(d))
	}
	return s
}

// droppedMember puts a member the unpacker refused unread on the wire. The
// code is the one a bundle holding only such members fails with; the
// reason says which rule refused it, so a caller can tell a hostile
// archive from a damaged one.
func droppedMember(d ingest.DroppedMember) api.SkippedMember {
	why := map[string]string{
		ingest.DropAbsolutePath:  "its name is an absolute path",
		ingest.DropPathTraversal: "its name climbs out of the archive (\"..\")",
		ingest.DropLink:          "it is a link, not a file",
	}[d.Reason]
	if why == "" {
		why = "it is not a plain member"
	}
	return api.SkippedMember{Filename: d.Name, Code: problem.ArchiveExtractionFailed, Reason: d.Reason,
		Detail: fmt.Sprintf("%q was left out unread: %s.", d.Name, why)}
}

// LayoutPages renders a layout's pages for the wire (include_layout and
// `quarry layout`).
func LayoutPages(l *doc.Layout) []api.LayoutPage {
	out := make([]api.LayoutPage, 0, len(l.Pages))
	for _, p := range l.Pages {
		lp := api.LayoutPage{
			Number: p.Number, Width: p.Width, Height: p.Height, Source: string(p.Source),
			Text:  l.Text[p.Start:p.End],
			Words: make([]api.LayoutWord, 0, p.WordCount()),
		}
		for _, w := range l.Words[p.FirstWord:p.EndWord] {
			lp.Words = append(lp.Words, api.LayoutWord{
				Text: w.Text, Box: [4]float64{RoundCoord(w.Box.X0), RoundCoord(w.Box.Y0), RoundCoord(w.Box.X1), RoundCoord(w.Box.Y1)}, Confidence: w.Conf,
			})
		}
		out = append(out, lp)
	}
	return out
}

// RoundCoord rounds a box coordinate to four decimals, as layouts go on
// the wire (a tenth of a point on an A4 page is finer than any reader).
func RoundCoord(v float64) float64 {
	return float64(int64(v*10000+0.5)) / 10000
}
