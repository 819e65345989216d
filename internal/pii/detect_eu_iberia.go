package pii

import (
	"fmt"
	"math/rand/v2"
)

// Spain and Portugal.

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// validDNINIE: 8 digits + letter, or X/Y/Z + 7 digits + letter, the
// letter being TRWAGMYFPDXBNJZSQVHLCKE[n mod 23].
func validDNINIE(b []byte) bool {
	if len(b) != 9 || !isLetter(b[8]) {
		return false
	}
	d := append([]byte{}, b[:8]...)
	switch d[0] {
	case 'X':
		d[0] = '0'
	case 'Y':
		d[0] = '1'
	case 'Z':
		d[0] = '2'
	}
	if !allDigits(d) {
		return false
	}
	return dniLetters[num(d)%23] == b[8]
}

// cifControl computes the CIF control value 0-9 from the seven digits.
func cifControl(b []byte) int {
	s := 0
	for i, c := range b {
		v := dv(c)
		if i%2 == 0 {
			v *= 2
			v = v/10 + v%10
		}
		s += v
	}
	return (10 - s%10) % 10
}

func validCIF(b []byte) bool {
	if len(b) != 9 || indexByte("ABCDEFGHJNPQRSUVW", b[0]) < 0 || !allDigits(b[1:8]) {
		return false
	}
	e := cifControl(b[1:8])
	letter, digit := "JABCDEFGHI"[e], byte('0'+e)
	switch {
	case indexByte("KPQSNW", b[0]) >= 0:
		return b[8] == letter
	case indexByte("ABEH", b[0]) >= 0:
		return b[8] == digit
	}
	return b[8] == letter || b[8] == digit
}

// validPTNIF: 9 digits, a valid first digit, mod 11 check digit.
func validPTNIF(b []byte) bool {
	if len(b) != 9 || !allDigits(b) || indexByte("1235689", b[0]) < 0 && !(b[0] == '4' && b[1] == '5') && b[0] != '7' {
		return false
	}
	return ptCheck(b) == dv(b[8])
}

func ptCheck(b []byte) int {
	ck := 11 - wsum(b, 9, 8, 7, 6, 5, 4, 3, 2)%11
	if ck >= 10 {
		ck = 0
	}
	return ck
}

func init() {
	register(&detector{
		TypeInfo: TypeInfo{Name: "national_id_es", Jurisdiction: JurisdictionEU, Country: "ES",
			Description: "Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter), mod 23 letter", Example: "12345678Z", Checksum: true},
		base: 0.85, minLen: 9, maxLen: 9, alnum: true, seps: sepSpace | sepDot | sepDash, label: "DNI",
		check: func(c *cand) (float64, bool) { return 0, validDNINIE(c.compact) },
		synth: func(r *rand.Rand) string {
			if r.IntN(3) == 0 {
				n := r.IntN(10000000)
				p := r.IntN(3)
				return fmt.Sprintf("%c%07d%c", "XYZ"[p], n, dniLetters[(p*10000000+n)%23])
			}
			n := 10000000 + r.IntN(89999999)
			return fmt.Sprintf("%08d%c", n, dniLetters[n%23])
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_es", Jurisdiction: JurisdictionEU, Country: "ES",
			Description: "Spanish company tax code (CIF): entity letter, 7 digits, control digit or letter", Example: "A58818501", Checksum: true},
		base: 0.7, minLen: 9, maxLen: 9, alnum: true, seps: sepSpace | sepDash | sepDot, label: "CIF",
		check: func(c *cand) (float64, bool) { return 0, validCIF(c.compact) },
		synth: func(r *rand.Rand) string {
			b := append([]byte{"ABGPQS"[r.IntN(6)]}, randDigits(r, 7)...)
			e := cifControl(b[1:])
			if indexByte("PQS", b[0]) >= 0 {
				return string(append(b, "JABCDEFGHI"[e]))
			}
			return string(append(b, byte('0'+e)))
		},
	})
	register(&detector{
		TypeInfo: TypeInfo{Name: "tax_id_pt", Jurisdiction: JurisdictionEU, Country: "PT",
			Description: "Portuguese tax number (NIF / contribuinte): 9 digits, mod 11; bare numbers need a label, PT-prefixed VAT numbers do not", Example: "PT501964843", Checksum: true},
		maxAdj: 0.4, base: 0.4, minLen: 9, maxLen: 11, alnum: true, seps: sepSpace | sepDot | sepDash, label: "NIF",
		check: func(c *cand) (float64, bool) {
			b := c.compact
			if len(b) == 11 {
				return 0.4, string(b[:2]) == "PT" && validPTNIF(b[2:])
			}
			return 0, len(b) == 9 && validPTNIF(b)
		},
		synth: func(r *rand.Rand) string {
			b := append([]byte{"125"[r.IntN(3)]}, randDigits(r, 7)...)
			return "PT" + string(append(b, byte('0'+ptCheck(b))))
		},
	})
}
