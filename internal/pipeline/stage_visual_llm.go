package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/draw"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/forensics"
	"github.com/quarrydev/quarry/internal/llm"
)

// VisionLimits bound what one document's visual checks send to a vision
// model: the first MaxPages of the pages the deterministic check chose,
// each scaled down to at most MaxPixels. Zero values take the defaults.
// Images dominate a vision call's cost, so their size is a setting and
// never the document's.
type VisionLimits struct {
	MaxPages  int
	MaxPixels int
	// Extract sends the same bounded page images with the extraction
	// fallback (QUARRY_LLM_VISION): only a vision model accepts them, so
	// it is the operator's choice, off by default.
	Extract bool
}

// Defaults of VisionLimits: two pages of about a megapixel each, enough
// to tell a signature from a smudge at A4.
const (
	DefaultVisionMaxPages  = 2
	DefaultVisionMaxPixels = 1_000_000
)

func (l VisionLimits) pages() int {
	if l.MaxPages > 0 {
		return l.MaxPages
	}
	return DefaultVisionMaxPages
}

func (l VisionLimits) pixels() int {
	if l.MaxPixels > 0 {
		return l.MaxPixels
	}
	return DefaultVisionMaxPixels
}

const visionSystem = `You inspect rendered pages of a business document for visual marks: handwritten signatures, seals, stamps, initials.
For each declared check say whether the mark it describes is present, on which page, how sure you are (0 to 1), and why, in one or two sentences about what you see.
Printed text that merely names a signature ("Signature:", "Firma del notario") is not a signature.`

// visionVerdict is one check as the model answered it.
type visionVerdict struct {
	Name       string  `json:"name"`
	Present    bool    `json:"present"`
	Confidence float64 `json:"confidence"`
	Reasoning  string  `json:"reasoning"`
	Page       *int    `json:"page"`
}

// visionReview asks the vision model about a task's declared checks and
// lets its verdicts replace the ink heuristic's in checks (the heuristic's
// entries, in reqs order). Only an answer that fits the schema replaces
// anything; the heuristic stays in the notes as evidence. A failed call
// is an llm_failed error and the heuristic verdicts stand.
func (e *Engine) visionReview(ctx context.Context, r *Run, reqs []forensics.VisualRequest, pages []forensics.PageImage, checks []api.AuthenticityCheck) {
	if ok, _ := e.llmReady(r); !ok || len(pages) == 0 || len(reqs) == 0 {
		return
	}
	pages = pages[:min(len(pages), e.Vision.pages())]
	images := make([]llm.Image, 0, len(pages))
	pageNums := make([]int, 0, len(pages))
	for _, p := range pages {
		data, err := pngWithin(p.Image, e.Vision.pixels())
		if err != nil {
			r.Errors = append(r.Errors, api.PipelineError{Node: StageVisualAuthenticity, Code: CodeLLMFailed, Message: fmt.Sprintf("page %d: %v", p.Number, err)})
			return
		}
		images = append(images, llm.Image{MediaType: "image/png", Data: data})
		pageNums = append(pageNums, p.Number)
	}
	resp, err := e.client(r).Complete(ctx, llm.Request{
		Agent: llm.AgentVisual, Model: r.Options.Model, System: visionSystem,
		Messages: []llm.Message{{Text: visionPrompt(reqs, pageNums), Images: images}},
		Schema:   visionSchema(reqs, pageNums), SchemaName: "visual_checks", MaxTokens: 1024,
	})
	if err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageVisualAuthenticity, Code: CodeLLMFailed, Message: err.Error()})
		return
	}
	var answer struct {
		Checks []visionVerdict `json:"checks"`
	}
	if err := json.Unmarshal(resp.JSON, &answer); err != nil {
		r.Errors = append(r.Errors, api.PipelineError{Node: StageVisualAuthenticity, Code: CodeLLMFailed, Message: "decoding the vision answer: " + err.Error()})
		return
	}
	byName := map[string]visionVerdict{}
	for _, v := range answer.Checks {
		if _, dup := byName[v.Name]; !dup {
			byName[v.Name] = v
		}
	}
	for i := range checks {
		c := &checks[i]
		heuristic := ""
		if c.Notes != nil {
			// The heuristic's closing remark that a vision model would
			// help is moot once one has looked.
			heuristic, _, _ = strings.Cut(*c.Notes, " Deterministic ink check, no vision model")
		}
		v, ok := byName[c.Name]
		if !ok {
			note := heuristic + " The vision model gave no verdict on this check."
			c.Notes = &note
			continue
		}
		where := ""
		if v.Present && v.Page != nil {
			where = fmt.Sprintf(" on page %d", *v.Page)
		}
		verdict := "absent"
		if v.Present {
			verdict = "present"
		}
		note := fmt.Sprintf("Vision model %s: %s%s. %s Deterministic ink check, kept as evidence: %s",
			resp.Model, verdict, where, strings.TrimSpace(v.Reasoning), heuristic)
		c.Passed, c.Confidence, c.Notes = v.Present, v.Confidence, &note
	}
}

// visionSchema lets the model name only the declared checks and the
// pages it was shown.
func visionSchema(reqs []forensics.VisualRequest, pages []int) json.RawMessage {
	names := make([]string, 0, len(reqs))
	for _, q := range reqs {
		names = append(names, q.Name)
	}
	pageEnum := make([]any, 0, len(pages)+1)
	for _, p := range pages {
		pageEnum = append(pageEnum, p)
	}
	pageEnum = append(pageEnum, nil)
	schema := map[string]any{
		"type": "object", "additionalProperties": false, "required": []string{"checks"},
		"properties": map[string]any{"checks": map[string]any{
			"type": "array", "minItems": 1, "maxItems": len(reqs),
			"items": map[string]any{
				"type": "object", "additionalProperties": false,
				"required": []string{"name", "present", "confidence", "reasoning", "page"},
				"properties": map[string]any{
					"name":       map[string]any{"type": "string", "enum": names},
					"present":    map[string]any{"type": "boolean"},
					"confidence": map[string]any{"type": "number", "minimum": 0, "maximum": 1},
					"reasoning":  map[string]any{"type": "string", "minLength": 1},
					"page":       map[string]any{"enum": pageEnum},
				},
			},
		}},
	}
	raw, _ := json.Marshal(schema) // strings, numbers and nil always encode
	return raw
}

func visionPrompt(reqs []forensics.VisualRequest, pages []int) string {
	var b strings.Builder
	nums := make([]string, 0, len(pages))
	for _, p := range pages {
		nums = append(nums, strconv.Itoa(p))
	}
	fmt.Fprintf(&b, "The images are pages %s of the document, in that order.\nDeclared checks:\n", strings.Join(nums, ", "))
	for _, q := range reqs {
		fmt.Fprintf(&b, "- %s: %s\n", q.Name, q.Description)
	}
	return b.String()
}

// pngWithin encodes img as PNG, scaled down to at most maxPixels.
func pngWithin(img image.Image, maxPixels int) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("empty page image")
	}
	if w*h > maxPixels {
		scale := math.Sqrt(float64(maxPixels) / float64(w*h))
		nw, nh := max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
		dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		img = dst
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
