package gazetteer

import (
	"unicode"
	"unicode/utf8"
)

// Fold appends the lookup form of s to dst: lower case, accents dropped,
// ß as "ss", Turkish dotless ı as i, so that "İSTANBUL", "Istanbul" and
// "İstanbul" meet under one key. Runes without an ASCII spelling are kept
// in lower case. The generator folds the data with this same function, so
// keys and lookups always agree.
func Fold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			dst = append(dst, lowerASCII[c])
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if r < rune(len(foldTab)) {
			if f := foldTab[r]; f != "" {
				dst = append(dst, f...)
				continue
			}
		}
		if r == '\u0307' { // combining dot of a decomposed İ
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// FoldString is Fold for callers that want a string.
func FoldString(s string) string { return string(Fold(make([]byte, 0, len(s)), s)) }

var lowerASCII [utf8.RuneSelf]byte

// foldTab holds the folded spelling of the Latin letters below U+0250
// (Latin-1 and Latin Extended-A/B), upper and lower case; "" for the rest.
var foldTab [0x250]string

func init() {
	for c := range lowerASCII {
		lowerASCII[c] = byte(c)
		if 'A' <= c && c <= 'Z' {
			lowerASCII[c] = byte(c + 'a' - 'A')
		}
	}
	for to, from := range map[string]string{
		"a": "äàâáåąãā", "c": "çćč", "e": "éèêëęěē", "g": "ğ", "i": "ıîïíìīi", "l": "łľ", "n": "ñńň",
		"o": "öôóòøõō", "r": "ř", "s": "şśšș", "t": "ťţț", "u": "üûùúůū", "y": "ýÿ", "z": "źżž", "d": "ď",
		"ss": "ß", "ae": "æ", "oe": "œ",
	} {
		for _, r := range from {
			for _, v := range []rune{r, unicode.ToUpper(r)} {
				if v < rune(len(foldTab)) && v >= utf8.RuneSelf {
					foldTab[v] = to
				}
			}
		}
	}
	foldTab['İ'] = "i"
}
