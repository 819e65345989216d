package pii

import (
	"math/rand/v2"
	"strings"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

// Machine-readable zones of passports (TD3: 2 x 44), visas/ID (TD2:
// 2 x 36) and ID cards (TD1: 3 x 30). A '<<' starts a look at the line;
// the block is reported only when its check digits hold.

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "passport_mrz", Jurisdiction: JurisdictionGlobal,
			Description: "Passport or ID card machine-readable zone (ICAO 9303 TD1/TD2/TD3) with valid check digits",
			Example:     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", Checksum: true},
		base: 0.95, kind: kindTrigger, label: "MRZ",
		synth: synthMRZ,
	})
}

func mrzLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '<' || isDigit(c) || isLetter(c)) {
			return false
		}
	}
	return true
}

func (s *scanner) mrz(i int) int {
	t := s.text
	if i+1 >= len(t) || t[i+1] != '<' {
		return i + 1
	}
	ls := i
	for ls > 0 && t[ls-1] != '\n' && i-ls < 50 {
		ls--
	}
	le := i
	for le < len(t) && t[le] != '\n' && t[le] != '\r' && le-ls < 50 {
		le++
	}
	line := t[ls:le]
	n := len(line)
	if (n != 30 && n != 36 && n != 44) || !mrzLine(line) {
		return i + 2
	}
	// Gather the block: this line plus neighbours of the same length.
	lines := []int{ls}
	p := le
	for len(lines) < 3 {
		q := p
		if q < len(t) && t[q] == '\r' {
			q++
		}
		if q >= len(t) || t[q] != '\n' {
			break
		}
		q++
		if q+n > len(t) || !mrzLine(t[q:q+n]) || (q+n < len(t) && t[q+n] != '\n' && t[q+n] != '\r') {
			break
		}
		lines = append(lines, q)
		p = q + n
	}
	// The trigger may sit on a later line: look one or two lines back.
	for len(lines) < 3 && ls > 1 {
		q := ls - 1
		if q > 0 && t[q-1] == '\r' {
			q--
		}
		if q-n < 0 || !mrzLine(t[q-n:q]) || (q-n > 0 && t[q-n-1] != '\n') {
			break
		}
		ls = q - n
		lines = append([]int{ls}, lines...)
	}
	block := make([][]byte, len(lines))
	for k, off := range lines {
		block[k] = []byte(t[off : off+n])
	}
	if !validMRZ(block) {
		return le
	}
	start, end := lines[0], lines[len(lines)-1]+n
	s.dropTokensFrom(start)
	if d := byName["passport_mrz"]; d != nil {
		s.emit(d, start, end, d.base)
	}
	return end
}

func validMRZ(b [][]byte) bool {
	// Fields are converted where they are used: short ones stay on the
	// stack and the composite is built once, as a string.
	ck := func(field string, c byte) bool {
		return checkdigit.MRZDigit(field) == c || (c == '<' && strings.Trim(field, "<") == "")
	}
	switch {
	case len(b) >= 2 && len(b[0]) == 44:
		l := b[len(b)-1]
		comp := string(l[0:10]) + string(l[13:20]) + string(l[21:43])
		return ck(string(l[0:9]), l[9]) && ck(string(l[13:19]), l[19]) && ck(string(l[21:27]), l[27]) && ck(comp, l[43])
	case len(b) >= 2 && len(b[0]) == 36:
		l := b[len(b)-1]
		comp := string(l[0:10]) + string(l[13:20]) + string(l[21:35])
		return ck(string(l[0:9]), l[9]) && ck(string(l[13:19]), l[19]) && ck(string(l[21:27]), l[27]) && ck(comp, l[35])
	case len(b) == 3 && len(b[0]) == 30:
		l1, l2 := b[0], b[1]
		comp := string(l1[5:30]) + string(l2[0:7]) + string(l2[8:15]) + string(l2[18:29])
		return ck(string(l1[5:14]), l1[14]) && ck(string(l2[0:6]), l2[6]) && ck(string(l2[8:14]), l2[14]) && ck(comp, l2[29])
	}
	return false
}

func synthMRZ(r *rand.Rand) string {
	pad := func(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }
	y, m, d := randDate(r)
	l1 := pad("P<UTO"+string(randLetters(r, 6, upperAZ))+"<<"+string(randLetters(r, 5, upperAZ)), 44)
	doc := string(randLetters(r, 2, upperAZ)) + string(randDigits(r, 7))
	dob := d2(y%100) + d2(m) + d2(d)
	exp := d2(30+r.IntN(9)) + d2(m) + d2(d)
	l2 := doc + string(checkdigit.MRZDigit(doc)) + "UTO" + dob + string(checkdigit.MRZDigit(dob)) + "F" + exp +
		string(checkdigit.MRZDigit(exp)) + strings.Repeat("<", 14) + "<"
	comp := l2[0:10] + l2[13:20] + l2[21:43]
	l2 += string(checkdigit.MRZDigit(comp))
	return l1 + "\n" + l2
}
