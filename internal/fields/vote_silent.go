package fields

import (
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// A reading that did not see a line is silent about it, not against it.
// Segmentation modes differ in what they find: the block readings of a
// receipt can lose the first line of a name printed over two lines
// ("POPULAR BOOK" / "CO. (M) SDN BHD") that the automatic ones read. If
// the readings that lost the line counted as voting for the shorter value,
// the majority would cut the name. So when a shorter value is the start or
// the end of a longer one, and the shorter value's reading has no word at
// all where the longer value's other words are, it supports the longer
// value instead of opposing it.

// silentExtra reports whether candidate short (from layout sl) is the
// start or end of candidate long, word for word up to OCR slips, and sl
// holds no word inside long's box outside short's box: the reading of
// short saw nothing where long has more. It returns long's extra words
// and whether they come before (true) or after short's.
func silentExtra(long, short api.ExtractedField, sl *doc.Layout) (extra []string, before, ok bool) {
	ls, lok := long.Value.(string)
	ss, sok := short.Value.(string)
	if !lok || !sok || long.BBox == nil || short.BBox == nil || sl == nil || len(long.Pages) == 0 || len(short.Pages) == 0 || long.Pages[0] != short.Pages[0] {
		return nil, false, false
	}
	lw, sw := strings.Fields(ls), strings.Fields(ss)
	n, m := len(lw), len(sw)
	if m == 0 || m >= n || n > voteMaxWords {
		return nil, false, false
	}
	switch {
	case textDistance(strings.Join(lw[n-m:], " "), ss) <= silentSlip:
		extra, before = lw[:n-m], true
	case textDistance(strings.Join(lw[:m], " "), ss) <= silentSlip:
		extra, before = lw[m:], false
	default:
		return nil, false, false
	}
	lb, sb := boxOf(long.BBox), boxOf(short.BBox)
	// The extra words must be on lines of their own, above or below the
	// shorter value: a word split or joined differently on the same line
	// ("NO. 1," and "NO.1,") is a difference of reading, not of lines.
	h := 0.0
	for _, w := range sl.PageWords(short.Pages[0]) {
		if sb.HoldsCentre(w.Box, 0) && (h == 0 || w.Box.Height() < h) {
			h = w.Box.Height()
		}
	}
	if h == 0 || before && sb.Y0-lb.Y0 < 0.6*h || !before && lb.Y1-sb.Y1 < 0.6*h {
		return nil, false, false
	}
	for _, w := range sl.PageWords(short.Pages[0]) {
		if lb.HoldsCentre(w.Box, 0) && !sb.HoldsCentre(w.Box, 0) {
			return nil, false, false // the reading printed something else there
		}
	}
	return extra, before, true
}

// silentSlip is how far (textDistance) the shared part may differ between
// the two values and still be the same words read twice.
const silentSlip = 0.1

// boxOf is an extracted value's box in the layout's terms.
func boxOf(b *api.BoundingBox) doc.Box {
	return doc.Box{X0: b.XMin, Y0: b.YMin, X1: b.XMax, Y1: b.YMax}
}

// supports reports whether cands[j] counts as agreeing with cands[i]: the
// same value, or a shorter one from a reading silent where cands[i] has
// more (silentExtra).
func supports(cands []api.ExtractedField, layouts []*doc.Layout, i, j int) bool {
	if layouts == nil {
		return false
	}
	_, _, ok := silentExtra(cands[i], cands[j], layouts[j])
	return ok
}

// filledTexts lists the other candidates' texts for consensus, with a
// silent reading's value completed by the winner's words where it saw
// nothing, so that it neither adds nor removes them.
func filledTexts(cands []api.ExtractedField, layouts []*doc.Layout, w int) []string {
	var out []string
	for i, c := range cands {
		s, ok := c.Value.(string)
		if !ok || i == w {
			continue
		}
		if layouts != nil {
			if extra, before, ok := silentExtra(cands[w], c, layouts[i]); ok {
				if before {
					s = strings.Join(extra, " ") + " " + s
				} else {
					s = s + " " + strings.Join(extra, " ")
				}
			}
		}
		out = append(out, s)
	}
	return out
}
