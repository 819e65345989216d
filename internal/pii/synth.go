package pii

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Helpers for building synthetic values: masking's "synthetic" strategy
// and the accuracy corpus both need values that pass each type's check.

func randDigits(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return b
}

func randNonZero(r *rand.Rand) byte { return byte('1' + r.IntN(9)) }

func randLetters(r *rand.Rand, n int, from string) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = from[r.IntN(len(from))]
	}
	return b
}

const upperAZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// group inserts sep after each group length in gs (the last group takes
// the rest).
func group(s string, sep string, gs ...int) string {
	var b strings.Builder
	for _, g := range gs {
		if g >= len(s) {
			break
		}
		b.WriteString(s[:g])
		b.WriteString(sep)
		s = s[g:]
	}
	b.WriteString(s)
	return b.String()
}

// randDate returns a birth date between 1940 and 2005.
func randDate(r *rand.Rand) (y, m, d int) {
	y = 1940 + r.IntN(66)
	m = 1 + r.IntN(12)
	d = 1 + r.IntN(28)
	return
}

func d2(n int) string { return fmt.Sprintf("%02d", n) }
