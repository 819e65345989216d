package pii

import (
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/doc"
)

// BBox is a finding's box on its page, normalised to [0,1].
type BBox struct {
	XMin float64 `json:"xmin"`
	YMin float64 `json:"ymin"`
	XMax float64 `json:"xmax"`
	YMax float64 `json:"ymax"`
}

// WireFinding is a finding as the API sends it: offsets in Unicode code
// points, the page it starts on, and its box when the layout has
// geometry (null otherwise).
type WireFinding struct {
	Type         string  `json:"type"`
	Jurisdiction string  `json:"jurisdiction"`
	Start        int     `json:"start"`
	End          int     `json:"end"`
	Page         int     `json:"page"`
	BBox         *BBox   `json:"bbox"`
	Score        float64 `json:"score"`
}

// Summary is the PII block of a file's result.
type Summary struct {
	Count    int            `json:"count"`
	ByType   map[string]int `json:"by_type"`
	Findings []WireFinding  `json:"findings"`
}

// DetectLayout finds PII in a layout's text and places each finding on
// its page and box.
func DetectLayout(l *doc.Layout, opts Options) Summary {
	fs := Detect(l.Text, opts)
	return summarize(l, fs)
}

// Summarize builds the wire summary for findings over layout l (byte
// offsets into l.Text).
func Summarize(l *doc.Layout, fs []Finding) Summary { return summarize(l, fs) }

func summarize(l *doc.Layout, fs []Finding) Summary {
	s := Summary{Count: len(fs), ByType: map[string]int{}, Findings: make([]WireFinding, 0, len(fs))}
	conv := runeConverter{text: l.Text}
	for _, f := range fs {
		s.ByType[f.Type]++
		w := WireFinding{Type: f.Type, Jurisdiction: f.Jurisdiction, Start: conv.at(f.Start), End: conv.at(f.End), Score: f.Score}
		w.Page = l.PageOf(f.Start)
		if w.Page == 0 && len(l.Pages) == 0 {
			w.Page = 1
		}
		for _, pb := range l.SpanBoxes(f.Start, f.End) {
			if pb.Page == w.Page || w.BBox == nil {
				w.BBox = &BBox{pb.Box.X0, pb.Box.Y0, pb.Box.X1, pb.Box.Y1}
				if pb.Page == w.Page {
					break
				}
			}
		}
		s.Findings = append(s.Findings, w)
	}
	return s
}

// runeConverter turns increasing byte offsets into code point offsets in
// one forward pass (findings come sorted), falling back to a recount when
// asked for an earlier offset. It gives the same answer as doc.RuneOffset.
type runeConverter struct {
	text    string
	byteOff int
	runeOff int
}

func (c *runeConverter) at(off int) int {
	if off > len(c.text) {
		off = len(c.text)
	}
	if off < c.byteOff {
		c.byteOff, c.runeOff = 0, 0
	}
	c.runeOff += utf8.RuneCountInString(c.text[c.byteOff:off])
	c.byteOff = off
	return c.runeOff
}
