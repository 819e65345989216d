package fields

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

func voteSpec() api.DocumentTypeSpec {
	date := "date"
	return api.DocumentTypeSpec{ID: "r", FieldGroups: []api.FieldGroup{{Name: "g", Fields: []api.Field{
		{Name: "company", Type: api.TypeString},
		{Name: "date", Type: api.TypeString, Format: &date},
		{Name: "total", Type: api.TypeNumber},
		{Name: "items", Type: api.TypeArray},
	}}}}
}

// reading builds one reading's extraction: company, date, total (nil for
// a value the reading did not find) and a box marking which reading it is.
func reading(n int, company, date, total any) []api.ExtractedGroup {
	box := &api.BoundingBox{XMin: float64(n) / 10}
	f := func(name string, v any) api.ExtractedField {
		if v == nil {
			return api.ExtractedField{Name: name}
		}
		return api.ExtractedField{Name: name, Value: v, Confidence: 0.8, BBox: box}
	}
	return []api.ExtractedGroup{{Name: "g", Fields: []api.ExtractedField{
		f("company", company), f("date", date), f("total", total),
		{Name: "items", Value: []any{n}},
	}}}
}

// vote runs Vote over readings whose layouts are not at hand.
func vote(kept []api.ExtractedGroup, others ...[]api.ExtractedGroup) {
	var rs []Reading
	for _, o := range others {
		rs = append(rs, Reading{Groups: o})
	}
	Vote(voteSpec(), Reading{Groups: kept}, rs)
}

func TestVote(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		readings [][]api.ExtractedGroup
		want     []any // company, date, total
		from     []int // the reading each value's box comes from
	}{{
		name: "one stray letter loses to the readings that agree on the text",
		readings: [][]api.ExtractedGroup{
			reading(0, "SANYO STATIONERY SHOP", "2018-03-11", 9.9),
			reading(1, "SANYU STATIONERY SHOP", "2018-03-11", 9.9),
			reading(2, "SANYU STATIONERY SHOP.", "2018-03-11", 9.9),
			reading(3, "SANYU STATI0NERY SHOP", "2018-03-11", 9.9),
		},
		want: []any{"SANYU STATIONERY SHOP", "2018-03-11", 9.9},
		from: []int{1, 0, 0},
	}, {
		name: "a date and an amount go to the value most readings return; ties keep the kept reading",
		readings: [][]api.ExtractedGroup{
			reading(0, "A SDN BHD", "2018-06-17", 14.18),
			reading(1, "A SDN BHD", "2018-05-17", 14.2),
			reading(2, "A SDN BHD", "2018-05-17", 14.18),
			reading(3, "A SDN BHD", "2018-06-17", 14.2),
		},
		want: []any{"A SDN BHD", "2018-06-17", 14.18},
		from: []int{0, 0, 0},
	}, {
		name: "a value only another reading found fills the gap",
		readings: [][]api.ExtractedGroup{
			reading(0, nil, nil, nil),
			reading(1, nil, "2018-01-02", 3.5),
			reading(2, "KEDAI RUNCIT", nil, nil),
		},
		want: []any{"KEDAI RUNCIT", "2018-01-02", 3.5},
		from: []int{2, 1, 1},
	}, {
		name: "a name no other reading came near loses to one they resemble",
		readings: [][]api.ExtractedGroup{
			reading(0, "TAX INVOICE", nil, 1.0),
			reading(1, "MR. D.I.Y. (M) SDN BHD", nil, 1.0),
			reading(2, "MR. D.1.Y. (M) SDN BHD", nil, 1.0),
		},
		want: []any{"MR. D.I.Y. (M) SDN BHD", nil, 1.0},
		from: []int{1, -1, 0},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			groups := c.readings[0]
			vote(groups, c.readings[1:]...)
			for i, name := range []string{"company", "date", "total"} {
				f := groups[0].Fields[i]
				if f.Name != name || f.Value != c.want[i] {
					t.Errorf("%s = %v, want %v", name, f.Value, c.want[i])
				}
				if c.from[i] >= 0 && (f.BBox == nil || f.BBox.XMin != float64(c.from[i])/10) {
					t.Errorf("%s: box %v, want reading %d's", name, f.BBox, c.from[i])
				}
			}
			if items := groups[0].Fields[3].Value.([]any); items[0] != 0 {
				t.Errorf("an array was replaced by reading %v's", items[0])
			}
		})
	}
}

// A winning value one reading computed without a box takes the box of a
// reading that found the same value printed.
func TestVoteGroundsAComputedWinner(t *testing.T) {
	t.Parallel()
	groups := reading(0, nil, nil, 9.0)
	computed := reading(1, nil, nil, 12.5)
	computed[0].Fields[2].BBox = nil
	vote(groups, computed, reading(2, nil, nil, 12.5))
	if f := groups[0].Fields[2]; f.Value != 12.5 || f.BBox == nil || f.BBox.XMin != 0.2 {
		t.Errorf("total = %v with box %v, want 12.5 with reading 2's box", f.Value, f.BBox)
	}
}

// Texts far longer than a field value are compared whole, so a hostile
// page cannot make the vote quadratic in its length.
func TestVoteLongTextsStayLinear(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("A", 1<<20)
	groups := reading(0, long+"B", nil, nil)
	vote(groups, reading(1, long+"C", nil, nil), reading(2, long+"C", nil, nil))
	if got := groups[0].Fields[0].Value.(string); !strings.HasSuffix(got, "C") {
		t.Errorf("the two readings that agree lost to the kept one")
	}
	if d := textDistance(long+"B", long+"C"); d != 1 {
		t.Errorf("textDistance of two long texts = %v, want 1 (compared whole)", d)
	}
}

// An amount printed with its cents in one reading outvotes readings where
// OCR lost the decimal point; with no cents printed anywhere the plain
// majority stands.
func TestVotePrefersAmountsPrintedWithCents(t *testing.T) {
	t.Parallel()
	page := func(total string) *doc.Layout {
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Width: 100, Height: 100, Source: doc.SourceOCR})
		ws := []doc.Word{{Text: "TOTAL", Box: doc.Box{X0: 0.1, Y0: 0.5, X1: 0.3, Y1: 0.55}, Conf: 0.9}}
		parts := strings.Fields(total) // OCR may split an amount: "R29 . 30"
		for i, p := range parts {
			x := 0.6 + 0.2*float64(i)/float64(len(parts))
			ws = append(ws, doc.Word{Text: p, Box: doc.Box{X0: x, Y0: 0.5, X1: x + 0.2/float64(len(parts)) - 0.01, Y1: 0.55}, Conf: 0.9})
		}
		b.AddLine(ws)
		b.EndPage()
		return b.Layout()
	}
	read := func(n int, printed string, v float64) Reading {
		g := reading(n, nil, nil, v)
		g[0].Fields[2].BBox = &api.BoundingBox{XMin: 0.6, YMin: 0.5, XMax: 0.8, YMax: 0.55}
		g[0].Fields[2].Pages = []int{1}
		return Reading{Layout: page(printed), Groups: g}
	}
	kept := read(0, "2980", 2980)
	Vote(voteSpec(), kept, []Reading{read(1, "2980", 2980), read(2, "29.80", 29.8)})
	if got := kept.Groups[0].Fields[2].Value; got != 29.8 {
		t.Errorf("total = %v, want 29.8 (the only reading with cents)", got)
	}
	kept = read(0, "30", 30)
	Vote(voteSpec(), kept, []Reading{read(1, "30", 30), read(2, "R29 . 30", 29.3)})
	if got := kept.Groups[0].Fields[2].Value; got != 29.3 {
		t.Errorf("total = %v, want 29.3 (cents printed across words)", got)
	}
	// A sum the reading computed (tendered minus change), boxed nowhere or
	// on a line printing something else, did not lose its cents.
	computed := func(n int, printed string) Reading {
		r := read(n, printed, 29.8)
		if printed == "" {
			r.Groups[0].Fields[2].BBox = nil
		}
		return r
	}
	kept = computed(0, "")
	Vote(voteSpec(), kept, []Reading{read(1, "28.11", 28.11), computed(2, "28.1%"), read(3, "28.11", 28.11), computed(4, "")})
	if got := kept.Groups[0].Fields[2].Value; got != 29.8 {
		t.Errorf("total = %v, want the computed 29.8 three readings agree on", got)
	}
	kept = read(0, "20", 20)
	Vote(voteSpec(), kept, []Reading{read(1, "20", 20), read(2, "26", 26)})
	if got := kept.Groups[0].Fields[2].Value; got != 20.0 {
		t.Errorf("total = %v, want the majority's 20 when no reading printed cents", got)
	}
}

// TestVoteReadingsSilentOnALine: readings that lost the first line of a
// name printed over two lines neither outvote nor trim the readings that
// read it; a reading that printed other words there still counts against.
func TestVoteReadingsSilentOnALine(t *testing.T) {
	t.Parallel()
	// page lays out the given lines (y from 0.05, one line each 0.04).
	page := func(lines ...string) *doc.Layout {
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Width: 100, Height: 100, Source: doc.SourceOCR})
		for i, ln := range lines {
			y := 0.05 + 0.04*float64(i)
			var ws []doc.Word
			for k, w := range strings.Fields(ln) {
				x := 0.1 + 0.15*float64(k)
				ws = append(ws, doc.Word{Text: w, Box: doc.Box{X0: x, Y0: y, X1: x + 0.12, Y1: y + 0.03}, Conf: 0.9})
			}
			if len(ws) > 0 {
				b.AddLine(ws)
			}
		}
		b.EndPage()
		return b.Layout()
	}
	read := func(n int, l *doc.Layout, company string, y0 float64) Reading {
		g := reading(n, company, nil, nil)
		g[0].Fields[0].BBox = &api.BoundingBox{XMin: 0.1, YMin: y0, XMax: 0.67, YMax: 0.12}
		g[0].Fields[0].Pages = []int{1}
		return Reading{Layout: l, Groups: g}
	}
	full := "NORTH STAR BOOK CO. (M) SDN BHD"
	both := page("NORTH STAR BOOK", "CO. (M) SDN BHD")
	lost := page("", "CO. (M) SDN BHD")
	// Three readings lost the first line, two read it.
	kept := read(0, lost, "CO. (M) SDN BHD", 0.09)
	Vote(voteSpec(), kept, []Reading{
		read(1, lost, "CO. (M) SDN BHD", 0.09), read(2, both, full, 0.05),
		read(3, both, full, 0.05), read(4, lost, "CO. (M) SDN BHD", 0.09),
	})
	if got := kept.Groups[0].Fields[0].Value; got != full {
		t.Errorf("company = %v, want %q (the shorter readings saw nothing above)", got, full)
	}
	// The same, but the shorter readings printed another line there: they
	// read something else, and the majority keeps the shorter value.
	other := page("TEL 03-1234", "CO. (M) SDN BHD")
	kept = read(0, other, "CO. (M) SDN BHD", 0.09)
	Vote(voteSpec(), kept, []Reading{
		read(1, other, "CO. (M) SDN BHD", 0.09), read(2, both, full, 0.05),
		read(3, both, full, 0.05), read(4, other, "CO. (M) SDN BHD", 0.09),
	})
	if got := kept.Groups[0].Fields[0].Value; got != "CO. (M) SDN BHD" {
		t.Errorf("company = %v, want the majority's shorter value", got)
	}
	// A word split differently on the same line is no missing line.
	same := page("NO.1, JALAN MAJU")
	split := page("NO. 1, JALAN MAJU")
	kept = read(0, same, "NO.1, JALAN MAJU", 0.05)
	Vote(voteSpec(), kept, []Reading{read(1, same, "NO.1, JALAN MAJU", 0.05), read(2, split, "NO. 1, JALAN MAJU", 0.05)})
	if got := kept.Groups[0].Fields[0].Value; got != "NO.1, JALAN MAJU" {
		t.Errorf("company = %v, want the value as two readings print it", got)
	}
}

// TestVoteTieGoesToThePrintedAmount: two amounts as many readings
// returned, one of them only arithmetic made (a misread change taken
// from what was tendered): the one the page prints wins, whichever
// reading comes first.
func TestVoteTieGoesToThePrintedAmount(t *testing.T) {
	t.Parallel()
	page := func(texts ...string) *doc.Layout {
		b := doc.NewBuilder()
		b.StartPage(doc.Page{Width: 100, Height: 100, Source: doc.SourceOCR})
		for i, s := range texts {
			y := 0.1 + 0.1*float64(i)
			b.AddLine([]doc.Word{{Text: s, Box: doc.Box{X0: 0.6, Y0: y, X1: 0.8, Y1: y + 0.05}, Conf: 0.9}})
		}
		b.EndPage()
		return b.Layout()
	}
	read := func(n int, change string, v float64) Reading {
		return Reading{Layout: page("190.00", "200.00", change), Groups: reading(n, nil, nil, v)}
	}
	kept := read(0, "16.00", 184)
	Vote(voteSpec(), kept, []Reading{read(1, "10.00", 190), read(2, "16.00", 184), read(3, "10.00", 190)})
	if got := kept.Groups[0].Fields[2].Value; got != 190.0 {
		t.Errorf("total = %v, want 190 (printed on the page, 184 nowhere)", got)
	}
	// A majority still wins over a printed minority.
	kept = read(0, "16.00", 184)
	Vote(voteSpec(), kept, []Reading{read(1, "16.00", 184), read(2, "10.00", 190)})
	if got := kept.Groups[0].Fields[2].Value; got != 184.0 {
		t.Errorf("total = %v, want the majority's 184", got)
	}
}

// TestVoteCountsWhatWasPaid: a reading whose total line OCR bent but whose
// payment lines add up to another reading's answer backs that answer.
func TestVoteCountsWhatWasPaid(t *testing.T) {
	t.Parallel()
	paid := func(v float64) map[string]float64 { return map[string]float64{"total": v} }
	run := func(paidBy []map[string]float64, totals ...any) any {
		var rs []Reading
		for i, v := range totals {
			rs = append(rs, Reading{Groups: reading(i, "A SDN BHD", "2018-01-02", v), Paid: paidBy[i]})
		}
		Vote(voteSpec(), rs[0], rs[1:])
		f, _ := fieldIn(rs[0].Groups, "g", "total")
		return f.Value
	}
	// Two readings answer 30.5 and two 30.9; three readings' payment
	// lines (101.00 - 70.10) say 30.90 was paid.
	got := run([]map[string]float64{paid(30.9), paid(30.9), nil, paid(30.9), nil}, 30.3, 30.5, 30.9, 30.5, 30.9)
	if got != 30.9 {
		t.Errorf("total = %v, want 30.9 (backed by what three readings say was paid)", got)
	}
	// Without the payment lines the kept reading's tie-break stands.
	if got := run(make([]map[string]float64, 5), 30.3, 30.5, 30.9, 30.5, 30.9); got != 30.5 {
		t.Errorf("total = %v, want 30.5 (the first of two pairs)", got)
	}
	// Half a vote: a reading that only computed the kept reading's
	// answer does not tie it with two readings that agree on another.
	if got := run([]map[string]float64{paid(7.1), paid(7.1), nil, nil}, 7.1, nil, 7.5, 7.5); got != 7.5 {
		t.Errorf("total = %v, want 7.5 (two printed totals against one and a sum)", got)
	}
}

// TestVoteRoundsForCash: readings that found the total missed the
// rounding line's amount; readings that found the payment lines say the
// total was rounded onto the cash grid. The rounded sum stands only
// where some reading saw a rounding line and two payments agree.
func TestVoteRoundsForCash(t *testing.T) {
	t.Parallel()
	run := func(rounding bool, paidBy []float64, totals ...any) any {
		var rs []Reading
		for i, v := range totals {
			r := Reading{Groups: reading(i, "A SDN BHD", "2018-01-02", v)}
			if paidBy[i] > 0 {
				r.Paid = map[string]float64{"total": paidBy[i]}
			}
			if rounding && i == 0 {
				r.Rounding = map[string]bool{"total": true}
			}
			rs = append(rs, r)
		}
		Vote(voteSpec(), rs[0], rs[1:])
		f, _ := fieldIn(rs[0].Groups, "g", "total")
		return f.Value
	}
	totals := []any{10.44, 10.44, 10.44, 10.44, 9.85, 9.85, 9.85}
	paid := []float64{0, 0, 0, 0, 10.45, 10.45, 10.45}
	if got := run(true, paid, totals...); got != 10.45 {
		t.Errorf("total = %v, want 10.45 (10.44 rounded, as three readings' payments say)", got)
	}
	if got := run(false, paid, totals...); got != 10.44 {
		t.Errorf("total = %v, want 10.44 (no rounding line: the payment was rounded, not the total)", got)
	}
	if got := run(true, []float64{0, 0, 0, 0, 10.45, 0, 0}, totals...); got != 10.44 {
		t.Errorf("total = %v, want 10.44 (one reading's payment lines are not enough)", got)
	}
	if got := run(true, []float64{0, 0, 0, 0, 10.5, 10.5, 10.5}, totals...); got != 10.44 {
		t.Errorf("total = %v, want 10.44 (10.50 is not 10.44 on the cash grid)", got)
	}
}
