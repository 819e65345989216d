package forensics

import (
	"context"
	"fmt"
)

// analyzePDF runs every PDF check: revisions (or, when signed, the
// signatures and what came after them), metadata, and the drawing.
func analyzePDF(ctx context.Context, in Input, r *Report) {
	revs := findRevisions(in.Data, in.Limits)
	sigs := findPDFSignatures(in.Data, revs)
	if len(sigs) == 0 {
		r.Checks = append(r.Checks, revisionsCheck(in.Data, revs, in.Limits))
	} else {
		for i, s := range sigs {
			r.Signatures = append(r.Signatures, s.Sig)
			r.Checks = append(r.Checks, signatureCheck(s, i+1, len(sigs)))
		}
		r.Checks = append(r.Checks, afterSigningCheck(in.Data, revs, sigs, in.Limits))
	}
	r.Metadata = readMetadata(in.Data, revs, in.Limits)
	r.Checks = append(r.Checks, metadataCheck(r.Metadata, in.Now))
	pages, err := readPages(ctx, in.Data, in.Limits)
	if err != nil && len(pages) == 0 {
		r.Checks = append(r.Checks, Check{Name: "page_content", Status: Uncertain,
			Description: "Whether the pages' drawing could be read for the text checks.",
			Evidence:    fmt.Sprintf("Reading the page content failed: %v.", err),
			Reasoning:   "White, invisible, covered and off-page text could not be looked for; this says nothing against the document, only that those checks did not run."})
		return
	}
	r.Pages = pages
	r.Checks = append(r.Checks, textChecks(pages, in.Layout)...)
}
