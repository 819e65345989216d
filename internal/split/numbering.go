package split

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// pageNumber is what a page says about its own place: "Page 2 of 3"
// gives {2, 3}; "Seite 2" gives {2, 0}. The zero value means the page
// prints no number.
type pageNumber struct {
	n, of int
}

// pageWords are the words that introduce a page number, folded (lower
// case, no accents), in the languages Quarry reads.
// One-letter abbreviations need their dot: a bare "p 2" or "s 2" is as
// often a unit or a list marker.
const pageWords = `page|pg|sheet|seite|blatt|sayfa|sf|pagina|pag|feuille|folio|hoja|foglio|bladzijde|blz|p\.|s\.`

// Labelled numbering: "Page 2 of 3", "Seite 2 von 3", "Sayfa 1/3",
// "Página 1 de 2", "page 2 sur 5", "Page: 3", "Seite 2". The word is
// required: a bare "1/3" is as likely a date or a quantity.
var labelledNumber = regexp.MustCompile(`(?:^|[^a-z])(?:` + pageWords + `)\s*(?:no\s*)?[.:#]?\s*(\d{1,4})(?:\s*(?:of|von|de|sur|di|van|/|\|)\s*(\d{1,4}))?(?:[^0-9/]|$)`)

// Unlabelled numbering only counts alone on a line at the very top or
// bottom of a page, where running footers put it: "2 / 3", "- 2 -", "2".
var (
	bareOf     = regexp.MustCompile(`^(\d{1,4})\s*(?:/|of|von|de|sur)\s*(\d{1,4})$`)
	bareDashed = regexp.MustCompile(`^[-–]\s*(\d{1,4})\s*[-–]$`)
)

// marginZone is how close to the top or bottom edge (page heights) a
// bare page number must sit.
const marginZone = 0.08

// readPageNumber finds the page's own number. Labelled forms win over
// bare ones; among labelled forms the first one in reading order counts
// (a page that cites another page, "see page 4", usually does so after
// its own header or footer... and a cited page has no "of N").
func readPageNumber(l *doc.Layout, p *doc.Page) pageNumber {
	var bare pageNumber
	var labelled []pageNumber
	for li := range p.Lines {
		ln := &p.Lines[li]
		text := lineText(l, ln)
		if len(text) > 200 {
			continue // body prose, not a header or footer
		}
		folded := fields.Fold(text)
		for _, m := range labelledNumber.FindAllStringSubmatch(folded, 2) {
			if pn, ok := parseNumber(m[1], m[2]); ok {
				labelled = append(labelled, pn)
			}
		}
		if bare == (pageNumber{}) && inMargin(ln.Box, li, len(p.Lines)) {
			bare = readBare(strings.TrimSpace(folded))
		}
	}
	// Prefer a numbering that states its total: "see page 4" in the body
	// must not override the footer's "Page 2 of 3".
	for _, pn := range labelled {
		if pn.of > 0 {
			return pn
		}
	}
	if len(labelled) > 0 {
		return labelled[0]
	}
	return bare
}

func readBare(s string) pageNumber {
	if m := bareOf.FindStringSubmatch(s); m != nil {
		if pn, ok := parseNumber(m[1], m[2]); ok {
			return pn
		}
	}
	if m := bareDashed.FindStringSubmatch(s); m != nil {
		if pn, ok := parseNumber(m[1], ""); ok {
			return pn
		}
	}
	return pageNumber{}
}

// inMargin says whether a line sits at the top or bottom edge: by its box
// when the layout has geometry, else by being the first or last line.
func inMargin(b doc.Box, index, lines int) bool {
	if b.IsZero() {
		return index == 0 || index == lines-1
	}
	return b.Y1 < marginZone || b.Y0 > 1-marginZone
}

// parseNumber accepts n (and "of" total) when they make sense as a page
// number: 1 <= n <= of, and no four-digit years.
func parseNumber(ns, ofs string) (pageNumber, bool) {
	n, err := strconv.Atoi(ns)
	if err != nil || n < 1 || n > 999 {
		return pageNumber{}, false
	}
	if ofs == "" {
		return pageNumber{n: n}, true
	}
	of, err := strconv.Atoi(ofs)
	if err != nil || of < n || of > 999 {
		return pageNumber{}, false
	}
	return pageNumber{n: n, of: of}, true
}

func lineText(l *doc.Layout, ln *doc.Line) string {
	if ln.FirstWord >= ln.EndWord {
		return ""
	}
	return l.Text[l.Words[ln.FirstWord].Start:l.Words[ln.EndWord-1].End]
}
