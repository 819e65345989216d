package bizdocs

import (
	"fmt"
	"math"
	"strings"

	"github.com/quarrydev/quarry/internal/doc"
)

const (
	left  = 50.0
	right = 545.0
)

// header draws the title and, half of the time, the issuing company as an
// unlabelled letterhead.
func (g *gen) header(typ, issuerField, issuer string, letterhead bool) {
	g.c.setSize(16)
	g.c.right(right, 60, g.pick(titles[typ][g.lang]))
	g.y = 100
	if letterhead {
		g.c.setSize(13)
		g.record(issuerField, issuer, g.c.text(left, 60, issuer))
		// An address under the letterhead: realistic clutter that no
		// field asks for.
		g.c.setSize(8)
		g.c.text(left, 74, g.pick(streets[g.lang]))
		g.c.text(left, 84, g.pick(cities[g.lang]))
		g.y = 110
	}
	g.c.setSize(10)
}

// footer prints contact details at the bottom of the page.
func (g *gen) footer() {
	g.c.setSize(8)
	g.c.text(left, 800, fmt.Sprintf("Tel. +%d %d %d · info@example.%s · %s", 30+g.r.IntN(60), 100+g.r.IntN(900), 1000000+g.r.IntN(9000000), map[string]string{"en": "com", "tr": "com.tr", "de": "de", "fr": "fr", "es": "es"}[g.lang], g.pick(cities[g.lang])))
	g.c.setSize(10)
}

// bare drops the colon of a label half of the time in label-left layouts,
// where the gap alone separates label and value.
func (g *gen) bare(label string) string {
	if g.layout == "label_left" && g.r.IntN(2) == 0 {
		return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(label), ":"))
	}
	return label
}

// entries draws header fields in the document's layout.
func (g *gen) entries(es []entry) {
	c := g.c
	var narrow, wide []entry
	for _, e := range es {
		if g.layout == "two_column" && (len(e.text) > 18) {
			wide = append(wide, e)
		} else {
			narrow = append(narrow, e)
		}
	}
	switch g.layout {
	case "label_left":
		for _, e := range narrow {
			c.text(left, g.y, g.bare(e.label))
			g.record(e.field, e.value, c.text(left+150, g.y, e.text))
			g.y += 16
		}
	case "inline":
		for _, e := range narrow {
			c.text(left, g.y, e.label)
			g.record(e.field, e.value, c.text(left+c.width(e.label)+c.width(" "), g.y, e.text))
			g.y += 16
		}
	case "label_above":
		for i := 0; i < len(narrow); i += 3 {
			for k := 0; k < 3 && i+k < len(narrow); k++ {
				e := narrow[i+k]
				x := left + float64(k)*175
				c.text(x, g.y, e.label)
				g.record(e.field, e.value, c.text(x, g.y+13, e.text))
			}
			g.y += 34
		}
	case "two_column":
		half := (len(narrow) + 1) / 2
		for i := 0; i < half; i++ {
			c.setSize(9)
			e := narrow[i]
			c.text(left, g.y, e.label)
			g.record(e.field, e.value, c.text(left+110, g.y, e.text))
			if i+half < len(narrow) {
				e2 := narrow[i+half]
				c.text(310, g.y, e2.label)
				g.record(e2.field, e2.value, c.text(425, g.y, e2.text))
			}
			g.y += 15
		}
		c.setSize(10)
		for _, e := range wide {
			c.text(left, g.y, e.label)
			g.record(e.field, e.value, c.text(left+150, g.y, e.text))
			g.y += 16
		}
	}
	g.y += 14
}

// column of a generated table: heading and alignment edge.
type col struct {
	field string // schema member name
	label string // labels key
	x     float64
	right bool
}

// table draws rows under a header and records their truth.
func (g *gen) table(cols []col, rows [][]string, truth []map[string]any) {
	c := g.c
	for _, k := range cols {
		h := g.label(k.label)
		if k.right {
			c.right(k.x, g.y, h)
		} else {
			c.text(k.x, g.y, h)
		}
	}
	g.c.pdf.Line(left, g.y+4, right, g.y+4)
	g.y += 18
	for ri, row := range rows {
		m := map[string]Value{}
		for ci, k := range cols {
			var bs []doc.Box
			if k.right {
				bs = c.right(k.x, g.y, row[ci])
			} else {
				bs = c.text(k.x, g.y, row[ci])
			}
			if k.field != "" {
				m[k.field] = Value{Value: truth[ri][k.field], Page: 1, Box: union(bs)}
			}
		}
		g.d.Rows = append(g.d.Rows, m)
		g.y += 16
	}
	g.y += 10
}

// totals draws label/amount pairs right-aligned under the table.
func (g *gen) totals(fields []string, amounts []float64, cur string, symbolFirst bool) {
	c := g.c
	for i, f := range fields {
		c.text(330, g.y, g.label(f))
		s := g.moneyCur(amounts[i], cur, symbolFirst)
		g.record(f, round2(amounts[i]), c.right(right, g.y, s))
		g.y += 16
	}
}

func (g *gen) moneyCur(v float64, cur string, symbolFirst bool) string {
	if symbolFirst {
		return cur + g.money(v)
	}
	if g.r.IntN(4) == 0 {
		// ISO code in front: "EUR 1.234,56".
		code := map[string]string{"$": "USD", "£": "GBP", "€": "EUR", "TL": "TRY"}[cur]
		if code != "" {
			return code + " " + g.money(v)
		}
	}
	return g.money(v) + " " + cur
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func fmtQty(q float64) string { return fmt.Sprint(q) }
