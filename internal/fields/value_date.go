package fields

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Locale carries what the document tells us about how it writes dates.
type Locale struct {
	Language string // ISO 639-1, "" when unknown
	Country  string // ISO 3166-1 alpha-2, "" when unknown
}

// monthFirst reports whether an ambiguous numeric date (both parts <= 12)
// is month-first. Only US English writes dates that way; every other
// language we read, and English without a US country, is day-first.
func (l Locale) monthFirst() bool {
	return l.Language == "en" && strings.EqualFold(l.Country, "US")
}

// months maps folded month names and abbreviations in EN, TR, DE, FR, ES,
// IT and NL to month numbers. Colliding spellings (e.g. "mai" in DE and FR)
// agree on the month, so one table serves every language.
var months = func() map[string]int {
	names := [][]string{
		{"january", "jan", "ocak", "januar", "janner", "janvier", "janv", "enero", "ene", "gennaio", "januari"},
		{"february", "feb", "subat", "februar", "fevrier", "fevr", "fev", "febrero", "febbraio", "februari"},
		{"march", "mar", "mart", "marz", "maerz", "mars", "marzo", "maart", "mrz"},
		{"april", "apr", "nisan", "avril", "avr", "abril", "abr", "aprile"},
		{"may", "mayis", "mai", "mayo", "maggio", "mei"},
		{"june", "jun", "haziran", "juni", "juin", "junio", "giugno"},
		{"july", "jul", "temmuz", "juli", "juillet", "juil", "julio", "luglio"},
		{"august", "aug", "agustos", "aout", "agosto", "augustus", "ago"},
		{"september", "sep", "sept", "eylul", "septembre", "septiembre", "setiembre", "settembre"},
		{"october", "oct", "ekim", "oktober", "okt", "octobre", "octubre", "ottobre"},
		{"november", "nov", "kasim", "novembre", "noviembre"},
		{"december", "dec", "aralik", "dezember", "dez", "decembre", "diciembre", "dic", "dicembre"},
	}
	m := map[string]int{}
	for i, ns := range names {
		for _, n := range ns {
			m[n] = i + 1
		}
	}
	return m
}()

var (
	reISODate = regexp.MustCompile(`^(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?:[T ].*)?$`)
	reNumDate = regexp.MustCompile(`^(\d{1,2})([-./])(\d{1,2})([-./])(\d{2}|\d{4})$`)
	reDayNum  = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th|er|\.|º|°)?$`)
	reYear    = regexp.MustCompile(`^(\d{4})$`)
	// reDateHour is a day-first date whose four-digit year OCR glued to
	// the hour of the time after it.
	reDateHour = regexp.MustCompile(`^(\d{1,2}[-./]\d{1,2}[-./]\d{4})(\d{2})$`)
)

// ParseDate normalises one date written in any of the supported spellings
// to YYYY-MM-DD.
func ParseDate(s string, loc Locale) (string, bool) {
	words := strings.Fields(s)
	iso, n, _ := parseDateWords(words, loc)
	if n == 0 || n != len(words) {
		return "", false
	}
	return iso, true
}

// parseDateWords reads a date from the start of words and returns it, the
// number of words used and a quality in (0,1]: 1 for unambiguous spellings,
// lower when the day/month order was decided by locale alone.
func parseDateWords(words []string, loc Locale) (string, int, float64) {
	if len(words) == 0 {
		return "", 0, 0
	}
	w0 := strings.TrimRight(words[0], ",;:).")
	w0 = strings.TrimLeft(w0, "(")
	if m := reISODate.FindStringSubmatch(w0); m != nil {
		if iso, ok := mkDate(m[1], m[2], m[3]); ok {
			return iso, 1, 1
		}
	}
	n := 1
	repaired := false
	if m := reDateHour.FindStringSubmatch(w0); m != nil && len(words) > 1 && strings.HasPrefix(words[1], ":") {
		if h, _ := strconv.Atoi(m[2]); h <= 23 {
			w0 = m[1] // "04-06-201815 :53:52": the hour of the time glued to the year
		}
	}
	if !reNumDate.MatchString(w0) {
		if j, k := joinSplitDate(words); k > 0 {
			w0, n = strings.TrimRight(j, ",;:)"), k // OCR split "30- 04-18"
		} else if r, ok := repairDateToken(w0); ok {
			w0, repaired = r, true
		}
	}
	if m := reNumDate.FindStringSubmatch(w0); m != nil && m[2] == m[4] {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		y := m[5]
		q := 1.0
		dayFirst := true
		switch {
		case a > 12 && b <= 12:
		case b > 12 && a <= 12:
			dayFirst = false
		case a == b:
		default:
			// Dots are a day-first convention everywhere; slashes and
			// dashes follow the document's locale.
			if m[2] != "." && loc.monthFirst() {
				dayFirst = false
			}
			q = 0.85
		}
		d, mo := a, b
		if !dayFirst {
			d, mo = b, a
		}
		if repaired {
			q *= 0.8
		}
		if iso, ok := mkDate(y, strconv.Itoa(mo), strconv.Itoa(d)); ok {
			return iso, n, q
		}
		return "", 0, 0
	}
	if parts := splitMonthToken(w0); parts != nil {
		if iso, k, q := parseWordDate(parts); k == 3 {
			return iso, 1, q // "25/FEB/2017"
		}
	}
	return parseWordDate(words)
}

// parseWordDate reads dates with a month name: "15 Mayıs 2025",
// "15. Mai 2025", "15 de mayo de 2025", "May 15, 2025", "3rd March 2025".
func parseWordDate(words []string) (string, int, float64) {
	var day, month int
	var year string
	i := 0
	limit := min(len(words), 6)
	for ; i < limit; i++ {
		t := foldToken(words[i])
		if t == "" || t == "de" || t == "del" || t == "of" || t == "le" {
			if i == 0 {
				return "", 0, 0
			}
			continue
		}
		if mo, ok := months[strings.TrimSuffix(t, ".")]; ok && month == 0 {
			month = mo
		} else if m := reDayNum.FindStringSubmatch(t); m != nil && day == 0 && year == "" {
			day, _ = strconv.Atoi(m[1])
		} else if m := reYear.FindStringSubmatch(t); m != nil && year == "" && month != 0 {
			year = m[1]
			i++
			break
		} else if year == "" && month != 0 && day != 0 && len(t) == 2 && isDigits(t) {
			year = t // "30 DEC 17": a two-digit year after a month name
			i++
			break
		} else {
			return "", 0, 0
		}
	}
	if day == 0 || month == 0 || year == "" {
		return "", 0, 0
	}
	iso, ok := mkDate(year, strconv.Itoa(month), strconv.Itoa(day))
	if !ok {
		return "", 0, 0
	}
	return iso, i, 1
}

func mkDate(y, m, d string) (string, bool) {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if len(y) == 2 {
		yi += 2000
		if yi > time.Now().Year()+20 {
			yi -= 100
		}
	}
	if yi < 1900 || yi > 2200 || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return "", false
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di), true
}

// digitLookalikes are the letters OCR reads for digits inside a number.
var digitLookalikes = strings.NewReplacer("O", "0", "o", "0", "D", "0", "Q", "0", "I", "1", "l", "1", "|", "1")

// repairDateToken reads a numeric date OCR bent: a letter for a digit
// ("O7/01/18", "D2/O2/17") or a label glued on ("Date:11/03/18",
// "Dater11/03/18", where ":" was read as "r"). The longest tail of the
// token that is a date once look-alike letters are read as digits wins;
// the token must carry at least four real digits and two separators, so
// that words are never read as dates.
func repairDateToken(w string) (string, bool) {
	digits, seps := 0, 0
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '/' || r == '-' || r == '.':
			seps++
		}
	}
	if digits < 4 || seps < 2 || len(w) > 24 {
		return "", false
	}
	for i := range w {
		if i > 0 && !dateLabelPrefix(w[:i]) {
			continue // "HD03-04-06" is a product code, not a date
		}
		tail := digitLookalikes.Replace(w[i:])
		if reNumDate.MatchString(tail) {
			return tail, true
		}
	}
	return "", false
}

// dateLabelPrefix reports a date label glued to its value: "Date:",
// "Dater" (the colon read as a letter), "Tarikh:", "Datum:".
func dateLabelPrefix(p string) bool {
	f := strings.ToLower(strings.TrimRight(p, ":;.,= "))
	if f == "" {
		return true // ":28/04/18": the label was a word of its own
	}
	for _, l := range []string{"date", "dated", "tarikh", "datum", "fecha", "tarih", "data"} {
		if f == l || (len(f) == len(l)+1 && strings.HasPrefix(f, l)) {
			return true
		}
	}
	return false
}
