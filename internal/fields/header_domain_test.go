package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
)

// TestFooterDomainNamesTheIssuer: of two blocks side by side at the top,
// the one whose name the footer's mail domain repeats is the company's
// (an ERP layout that puts the recipient in the envelope window at the
// left and the company at the right). A domain printed inside the header
// proves nothing.
func TestFooterDomainNamesTheIssuer(t *testing.T) {
	t.Parallel()
	type word struct {
		text   string
		x0, x1 float64
	}
	build := func(mailY float64) *doc.Layout {
		rows := []struct {
			y     float64
			lines [][]word
		}{
			{0.05, [][]word{{{"Invoice", 0.08, 0.16}, {"103767", 0.17, 0.25}}}},
			{0.12, [][]word{{{"Adatum", 0.08, 0.16}, {"Corporation", 0.17, 0.30}}, {{"CRONUS", 0.78, 0.87}, {"DE", 0.88, 0.91}}}},
			{0.135, [][]word{{{"Station", 0.08, 0.15}, {"Road,", 0.16, 0.21}, {"21", 0.22, 0.24}}, {{"Hofstraße", 0.80, 0.90}, {"12", 0.91, 0.93}}}},
			{0.15, [][]word{{{"48436", 0.08, 0.14}, {"Düsseldorf", 0.15, 0.26}}, {{"20097", 0.80, 0.86}, {"Hamburg", 0.87, 0.95}}}},
			{0.30, [][]word{{{"Subtotal", 0.60, 0.70}, {"573.00", 0.85, 0.93}}}},
			{mailY, [][]word{{{"Email", 0.70, 0.76}, {"info@cronus.com", 0.77, 0.93}}}},
		}
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Width: 595, Height: 842, Source: doc.SourcePDFText})
		for _, r := range rows {
			for _, ln := range r.lines {
				for _, w := range ln {
					b.AddWordBytes([]byte(w.text), doc.Box{X0: w.x0, Y0: r.y, X1: w.x1, Y1: r.y + 0.0105}, 1)
				}
				b.EndLine()
			}
		}
		return b.Layout()
	}
	if got := values(Extract(build(0.9), supplierSpec, Options{}))["issuer"]; got != "CRONUS DE" {
		t.Errorf("issuer = %v, want CRONUS DE (the footer prints cronus.com)", got)
	}
	if got := values(Extract(build(0.165), supplierSpec, Options{}))["issuer"]; got != "Adatum Corporation" {
		t.Errorf("issuer = %v, want Adatum Corporation (the domain is printed in the header)", got)
	}
}
