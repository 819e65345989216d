package corpuseval

import "testing"

func TestTruthDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"17/01/2018", "2018-01-17"},
		{"30-04-18", "2018-04-30"},
		{"02.03.2018", "2018-03-02"},
		{"2018-03-27", "2018-03-27"},
		{"12 MAR 2018", "2018-03-12"},
		{"05 Jan 2017", "2017-01-05"},
		{"OCT 3, 2016", "2016-10-03"}, // the month named first
	} {
		got, err := TruthDate(c.in)
		if err != nil || got != c.want {
			t.Errorf("TruthDate(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "2018", "31/02/2018", "xx/yy/zz"} {
		if got, err := TruthDate(bad); err == nil {
			t.Errorf("TruthDate(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	if !SameText("  teo heng\nSTATIONERY ", "TEO HENG STATIONERY") {
		t.Error("case and white space must not count")
	}
	if SameText("TEO HENG", "TEO HENG STATIONERY") {
		t.Error("a shorter name is not the same")
	}
	for _, c := range []struct {
		got  any
		want string
		ok   bool
	}{
		{27.55, "27.55", true}, {"27.55", "27.55", true}, {27.5, "27.55", false},
		{int64(9), "9.00", true}, {nil, "1.00", false}, {"1,234.50", "1234.50", true},
		{8.2, "$8.20", true}, {3.9, "RM 3.90", true}, {29.3, "RM29.30", true}, {29.3, "RM29.00", false},
	} {
		if SameAmount(c.got, c.want) != c.ok {
			t.Errorf("SameAmount(%v, %q) != %v", c.got, c.want, c.ok)
		}
	}
	if !SameDate("2018-01-17", "17/01/2018") || SameDate("2018-01-18", "17/01/2018") || SameDate(nil, "17/01/2018") {
		t.Error("SameDate compares the calendar day")
	}
}
