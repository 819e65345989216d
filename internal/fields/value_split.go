package fields

import (
	"regexp"
	"strings"
)

// OCR splits numbers and dates at their separators when the print leaves
// a little more room after them: "79. 35", "30- 04-18", "17/ 01/2018".
// These helpers glue such pieces back before a value is parsed; they only
// join when the result has the exact shape of an amount or a date. The
// one join without a separator at the cut is a day alone before a month
// and year that carry theirs ("05 02-18"): the missing separator is the
// one the date prints.

// joinSplitDecimal glues an amount OCR split at its decimal mark: "79." +
// "35" -> "79.35", "11," + "80". Only a mark followed by exactly two digits
// is joined, so "3." and "2024" stay apart.
func joinSplitDecimal(a, b string) (string, bool) {
	if len(a) < 2 || (a[len(a)-1] != '.' && a[len(a)-1] != ',') || !isDigits(strings.TrimLeft(a[:len(a)-1], "-")) {
		return "", false
	}
	if len(b) != 2 || !isDigits(b) {
		return "", false
	}
	return a + b, true
}

// reDayAlone is a day of the month printed alone; reMonthYear is a month
// and a year joined by a separator ("02-18", "02/2018").
var (
	reDayAlone  = regexp.MustCompile(`^(0?[1-9]|[12]\d|3[01])$`)
	reMonthYear = regexp.MustCompile(`^(0?[1-9]|1[0-2])([-/.])(\d{2}|\d{4})$`)
)

// joinSplitDate glues a numeric date split after a separator: "30-" +
// "04-18", "30-" + "04-" + "18", "30" + "-04-18", and a day whose
// separator OCR read as a space, "05" + "02-18". It returns the joined
// text and how many words it used (0 when no join gives a date shape).
func joinSplitDate(words []string) (string, int) {
	if len(words) < 2 {
		return "", 0
	}
	isSep := func(b byte) bool { return b == '-' || b == '/' || b == '.' }
	if reDayAlone.MatchString(words[0]) {
		// "05 02-18": the first separator read as a space; the second
		// one says which it was.
		if m := reMonthYear.FindStringSubmatch(strings.TrimRight(words[1], ",;:)")); m != nil {
			return words[0] + m[2] + words[1], 2
		}
	}
	s := words[0]
	for n := 2; n <= 3 && n <= len(words); n++ {
		a, b := s, words[n-1]
		if a == "" || b == "" || !(isSep(a[len(a)-1]) || isSep(b[0])) {
			return "", 0
		}
		s = a + b
		if reNumDate.MatchString(strings.TrimRight(s, ",;:)")) {
			return s, n
		}
		// "24. -03-18": a speck read as a dot before the real separator.
		if d := strings.NewReplacer(".-", "-", "./", "/").Replace(s); d != s && reNumDate.MatchString(strings.TrimRight(d, ",;:)")) {
			return d, n
		}
	}
	return "", 0
}

// splitMonthToken splits "25/FEB/2017" or "14-Mar-18" into its three parts
// when the middle one is a month name, so that the word-date reader can
// take it; nil otherwise.
func splitMonthToken(w string) []string {
	parts := strings.FieldsFunc(w, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) == 3 {
		if _, ok := months[foldToken(parts[1])]; ok {
			return parts
		}
	}
	// "14fMay/2017": OCR read the first separator as a letter, glued to
	// the month's name.
	m := reBentMonthDate.FindStringSubmatch(w)
	if m == nil {
		return nil
	}
	if _, ok := months[foldToken(m[2][1:])]; !ok {
		return nil
	}
	return []string{m[1], m[2][1:], m[3]}
}

// reBentMonthDate is day, a letter standing for the separator, the month's
// name, a separator and the year.
var reBentMonthDate = regexp.MustCompile(`^(\d{1,2})([a-z][A-Za-z]{3,9})[-/.](\d{4})$`)
