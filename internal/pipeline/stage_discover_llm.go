package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/llm"
	"github.com/quarrydev/quarry/internal/split"
)

// Bounds of the splitter's tie-breaks: close boundaries reviewed per file
// and the text of each page sent.
const (
	splitReviewMax      = 8
	splitReviewPageText = 3 << 10
)

const splitSystem = `You decide whether a page of a multi-page file starts a new document (a new invoice, letter, identity card, statement) or continues the document of the page before it.
Answer with new_document true or false and one or two sentences of reasoning citing what on the pages decided it.`

// reviewBoundaries asks the model about the boundaries the splitter
// scored near its threshold (split.Boundary.Near), one yes/no call each,
// and cuts the pages again by its answers. The model's reasoning
// joins the boundary's reasons, which the segment's document notes
// carry. A failed call keeps the splitter's decision.
func (e *Engine) reviewBoundaries(ctx context.Context, r *Run, f *FileRun, res split.Result) split.Result {
	if ok, _ := e.llmReady(r); !ok {
		return res
	}
	l := f.File.Layout
	reviewed, asked := false, 0
	schema := json.RawMessage(`{"type":"object","additionalProperties":false,"required":["new_document","reasoning"],` +
		`"properties":{"new_document":{"type":"boolean"},"reasoning":{"type":"string","minLength":1}}}`)
	for i := range res.Boundaries {
		b := &res.Boundaries[i]
		if !b.Near() || b.Page < 2 || b.Page > len(l.Pages) || asked == splitReviewMax {
			continue
		}
		asked++
		prompt := fmt.Sprintf("The splitter scored %.1f against a threshold of %.1f (%s).\n--- page %d ---\n%s\n--- page %d ---\n%s\nDoes page %d start a new document?",
			b.Score, split.Threshold, strings.Join(b.Reasons, "; "),
			b.Page-1, llm.CutText(pageText(l, b.Page-1), splitReviewPageText), b.Page, llm.CutText(pageText(l, b.Page), splitReviewPageText), b.Page)
		resp, err := e.client(r).Complete(ctx, llm.Request{
			Agent: llm.AgentSplitter, Model: r.Options.Model, System: splitSystem,
			Messages: []llm.Message{{Text: prompt}}, Schema: schema, SchemaName: "boundary", MaxTokens: 256,
		})
		var answer struct {
			NewDocument bool   `json:"new_document"`
			Reasoning   string `json:"reasoning"`
		}
		if err == nil {
			err = json.Unmarshal(resp.JSON, &answer)
		}
		if err != nil {
			r.Errors = append(r.Errors, api.PipelineError{Node: StageDiscover, Code: CodeLLMFailed, Message: fmt.Sprintf("%s, page %d: %v", f.File.Name, b.Page, err)})
			continue
		}
		verdict := "continues the document before it"
		if answer.NewDocument {
			verdict = "starts a new document"
		}
		b.Reasons = append(b.Reasons, fmt.Sprintf("close call (score %.1f) reviewed by a language model (%s): page %d %s: %s",
			b.Score, resp.Model, b.Page, verdict, strings.TrimSpace(answer.Reasoning)))
		b.Split, reviewed = answer.NewDocument, true
	}
	if reviewed {
		// Cut again even when the model agreed: the segments carry the
		// boundaries' reasons, which now hold its reasoning.
		res.Segments = split.Resegment(l, res.Boundaries, r.Req.DocumentTypes)
	}
	// A page the model kept with the pages before it opens no segment, so
	// its reasoning joins the reasons of the segment that holds it.
	for _, b := range res.Boundaries {
		if b.Split || len(b.Reasons) == 0 || !strings.HasPrefix(b.Reasons[len(b.Reasons)-1], "close call") {
			continue
		}
		for i := range res.Segments {
			if s := &res.Segments[i]; s.First < b.Page && b.Page <= s.Last {
				s.Reasons = append(s.Reasons, b.Reasons[len(b.Reasons)-1])
			}
		}
	}
	return res
}

// pageText is one page's words in reading order.
func pageText(l *doc.Layout, n int) string {
	p := l.Pages[n-1]
	return l.Text[p.Start:p.End]
}
