package fields

import "testing"

// TestOCRSplitValues covers amounts and dates OCR splits at a separator or
// glues to a currency, and the shapes that must stay apart.
func TestOCRSplitValues(t *testing.T) {
	t.Parallel()
	amounts := []struct {
		name, in string
		want     float64
		cur      string
		ok       bool
	}{
		{"split decimal", "79. 35", 79.35, "", true},
		{"split decimal comma", "11, 80", 11.80, "", true},
		{"ringgit spaced", "RM 50.80", 50.80, "MYR", true},
		{"ringgit glued", "RM8.20", 8.20, "MYR", true},
		{"lira glued after", "12,50TL", 12.50, "TRY", true},
		{"zloty glued after", "9,99zł", 9.99, "PLN", true},
		{"code glued", "EUR100", 100, "EUR", true},
		{"dollar glued", "$8.20", 8.20, "USD", true},
		{"not a currency prefix", "AB8.20", 0, "", false},
		{"two numbers stay apart", "3. 2024", 0, "", false},
	}
	for _, c := range amounts {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v, cur, ok := ParseAmount(c.in)
			if ok != c.ok || (ok && (v != c.want || cur != c.cur)) {
				t.Errorf("ParseAmount(%q) = %v, %q, %v; want %v, %q, %v", c.in, v, cur, ok, c.want, c.cur, c.ok)
			}
		})
	}
	dates := []struct{ in, want string }{
		{"30- 04-18", "2018-04-30"},
		{"30- 04- 18", "2018-04-30"},
		{"17/ 01/2018", "2018-01-17"},
		{"25/FEB/2017", "2017-02-25"},
		{"14-Mar-18", "2018-03-14"},
		{"30 DEC 17", "2017-12-30"},
		{"24. -03-18", "2018-03-24"},
		{"14fMay/2017", "2017-05-14"},
		{"14fXyz/2017", ""},
		{"24. 03-18", ""},
		{"30- 13-18", ""},
		{"30 - 04", ""},
		{"05 02-18", "2018-02-05"}, // the first separator read as a space
		{"05 02/2018", "2018-02-05"},
		{"32 02-18", ""}, // no day
		{"05 13-18", ""}, // no month
		{"05 02-183", ""},
	}
	for _, c := range dates {
		t.Run(c.in, func(t *testing.T) {
			t.Parallel()
			if got, _ := ParseDate(c.in, Locale{}); got != c.want {
				t.Errorf("ParseDate(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}
