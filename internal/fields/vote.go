package fields

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/agnivade/levenshtein"
	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// Vote settles each top-level field of kept.Groups (the extraction from
// a page's kept OCR reading) against the same fields extracted from other
// readings of the same page image (ingest.File.Readings). OCR engines and
// segmentation modes misread different letters, so the value most
// readings support is more often right than any one reading's:
//
//   - a free-text value (a string field with no format) is the medoid,
//     the candidate closest in edit distance to all the others, so one
//     reading's stray letter loses to three that agree, and a name no
//     other reading came near loses to one they all resemble; the medoid
//     is then mended word by word where more readings print another word
//     than print its own (consensus);
//   - any other value (a date, an amount, a code) is the one most
//     readings return exactly; an amount some reading printed with its
//     cents outvotes readings whose amount has none at its box ("28"
//     where OCR lost the point of "29.80"), unless no reading printed
//     cents.
//
// A reading that found nothing stands against every candidate. Ties go
// to the earlier reading, the kept one first. The winner keeps its own
// box (the readings share the image's pixels), or takes the box of a
// reading that found the same value printed when it has none. Arrays and
// objects are left as the kept reading has them: their members do not
// align from one reading to the next.
func Vote(spec api.DocumentTypeSpec, kept Reading, others []Reading) {
	if len(others) == 0 {
		return
	}
	groups := kept.Groups
	for gi := range groups {
		sg := specGroup(spec, groups[gi].Name)
		for fi := range groups[gi].Fields {
			out := &groups[gi].Fields[fi]
			text := false
			if sg != nil {
				if d := specField(sg, out.Name); d != nil {
					text = d.EffectiveType() == api.TypeString && d.Format == nil
				}
			}
			if !scalar(out.Value) && out.Value != nil {
				continue
			}
			cands := []api.ExtractedField{*out}
			layouts := []*doc.Layout{kept.Layout}
			paid := []float64{kept.Paid[out.Name]}
			rounding := kept.Rounding[out.Name]
			for _, o := range others {
				paid = append(paid, o.Paid[out.Name])
				rounding = rounding || o.Rounding[out.Name]
				if f, ok := fieldIn(o.Groups, groups[gi].Name, out.Name); ok && (f.Value == nil || scalar(f.Value)) {
					cands = append(cands, f)
				} else {
					cands = append(cands, api.ExtractedField{Name: out.Name})
				}
				layouts = append(layouts, o.Layout)
			}
			if !text {
				dropLostCents(cands, layouts)
			}
			w := winner(cands, layouts, paid, text)
			*out = cands[w]
			if !text && rounding {
				out.Value = cashRounded(out.Value, paid)
			}
			if s, ok := out.Value.(string); ok && text {
				out.Value = consensus(s, filledTexts(cands, layouts, w))
			}
		}
	}
}

// Reading is one OCR reading of a page and the fields extracted from it.
type Reading struct {
	Layout   *doc.Layout
	Groups   []api.ExtractedGroup
	Paid     map[string]float64 // Result.Paid of the extraction
	Rounding map[string]bool    // Result.Rounding of the extraction
}

// NewReading pairs a reading's layout with what Extract found in it.
func NewReading(l *doc.Layout, r Result) Reading {
	return Reading{Layout: l, Groups: r.Groups, Paid: r.Paid, Rounding: r.Rounding}
}

// dropLostCents empties the amount candidates printed without cents when
// another reading printed its amount with them.
func dropLostCents(cands []api.ExtractedField, layouts []*doc.Layout) {
	withCents := make([]bool, len(cands))
	found := false
	for i, c := range cands {
		if _, num := c.Value.(float64); num && c.BBox != nil && len(c.Pages) > 0 && layouts[i] != nil {
			withCents[i] = printedWithCents(layouts[i], c.Pages[0], c.BBox)
			found = found || withCents[i]
		}
	}
	if !found {
		return
	}
	for i, c := range cands {
		if v, num := c.Value.(float64); num && !withCents[i] && c.BBox != nil && len(c.Pages) > 0 && layouts[i] != nil && printedWhole(layouts[i], c.Pages[0], c.BBox, v) {
			cands[i] = api.ExtractedField{Name: c.Name}
		}
	}
}

// printedWithCents reports whether the words inside box on page end in a
// decimal mark and two digits ("29.80", "RM29,80"), also when OCR split
// the amount into words ("R29 . 30").
func printedWithCents(l *doc.Layout, page int, b *api.BoundingBox) bool {
	texts := boxedTexts(l, page, b)
	for _, t := range texts {
		if reCents.MatchString(t) {
			return true
		}
	}
	return reCents.MatchString(strings.Join(texts, ""))
}

// printedWhole reports whether the words inside box print v as a whole
// number (its digits, no cents): the amount whose decimals OCR lost. A
// value the reading computed (tendered minus change) and boxed on a line
// that prints something else is not one.
func printedWhole(l *doc.Layout, page int, b *api.BoundingBox, v float64) bool {
	var digits strings.Builder
	for _, t := range boxedTexts(l, page, b) {
		for _, r := range t {
			if r >= '0' && r <= '9' {
				digits.WriteRune(r)
			}
		}
	}
	d := digits.String()
	return d == "" || d == strconv.FormatFloat(math.Trunc(v), 'f', 0, 64) || d == strconv.FormatFloat(math.Round(v), 'f', 0, 64)
}

// boxedTexts returns the texts of the words of page whose centre lies in b.
func boxedTexts(l *doc.Layout, page int, b *api.BoundingBox) []string {
	box := boxOf(b)
	var out []string
	for _, w := range l.PageWords(page) {
		if box.HoldsCentre(w.Box, 0) {
			out = append(out, w.Text)
		}
	}
	return out
}

func scalar(v any) bool {
	switch v.(type) {
	case string, float64, int64, int, bool:
		return true
	}
	return false
}

func fieldIn(groups []api.ExtractedGroup, group, name string) (api.ExtractedField, bool) {
	for _, g := range groups {
		if g.Name != group {
			continue
		}
		for _, f := range g.Fields {
			if f.Name == name {
				return f, true
			}
		}
	}
	return api.ExtractedField{}, false
}

// winner picks the index of the candidate most readings support: the
// medoid when text, else the most often returned value. A text candidate
// is at no distance from a shorter one whose reading was silent where it
// has more (vote_silent.go). layouts and paid may be nil.
//
// paid[j] is what reading j says was paid (tendered minus change, 0 when
// it does not print both). A reading whose total line OCR bent ("Grand
// Total : 30.30") while its payment lines add up to another reading's
// answer (101.00 - 70.10 = 30.90) backs that answer with half a vote:
// arithmetic over two more lines is evidence, but weaker than a reading
// that printed the amount as the total.
func winner(cands []api.ExtractedField, layouts []*doc.Layout, paid []float64, text bool) int {
	best, bestScore := -1, 0.0
	shares := map[string]float64{} // printedShare by voteKey
	for i, c := range cands {
		if c.Value == nil {
			continue
		}
		var score float64 // higher is better
		for j, d := range cands {
			switch {
			case j == i:
			case d.Value == nil && text:
				score-- // as far as a text can be
			case text && supports(cands, layouts, i, j):
			case text:
				score -= textDistance(fmt.Sprint(c.Value), fmt.Sprint(d.Value))
			case d.Value != nil && voteKey(c.Value) == voteKey(d.Value):
				score++
			case paidBacks(c.Value, paid, j):
				score += 0.5
			}
		}
		if !text {
			// Readings mostly agree, so each distinct amount's pages are
			// scanned once.
			k := voteKey(c.Value)
			share, ok := shares[k]
			if !ok {
				share = printedShare(c.Value, layouts)
				shares[k] = share
			}
			score += 0.5 * share // breaks ties only
		}
		if best < 0 || score > bestScore+1e-9 {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return 0
	}
	// A value one reading computed (a total from its parts) has no box;
	// another reading that found the same value printed grounds it.
	if cands[best].BBox == nil {
		for j, c := range cands {
			if c.BBox != nil && c.Value != nil && sameVote(c.Value, cands[best].Value, text) {
				return j
			}
		}
	}
	return best
}

// cashRounded returns the amount v rounded onto the cash grid
// (onCashGrid) when cashRoundedReadings readings' payment lines add up to
// exactly that. Vote asks only when some reading saw a rounding line: the
// shop rounds its total, and the readings that found the total lost the
// rounding line's amount ("Total 10.44" in four readings, "Cash 20.00"
// and "Change 9.55" in three, "Rounding Adj" with no amount readable in
// any). A shop that prints no rounding line and takes 17.20 in cash for
// a total of 17.22 rounds the payment, not the total. Otherwise v.
func cashRounded(v any, paid []float64) any {
	f, ok := v.(float64)
	if !ok || onCashGrid(f) {
		return v
	}
	n := 0
	for _, p := range paid {
		if p > 0 && cashRoundsTo(f, p) {
			n++
		}
	}
	if n < cashRoundedReadings {
		return v
	}
	return cashRound(f)
}

// cashRoundedReadings is how many readings' payment lines must add up to
// the rounded total for it to stand.
const cashRoundedReadings = 2

// paidBacks reports whether reading j's payment lines add up to v.
func paidBacks(v any, paid []float64, j int) bool {
	f, ok := v.(float64)
	return ok && j < len(paid) && paid[j] > 0 && math.Abs(f-paid[j]) < 0.005
}

// printedShare is the share of readings that print amount v with its
// cents somewhere on the page: between two amounts as many readings
// returned, the one the page shows wins over one only arithmetic made
// ("CASH 200.00" minus a misread "CHANGE 16.00" against the 190.00 the
// item line prints). Under 1, so it never outweighs a reading's vote.
func printedShare(v any, layouts []*doc.Layout) float64 {
	f, ok := v.(float64)
	if !ok || len(layouts) == 0 {
		return 0
	}
	n := 0
	for _, l := range layouts {
		if l != nil && lastAmountWord(l, f) >= 0 {
			n++
		}
	}
	return float64(n) / float64(len(layouts)+1)
}

func sameVote(a, b any, text bool) bool {
	if text {
		return foldText(fmt.Sprint(a)) == foldText(fmt.Sprint(b))
	}
	return voteKey(a) == voteKey(b)
}

// voteMaxRunes bounds the texts compared letter by letter: edit distance
// costs the product of the lengths, and a value longer than a few lines
// is compared whole instead.
const voteMaxRunes = 512

// textDistance is the edit distance of two values as a reader compares
// them (case and runs of spaces ignored), over the longer one's length:
// 0 for the same text, 1 for nothing in common.
func textDistance(a, b string) float64 {
	return foldedDistance(foldText(a), foldText(b))
}

// foldedDistance is textDistance of two texts already folded (foldText).
func foldedDistance(a, b string) float64 {
	if a == b {
		return 0
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	if n > voteMaxRunes {
		return 1
	}
	return float64(levenshtein.ComputeDistance(a, b)) / float64(n)
}

func foldText(s string) string {
	return strings.Join(strings.Fields(strings.ToUpper(s)), " ")
}

func voteKey(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.2f", f)
	}
	return fmt.Sprint(v)
}
