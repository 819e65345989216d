package corpuseval

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// SameText compares two strings as the SROIE evaluation does: case and
// runs of white space do not count; everything else does.
func SameText(got, want string) bool {
	return normText(got) == normText(want)
}

func normText(s string) string {
	return strings.Join(strings.Fields(strings.ToUpper(s)), " ")
}

// SameAmount compares amounts to the cent; the truth is a decimal, as
// printed ("27.55", and in some SROIE keys "RM 3.90" or "$8.20": the
// currency is not part of the amount), the value a number or a string.
func SameAmount(got any, want string) bool {
	want = strings.TrimLeftFunc(strings.TrimSpace(want), func(r rune) bool { return !unicode.IsDigit(r) && r != '-' && r != '.' })
	w, err := strconv.ParseFloat(strings.ReplaceAll(want, ",", ""), 64)
	if err != nil {
		return false
	}
	var g float64
	switch v := got.(type) {
	case float64:
		g = v
	case int64:
		g = float64(v)
	case int:
		g = float64(v)
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", ""), 64)
		if err != nil {
			return false
		}
		g = f
	default:
		return false
	}
	return math.Abs(g-w) < 0.005
}

var dateParts = regexp.MustCompile(`\d+|[A-Za-z]+`)

var months = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

// TruthDate reads a date as printed on a receipt (day first, as in
// Malaysia and most of the world, unless the year or a month's name
// leads) and returns it as YYYY-MM-DD, the form Quarry answers with.
func TruthDate(s string) (string, error) {
	parts := dateParts.FindAllString(s, -1)
	if len(parts) < 3 {
		return "", fmt.Errorf("date %q: fewer than three parts", s)
	}
	num := func(p string) int {
		if m, ok := months[strings.ToUpper(p[:min(3, len(p))])]; ok && !unicode.IsDigit(rune(p[0])) {
			return m
		}
		n, _ := strconv.Atoi(p)
		return n
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = num(parts[0]), num(parts[1]), num(parts[2])
	case !unicode.IsDigit(rune(parts[0][0])):
		m, d, y = num(parts[0]), num(parts[1]), num(parts[2]) // "OCT 3, 2016": the month named first
	default:
		d, m, y = num(parts[0]), num(parts[1]), num(parts[2])
	}
	if y < 100 {
		y += 2000
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return "", fmt.Errorf("date %q: not a calendar date", s)
	}
	return t.Format("2006-01-02"), nil
}

// SameDate compares an extracted date (ISO) with a printed truth date.
func SameDate(got any, want string) bool {
	g, ok := got.(string)
	if !ok {
		return false
	}
	w, err := TruthDate(want)
	return err == nil && strings.TrimSpace(g) == w
}
