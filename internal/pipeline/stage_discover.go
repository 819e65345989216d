package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/split"
)

// segment ties a segment FileRun to the file it was cut from.
type segment struct {
	file  *FileRun
	pages []int // the file's page numbers, in order
	found split.Segment
}

// stageDiscover splits unpinned multi-page files that hold several
// documents (options.stages.splitter). Each document found becomes a
// FileRun over its own pages, which the classify, plan_tasks and extract
// stages take in the file's place; a file found to be one document goes
// on exactly as without the splitter. The split is the deterministic
// engine of internal/split, so the stage always runs; a configured model
// only reviews its close calls (stage_discover_llm.go).
func (e *Engine) stageDiscover(ctx context.Context, r *Run) (string, error) {
	var candidates []*FileRun
	for _, f := range r.Files {
		// A pinned file is one document of the pinned type, by the
		// caller's word; an e-invoice XML is one invoice. A PDF with an
		// invoice XML attached is split like any PDF: a joined file keeps
		// the first part's attachment, which names one invoice only.
		xml := f.File.EInvoice != nil && f.File.MediaType != "application/pdf"
		if f.Pin == "" && !xml && f.File.Layout != nil && len(f.File.Layout.Pages) > 1 {
			candidates = append(candidates, f)
		}
	}
	if len(candidates) == 0 {
		return "no unpinned multi-page file to split (a pinned file or an e-invoice XML is one document)", nil
	}
	for _, f := range candidates {
		res, err := split.Split(ctx, f.File.Layout, split.Options{Types: r.Req.DocumentTypes})
		if err != nil {
			return "", fmt.Errorf("splitting %s: %w", f.File.Name, err)
		}
		res = e.reviewBoundaries(ctx, r, f, res)
		if len(res.Segments) < 2 {
			continue
		}
		for _, s := range res.Segments {
			f.Segments = append(f.Segments, segmentRun(f, s))
		}
		giveEInvoice(f)
	}
	return "", nil
}

// giveEInvoice hands a split PDF's attached e-invoice to the first
// segment that prints its invoice number (or to none): its values
// describe that invoice, not the other documents of the file.
func giveEInvoice(f *FileRun) {
	inv := f.File.EInvoice
	if inv == nil {
		return
	}
	number := fields.Fold(strings.TrimSpace(inv.Number))
	for _, s := range f.Segments {
		if number != "" && strings.Contains(fields.Fold(s.File.Layout.Text), number) {
			s.File.EInvoice = inv
			return
		}
	}
}

// segmentRun makes the FileRun of one segment: the file's reading with
// the segment's pages as its layout (renumbered from 1, so that "the
// first page" is the segment's own for classification and extraction).
// Its e-invoice, if the file had one, is given by giveEInvoice.
func segmentRun(f *FileRun, s split.Segment) *FileRun {
	file := *f.File
	file.Layout = f.File.Layout.Slice(s.First, s.Last)
	file.PageCount = s.Last - s.First + 1
	file.EInvoice = nil
	file.Skipped, file.Dropped = nil, nil
	return &FileRun{File: &file, InputIndex: f.InputIndex, seg: &segment{file: f, pages: s.Pages(), found: s}}
}

// owner is the submitted (or bundle member) file a run belongs to: the
// file itself, or the file a segment was cut from.
func (f *FileRun) owner() *FileRun {
	if f.seg != nil {
		return f.seg.file
	}
	return f
}

// withSegments lists the files and, after each split one, its segments:
// what the classifier scores (a split file keeps its own verdict in
// files[].classification).
func withSegments(files []*FileRun) []*FileRun {
	out := make([]*FileRun, 0, len(files))
	for _, f := range files {
		out = append(out, f)
		out = append(out, f.Segments...)
	}
	return out
}

// documentUnits lists what becomes a document: each file, or its segments
// when the splitter found several.
func documentUnits(files []*FileRun) []*FileRun {
	out := make([]*FileRun, 0, len(files))
	for _, f := range files {
		if len(f.Segments) > 0 {
			out = append(out, f.Segments...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// segmentNote tells the caller which pages a segment document covers and
// why the splitter cut there; nil for a whole file.
func segmentNote(f *FileRun) *string {
	if f.seg == nil {
		return nil
	}
	s := f.seg.found
	why := strings.Join(s.Reasons, "; ")
	if s.First == 1 && len(s.Reasons) > 0 {
		// The first segment's own opening reason is the file's start; any
		// further reasons are reviews of pages it kept (a model's calls).
		why = strings.Join(append([]string{"first page of the file"}, s.Reasons[1:]...), "; ")
	}
	note := fmt.Sprintf("Split from %s: pages %d-%d (split confidence %.2f; %s).", f.File.Name, s.First, s.Last, s.Confidence, why)
	return &note
}

// withFilePages returns a task's document with its fields' page numbers
// in the file's numbering. Extraction ran on the segment's own layout,
// whose page 1 is the segment's first page; every stage before assemble
// reads those numbers against that layout, so they are translated only
// here, for the wire.
func withFilePages(t *Task) api.Document {
	d := t.Doc
	if t.File.seg == nil {
		return d
	}
	pages := t.File.seg.pages
	groups := make([]api.ExtractedGroup, len(d.FieldGroups))
	for i, g := range d.FieldGroups {
		groups[i] = api.ExtractedGroup{Name: g.Name, Fields: fieldsOnFilePages(g.Fields, pages)}
	}
	d.FieldGroups = groups
	return d
}

func fieldsOnFilePages(fs []api.ExtractedField, pages []int) []api.ExtractedField {
	out := make([]api.ExtractedField, len(fs))
	for i, f := range fs {
		if len(f.Pages) > 0 {
			mapped := make([]int, len(f.Pages))
			for k, p := range f.Pages {
				mapped[k] = p
				if p >= 1 && p <= len(pages) {
					mapped[k] = pages[p-1]
				}
			}
			f.Pages = mapped
		}
		if sub, ok := f.Value.([]api.ExtractedField); ok {
			f.Value = fieldsOnFilePages(sub, pages)
		}
		out[i] = f
	}
	return out
}
