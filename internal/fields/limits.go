package fields

import "strings"

// Bounds on the work one field may cost. Each is far above what a real
// document needs (their results do not change), and each turns a shape
// that was quadratic in the document into one that is linear.
const (
	// maxLabelMatches caps the label occurrences one field considers, in
	// reading order: a hostile text repeating "Total:" 100,000 times would
	// otherwise read 100,000 values and compare every pair of matches.
	maxLabelMatches = 1024
	// maxLabelPositions caps the occurrences of a label's first word that
	// one field examines (most are refused: "Date" inside "Due Date").
	maxLabelPositions = 4 * maxLabelMatches
	// maxValueWords caps the words a value candidate may span. A value is
	// read from the start of its cell; without the cap a label in front of
	// a million-word line reads the whole line for every match.
	maxValueWords = 256
)

// clipWords keeps at most maxValueWords words of a candidate.
func clipWords(ws []int) []int {
	if len(ws) > maxValueWords {
		return ws[:maxValueWords]
	}
	return ws
}

// maxLabelToks is the most tokens any known label has; a longer cell
// cannot be one.
var maxLabelToks = func() int {
	n := 0
	for k := range allLabels {
		if c := len(Tokens(k)); c > n {
			n = c
		}
	}
	return n
}()

// joinShort joins the non-empty tokens of ts with spaces, or reports false
// when there are more than max of them, without building the long string.
func joinShort(ts []string, max int) (string, bool) {
	n := 0
	for _, t := range ts {
		if t != "" {
			if n++; n > max {
				return "", false
			}
		}
	}
	return strings.Join(nonEmpty(ts), " "), true
}
