package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"strconv"
	"strings"
	"time"

	// Decoders of the scanned images a visual check may read.
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/forensics"
	"github.com/quarrydev/quarry/internal/ingest"
)

// The two authenticity stages are thin adapters over internal/forensics:
// content_authenticity inspects each file's structure (revisions,
// signatures, metadata, drawn text) and visual_authenticity looks for the
// declared signatures and stamps on the rendered pages. Neither needs an
// LLM; when one is configured, a vision model reviews the visual verdicts
// (stage_visual_llm.go).

// eidasNote says what the signature report proves.
const eidasNote = "Presence and format of electronic signatures only; signature values are checked against the signed bytes where the format allows, but certificate trust chains, revocation and qualified status are not validated."

// stageContentAuthenticity attaches a content verdict to every document.
func (e *Engine) stageContentAuthenticity(ctx context.Context, r *Run) (string, error) {
	if len(r.Tasks) == 0 && len(r.Discovered) == 0 {
		return "no document to inspect", nil
	}
	for _, f := range r.Files {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		rep := forensics.Analyze(ctx, forensics.Input{
			Name: f.File.Name, MediaType: f.File.MediaType, Data: f.File.Data, Layout: f.File.Layout, Now: e.now(),
		})
		if pages := forensics.ScannedTextPages(rep, f.File.Layout, ocrComparePages); len(pages) > 0 {
			rep.Checks = append(rep.Checks, e.textLayerCheck(ctx, f.File, pages))
		}
		for _, t := range r.Tasks {
			if t.File != f {
				continue
			}
			checks := rep.Checks
			if field, issued := documentDate(t.Doc.FieldGroups, f.File); !issued.IsZero() {
				if c, ok := forensics.IssueDateCheck(rep.Metadata, field, issued); ok {
					checks = append(append([]forensics.Check{}, checks...), c)
				}
			}
			authenticity(&t.Doc).Content = contentVerdict(checks, rep)
		}
		for i := range r.Discovered {
			if d := &r.Discovered[i]; d.SourceFile == f.File.Name {
				authenticity(d).Content = contentVerdict(rep.Checks, rep)
			}
		}
	}
	return "", nil
}

func authenticity(d *api.Document) *api.Authenticity {
	if d.Authenticity == nil {
		d.Authenticity = api.NoAuthenticity()
	}
	return d.Authenticity
}

// contentVerdict puts checks on the wire.
func contentVerdict(checks []forensics.Check, rep *forensics.Report) *api.ContentAuthenticity {
	out := &api.ContentAuthenticity{
		Checks:                 make([]api.ContentCheck, 0, len(checks)),
		OverallIntegrityStatus: forensics.Overall(checks),
		EIDASFormats:           rep.EIDASFormats(),
		EIDASNote:              eidasNote,
	}
	out.EIDASDetected = len(out.EIDASFormats) > 0
	for _, c := range checks {
		cc := api.ContentCheck{Name: c.Name, Description: c.Description, Status: c.Status}
		if c.Evidence != "" {
			ev := c.Evidence
			cc.Evidence = &ev
		}
		if c.Reasoning != "" {
			why := c.Reasoning
			cc.Reasoning = &why
		}
		out.Checks = append(out.Checks, cc)
	}
	return out
}

// documentDate finds the date a document bears: an issue-date field the
// extraction filled, else the e-invoice's issue date.
func documentDate(groups []api.ExtractedGroup, f *ingest.File) (string, time.Time) {
	for _, g := range groups {
		for _, fl := range g.Fields {
			n := strings.ToLower(fl.Name)
			if !strings.Contains(n, "date") && !strings.Contains(n, "fecha") {
				continue
			}
			if strings.Contains(n, "due") || strings.Contains(n, "vencim") || strings.Contains(n, "delivery") {
				continue
			}
			if s, ok := fl.Value.(string); ok {
				if t, err := time.Parse("2006-01-02", s); err == nil {
					return fl.Name, t
				}
			}
		}
	}
	if f.EInvoice != nil && f.EInvoice.IssueDate != "" {
		if t, err := time.Parse("2006-01-02", f.EInvoice.IssueDate); err == nil {
			return "the e-invoice's issue date", t
		}
	}
	return "", time.Time{}
}

// Bounds of the text layer's second reading: scanned pages read again
// with OCR, and their resolution.
const (
	ocrComparePages = 2
	ocrCompareDPI   = 150
)

// textLayerCheck renders the scanned pages that carry a text layer, reads
// them with the loader's OCR (the same Tesseract setup as any scan) and
// compares the two readings.
func (e *Engine) textLayerCheck(ctx context.Context, f *ingest.File, pages []int) forensics.Check {
	if e.caps.Tools.Tesseract == "" || e.caps.Tools.PDFToPPM == "" {
		return forensics.TextLayerUnchecked(pages, "OCR needs tesseract and pdftoppm, which are not installed")
	}
	path, cleanup, err := ingest.TempFile(f.Data, ".pdf")
	if err != nil {
		return forensics.TextLayerUnchecked(pages, err.Error())
	}
	defer cleanup()
	var read []forensics.OCRPage
	for _, n := range pages {
		png, _, err := ingest.RunTool(ctx, visualRenderTime, nil, "pdftoppm",
			"-r", strconv.Itoa(ocrCompareDPI), "-gray", "-png", "-singlefile", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), path)
		if err != nil {
			return forensics.TextLayerUnchecked(pages, fmt.Sprintf("page %d could not be rendered: %v", n, err))
		}
		files, err := e.Loader.Load(ctx, ingest.Input{Name: fmt.Sprintf("%s-page-%d.png", f.Name, n), Data: png, LanguageHint: f.Language})
		if err != nil || len(files) == 0 {
			return forensics.TextLayerUnchecked(pages, fmt.Sprintf("page %d could not be read with OCR: %v", n, err))
		}
		read = append(read, forensics.OCRPage{Number: n, Words: files[0].Layout.PageWords(1)})
	}
	return forensics.TextLayerVsOCR(f.Layout, read)
}

// Bounds of the visual stage's rendering.
const (
	visualDPI        = 72
	visualMaxPages   = 4
	visualMaxPixels  = 40_000_000
	visualRenderTime = 30 * time.Second
)

// stageVisualAuthenticity answers each declared visual check.
func (e *Engine) stageVisualAuthenticity(ctx context.Context, r *Run) (string, error) {
	declared := 0
	for _, t := range r.Tasks {
		declared += len(t.Spec.VisualChecks)
	}
	if declared == 0 {
		return "no visual_checks declared on the extracted document types", nil
	}
	for _, t := range r.Tasks {
		if len(t.Spec.VisualChecks) == 0 {
			continue
		}
		reqs := make([]forensics.VisualRequest, 0, len(t.Spec.VisualChecks))
		for _, vc := range t.Spec.VisualChecks {
			reqs = append(reqs, forensics.VisualRequest{Name: vc.Name, Description: vc.Description})
		}
		pages, why := e.pageImages(ctx, t.File.File, forensics.PagesToInspect(reqs, t.File.File.Layout, t.File.File.PageCount, visualMaxPages))
		if err := ctx.Err(); err != nil {
			return "", err
		}
		a := authenticity(&t.Doc)
		first := len(a.Visual)
		for _, req := range reqs {
			v := forensics.VisualPresence(req, t.File.File.Layout, pages)
			if len(pages) == 0 {
				v.Note = "Not inspected: " + why + "."
				v.Confidence = 0
			}
			note := v.Note
			a.Visual = append(a.Visual, api.AuthenticityCheck{Name: v.Name, Passed: v.Passed, Confidence: v.Confidence, Notes: &note})
		}
		e.visionReview(ctx, r, reqs, pages, a.Visual[first:])
	}
	return "", nil
}

// pageImages renders the given pages of a PDF, or decodes a scanned
// image; why says what stopped it when no image comes back.
func (e *Engine) pageImages(ctx context.Context, f *ingest.File, pages []int) ([]forensics.PageImage, string) {
	if len(f.Data) == 0 {
		return nil, "the file's bytes are not available"
	}
	switch {
	case f.MediaType == "application/pdf":
		if e.caps.Tools.PDFToPPM == "" {
			return nil, "pdftoppm is not installed"
		}
		var out []forensics.PageImage
		path, cleanup, err := ingest.TempFile(f.Data, ".pdf")
		if err != nil {
			return nil, err.Error()
		}
		defer cleanup()
		for _, n := range pages {
			png, _, err := ingest.RunTool(ctx, visualRenderTime, nil, "pdftoppm",
				"-r", strconv.Itoa(visualDPI), "-png", "-singlefile", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), path)
			if err != nil {
				return out, fmt.Sprintf("page %d could not be rendered: %v", n, err)
			}
			img, _, err := image.Decode(bytes.NewReader(png))
			if err != nil {
				return out, fmt.Sprintf("page %d rendered unreadably: %v", n, err)
			}
			out = append(out, forensics.PageImage{Number: n, Image: img})
		}
		return out, ""
	case strings.HasPrefix(f.MediaType, "image/"):
		cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
		if err != nil {
			return nil, "the image format is not decoded here"
		}
		if int64(cfg.Width)*int64(cfg.Height) > visualMaxPixels {
			return nil, fmt.Sprintf("the image is larger than %d pixels", visualMaxPixels)
		}
		img, _, err := image.Decode(bytes.NewReader(f.Data))
		if err != nil {
			return nil, err.Error()
		}
		return []forensics.PageImage{{Number: 1, Image: img}}, ""
	}
	return nil, "only PDFs and images have pages to look at"
}
