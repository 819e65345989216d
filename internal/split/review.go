package split

import (
	"math"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// ReviewMargin is how near Threshold a boundary's score must be for its
// decision to be worth a second opinion: within it the votes nearly
// cancel (certainty under about 0.66), further away they do not.
const ReviewMargin = 1.0

// Near reports whether the boundary was a close call. A blank page
// (compared past, or never opening a document) is not: its score says
// nothing about the pages around it.
func (b Boundary) Near() bool {
	if len(b.Reasons) == 1 && b.Reasons[0] == "blank page: compared past" {
		return false
	}
	return math.Abs(b.Score-Threshold) < ReviewMargin
}

// Resegment cuts the pages again after a caller changed some boundaries'
// Split (a reviewer overruling a close call), classifying each piece as
// Split does.
func Resegment(l *doc.Layout, bounds []Boundary, types []api.DocumentTypeSpec) []Segment {
	return segments(l, bounds, types)
}
