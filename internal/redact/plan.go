package redact

import (
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/pii"
)

// Area is a box to redact that is not a PII finding, such as an extracted
// field's box. Label names it in the masked text: [REDACTED_<LABEL>].
type Area struct {
	Label string
	Page  int     // 1-based
	Box   doc.Box // normalised, origin top-left
}

// pagePlan is what happens to one page: the boxes painted over its
// pixels and the text of its invisible layer, all in normalised units.
type pagePlan struct {
	fills []doc.Box
	text  []planItem
}

type planItem struct {
	text string
	box  doc.Box
}

// coveredShare is how much of a word's box a painted box must cover for
// the word to leave the text layer: over half of it is unreadable in the
// image, so its text must not be readable in the layer either.
const coveredShare = 0.5

// planPages decides, page by page, what is painted and what the text
// layer says. Findings carry byte offsets into l.Text. Every word that
// overlaps a finding, lies in an area, or sits mostly under a painted box
// is replaced in the text layer; all other words keep their text and box.
//
// unplaced lists the pages of findings whose words have no usable box:
// they cannot be painted, and the caller must not hand the file back.
func planPages(l *doc.Layout, findings []pii.Finding, areas []Area, masker *pii.Masker) (plans []pagePlan, unplaced []int) {
	plans = make([]pagePlan, len(l.Pages))
	done := make([]bool, len(l.Words)) // words whose text layer entry is decided

	for _, g := range groupFindings(l, findings) {
		text := l.Text[l.Words[g.first].Start:l.Words[g.last-1].End]
		masked := masker.Mask(text, g.shifted(l.Words[g.first].Start, len(text)))
		segs := lineSegments(l, g.first, g.last)
		if len(segs) == 0 {
			unplaced = append(unplaced, l.Words[g.first].Page)
		}
		for i, seg := range segs {
			if seg.box.Width() <= 0 || seg.box.Height() <= 0 {
				unplaced = append(unplaced, seg.page)
				continue
			}
			p := &plans[seg.page-1]
			p.fills = append(p.fills, seg.box)
			if i == 0 {
				// The masked run goes where the run began; later lines of
				// a run that wraps keep only their painted boxes.
				p.text = append(p.text, planItem{text: masked, box: seg.box})
			}
		}
		for w := g.first; w < g.last; w++ {
			done[w] = true
		}
	}

	for _, a := range areas {
		if a.Page < 1 || a.Page > len(l.Pages) || a.Box.Area() == 0 {
			continue
		}
		p := &plans[a.Page-1]
		p.fills = append(p.fills, a.Box.Clamp())
		label := "[REDACTED_" + strings.ToUpper(strings.NewReplacer(" ", "_", ".", "_").Replace(a.Label)) + "]"
		pg := l.Pages[a.Page-1]
		var run []int
		flush := func() {
			if len(run) > 0 {
				box := doc.Box{}
				for _, w := range run {
					box = box.Union(l.Words[w].Box)
				}
				p.text = append(p.text, planItem{text: label, box: box})
				run = run[:0]
			}
		}
		for w := pg.FirstWord; w < pg.EndWord; w++ {
			in := !done[w] && covered(l.Words[w].Box, a.Box)
			if !in || (len(run) > 0 && l.Words[run[len(run)-1]].Line != l.Words[w].Line) {
				flush()
			}
			if in {
				run = append(run, w)
				done[w] = true
			}
		}
		flush()
	}

	for pi := range l.Pages {
		p := &plans[pi]
		for i := range p.fills {
			p.fills[i] = pad(p.fills[i])
		}
		pg := l.Pages[pi]
		for w := pg.FirstWord; w < pg.EndWord; w++ {
			word := l.Words[w]
			if done[w] || word.Box.IsZero() {
				continue
			}
			text := word.Text
			for _, f := range p.fills {
				if covered(word.Box, f) {
					text = "[REDACTED]"
					break
				}
			}
			p.text = append(p.text, planItem{text: text, box: word.Box})
		}
	}
	return plans, unplaced
}

// covered reports whether box f covers more than coveredShare of w.
func covered(w, f doc.Box) bool {
	a := w.Area()
	return a > 0 && w.Intersect(f).Area() > coveredShare*a
}

// pad grows a painted box by a fraction of its height on every side:
// word boxes hug the glyphs, and anti-aliased edges or a slightly low
// descender must not peek out.
func pad(b doc.Box) doc.Box {
	d := 0.12 * b.Height()
	return doc.Box{X0: b.X0 - d, Y0: b.Y0 - d, X1: b.X1 + d, Y1: b.Y1 + d}.Clamp()
}

// findingGroup is a run of words touched by one or more overlapping
// findings.
type findingGroup struct {
	first, last int // word range [first,last)
	findings    []pii.Finding
}

// shifted returns the group's findings with offsets relative to the
// group's text (which starts at byte base and is n bytes long).
func (g findingGroup) shifted(base, n int) []pii.Finding {
	out := make([]pii.Finding, 0, len(g.findings))
	for _, f := range g.findings {
		f.Start = max(f.Start-base, 0)
		f.End = min(f.End-base, n)
		if f.Start < f.End {
			out = append(out, f)
		}
	}
	return out
}

// groupFindings turns findings (sorted by start) into runs of words; two
// findings that touch a common word share one run, so the run's masked
// text is computed once.
func groupFindings(l *doc.Layout, fs []pii.Finding) []findingGroup {
	var out []findingGroup
	for _, f := range fs {
		first, last := l.WordsInSpan(f.Start, f.End)
		if first >= last {
			continue
		}
		if n := len(out); n > 0 && first < out[n-1].last {
			out[n-1].last = max(out[n-1].last, last)
			out[n-1].findings = append(out[n-1].findings, f)
			continue
		}
		out = append(out, findingGroup{first: first, last: last, findings: []pii.Finding{f}})
	}
	return out
}

// segment is the part of a word run on one line of one page.
type segment struct {
	page int
	box  doc.Box
}

// lineSegments splits the words [first,last) by page and line and returns
// each piece's box; words without a box are skipped.
func lineSegments(l *doc.Layout, first, last int) []segment {
	var out []segment
	prevPage, prevLine := -1, -1
	for w := first; w < last; w++ {
		word := l.Words[w]
		if word.Box.IsZero() || word.Page < 1 {
			continue
		}
		if n := len(out); n > 0 && word.Page == prevPage && word.Line == prevLine {
			out[n-1].box = out[n-1].box.Union(word.Box)
			continue
		}
		out = append(out, segment{page: word.Page, box: word.Box})
		prevPage, prevLine = word.Page, word.Line
	}
	return out
}

// minCopyLen is the shortest value whose other occurrences are redacted
// too. Shorter values (two-letter codes) would black out ordinary words.
const minCopyLen = 4

// withCopies adds a finding for every other occurrence of a found value:
// the same IBAN printed again without its label was not detected there,
// yet it is the same personal data. The result is sorted by start.
func withCopies(text string, fs []pii.Finding) []pii.Finding {
	out := append([]pii.Finding(nil), fs...)
	seen := map[string]bool{}
	taken := map[int]bool{}
	for _, f := range fs {
		taken[f.Start] = true
	}
	for _, f := range fs {
		if f.Start < 0 || f.End > len(text) || f.End-f.Start < minCopyLen {
			continue
		}
		v := text[f.Start:f.End]
		if seen[v] {
			continue
		}
		seen[v] = true
		for i := 0; ; {
			j := strings.Index(text[i:], v)
			if j < 0 {
				break
			}
			at := i + j
			if !taken[at] {
				c := f
				c.Start, c.End = at, at+len(v)
				out = append(out, c)
				taken[at] = true
			}
			i = at + len(v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
