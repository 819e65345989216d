package fields

import (
	"testing"

	"github.com/quarrydev/quarry/internal/api"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		name, in string
		loc      Locale
		want     string
	}{
		{"dotted day first", "15.05.2025", Locale{}, "2025-05-15"},
		{"slash day first", "03/04/2025", Locale{Language: "fr"}, "2025-04-03"},
		{"slash US", "03/04/2025", Locale{Language: "en", Country: "US"}, "2025-03-04"},
		{"day over twelve decides", "05/15/2025", Locale{Language: "de"}, "2025-05-15"},
		{"iso", "2025-05-15", Locale{}, "2025-05-15"},
		{"turkish", "15 Mayıs 2025", Locale{}, "2025-05-15"},
		{"german", "15. Mai 2025", Locale{}, "2025-05-15"},
		{"french", "15 mai 2025", Locale{}, "2025-05-15"},
		{"spanish", "15 de mayo de 2025", Locale{}, "2025-05-15"},
		{"english month first", "May 15, 2025", Locale{}, "2025-05-15"},
		{"invalid day", "31.02.2025", Locale{}, ""},
		{"full stop ending a sentence", "06/09/2017.", Locale{}, "2017-09-06"},
		{"iso with a full stop", "2017-09-06.", Locale{}, "2017-09-06"},
		{"OCR letter for a digit", "O7/01/18", Locale{}, "2018-01-07"},
		{"OCR letters in day and month", "D2/O2/17", Locale{}, "2017-02-02"},
		{"label glued on", "Date:11/03/18", Locale{}, "2018-03-11"},
		{"glued label with the colon misread", "Dater11/03/18", Locale{}, "2018-03-11"},
		{"colon glued on", ":28/04/18", Locale{}, "2018-04-28"},
		{"product code is no date", "HD03-04-06", Locale{}, ""},
		{"word with letters only", "DOD/OO/DD", Locale{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := ParseDate(tc.in, tc.loc)
			if got != tc.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseAmount(t *testing.T) {
	cases := []struct {
		name, in string
		want     float64
		cur      string
	}{
		{"german", "1.234,56", 1234.56, ""},
		{"english", "1,234.56", 1234.56, ""},
		{"french spaces euro", "1 234,56 €", 1234.56, "EUR"},
		{"swiss", "1'234.56", 1234.56, ""},
		{"brackets negative", "(123.45)", -123.45, ""},
		{"trailing minus", "123,45-", -123.45, ""},
		{"symbol glued", "$1,234.50", 1234.5, "USD"},
		{"lira code", "1.200,00 TL", 1200, "TRY"},
		{"closing bracket glued by OCR", "63.60)", 63.60, ""},
		{"rule glued by OCR", "10.50]", 10.50, ""},
		{"the label's colon glued", ":12.50", 12.50, ""},
		{"the label's colon glued to a minus", ":-0.01", -0.01, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, cur, ok := ParseAmount(tc.in)
			if !ok || v != tc.want || cur != tc.cur {
				t.Errorf("ParseAmount(%q) = %v %q %v, want %v %q", tc.in, v, cur, ok, tc.want, tc.cur)
			}
		})
	}
	if v, _, ok := ParseAmount(":29"); ok {
		t.Errorf("ParseAmount(\":29\") = %v, want none (half of a time \"14 :29\")", v)
	}
}

func TestGradeBox(t *testing.T) {
	cases := []struct {
		name    string
		b       api.BoundingBox
		quality string
		score   float64
	}{
		{"zero width", api.BoundingBox{XMin: 0.2, YMin: 0.2, XMax: 0.2, YMax: 0.3}, api.BoxInvalid, 0},
		{"whole page", api.BoundingBox{XMin: 0, YMin: 0, XMax: 1, YMax: 0.95}, api.BoxSuspicious, 0.2},
		{"sliver", api.BoundingBox{XMin: 0.1, YMin: 0.1, XMax: 0.9, YMax: 0.11}, api.BoxPoor, 0.4},
		{"word", api.BoundingBox{XMin: 0.1, YMin: 0.1, XMax: 0.2, YMax: 0.12}, api.BoxGood, 1},
		{"word on left edge", api.BoundingBox{XMin: 0, YMin: 0.1, XMax: 0.1, YMax: 0.12}, api.BoxGood, 0.95},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.b
			GradeBox(&b)
			if b.Quality != tc.quality || b.QualityScore != tc.score {
				t.Errorf("got %s %.3f, want %s %.3f", b.Quality, b.QualityScore, tc.quality, tc.score)
			}
		})
	}
}

func TestSplitName(t *testing.T) {
	for in, want := range map[string]string{"invoiceNumber": "invoice number", "vendor_tax_id": "vendor tax id", "IBANCode": "iban code"} {
		if got := SplitName(in); got != want {
			t.Errorf("SplitName(%q) = %q, want %q", in, got, want)
		}
	}
}

// OCR glues the hour of a time to the year before it ("04-06-2018
// 15:53:52" read "04-06-201815 :53:52"); the colon after it says so. A
// six-digit year with no time after it stays unread.
func TestDateWithTheHourGlued(t *testing.T) {
	t.Parallel()
	if iso, n, _ := parseDateWords([]string{"04-06-201815", ":53:52"}, Locale{}); iso != "2018-06-04" || n != 1 {
		t.Errorf("glued hour: got %q over %d words, want 2018-06-04 over 1", iso, n)
	}
	if iso, _, _ := parseDateWords([]string{"04-06-201815"}, Locale{}); iso != "" {
		t.Errorf("no time after it: got %q, want nothing", iso)
	}
	if iso, _, _ := parseDateWords([]string{"04-06-201899", ":53:52"}, Locale{}); iso != "" {
		t.Errorf("no hour 99: got %q, want nothing", iso)
	}
}
