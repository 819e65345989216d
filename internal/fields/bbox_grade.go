package fields

import (
	"math"

	"github.com/quarrydev/quarry/internal/api"
)

// Box verdict scores of the reference bbox_validation stage.
const (
	scoreInvalid    = 0.0
	scoreSuspicious = 0.2
	scorePoor       = 0.4
)

// GradeBox sets Quality and QualityScore of a box from its geometry alone.
//
// Verdicts, first that applies: invalid (zero or negative width or
// height), suspicious (area > 0.7, or width or height > 0.9), poor (area <
// 5e-5, or aspect ratio width/height > 30 or < 1/30), else good with
// 0.5*area + 0.3*aspect + 0.2*margin scores.
//
// "Falling linearly outside" is read as a straight line to zero at the
// natural end of each scale: the area score is area/1e-4 below 1e-4 and
// (1-area)/0.5 above 0.5 (reaching 0 at a full page); the aspect score is
// ratio/0.05 below 0.05 and 1-(ratio-25)/25 above 25 (reaching 0 at 50).
// Aspect is measured on normalised coordinates, as the box carries no page
// size. A box touches an edge when it lies within 0.001 of it.
func GradeBox(b *api.BoundingBox) {
	if b == nil {
		return
	}
	w, h := b.XMax-b.XMin, b.YMax-b.YMin
	area := w * h
	switch {
	case w <= 0 || h <= 0 || math.IsNaN(w) || math.IsNaN(h):
		b.Quality, b.QualityScore = api.BoxInvalid, scoreInvalid
		return
	case area > 0.7 || w > 0.9 || h > 0.9:
		b.Quality, b.QualityScore = api.BoxSuspicious, scoreSuspicious
		return
	}
	ratio := w / h
	if area < 5e-5 || ratio > 30 || ratio < 1.0/30 {
		b.Quality, b.QualityScore = api.BoxPoor, scorePoor
		return
	}
	areaScore := 1.0
	switch {
	case area < 1e-4:
		areaScore = area / 1e-4
	case area > 0.5:
		areaScore = (1 - area) / 0.5
	}
	aspectScore := 1.0
	switch {
	case ratio < 0.05:
		aspectScore = ratio / 0.05
	case ratio > 25:
		aspectScore = 1 - (ratio-25)/25
	}
	const eps = 1e-3
	margin := 1.0
	for _, touch := range []bool{b.XMin <= eps, b.YMin <= eps, b.XMax >= 1-eps, b.YMax >= 1-eps} {
		if touch {
			margin -= 0.25
		}
	}
	s := 0.5*clamp01(areaScore) + 0.3*clamp01(aspectScore) + 0.2*margin
	b.Quality, b.QualityScore = api.BoxGood, math.Round(s*1000)/1000
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// GradeFields grades every box in the groups, rows and members included.
func GradeFields(groups []api.ExtractedGroup) {
	for gi := range groups {
		gradeList(groups[gi].Fields)
	}
}

func gradeList(fs []api.ExtractedField) {
	for i := range fs {
		GradeBox(fs[i].BBox)
		if sub, ok := fs[i].Value.([]api.ExtractedField); ok {
			gradeList(sub)
		}
	}
}
