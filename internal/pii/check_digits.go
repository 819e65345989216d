package pii

import "github.com/quarrydev/quarry/internal/checkdigit"

// Helpers shared by the detectors. They work on the compact form of a
// candidate: separators removed, letters upper-cased. The check digit
// algorithms themselves live in checkdigit.

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func dv(c byte) int { return int(c - '0') }

// num parses a short run of digits (no validation).
func num(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + dv(c)
	}
	return n
}

// luhn and luhnDigit adapt checkdigit's Luhn to the scanner's byte
// slices (cards and the synthesisers of Luhn-checked ids).
func luhn(b []byte) bool { return checkdigit.Luhn(string(b)) }

func luhnDigit(b []byte) byte { return checkdigit.LuhnDigit(string(b)) }

// validDate checks a calendar date.
func validDate(y, m, d int) bool { return checkdigit.ValidDate(y, m, d) }

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// groupsAre reports whether the candidate's token lengths are exactly gs.
func groupsAre(c *cand, gs ...int) bool {
	if len(c.groups) != len(gs) {
		return false
	}
	for i, g := range gs {
		if c.groups[i] != g {
			return false
		}
	}
	return true
}
