package fields

import (
	"regexp"
	"sort"
	"strings"
)

// A business letter prints the sender's return address in small type on
// one line above the recipient's address window (DIN 5008 in Germany,
// and the same habit in France and elsewhere): "weclapp.com | Somestreet
// 42 | 08155 Some city", "Au bon moulin SARL - 1242 chemin de l'olive -
// 84340 Malaucène - France". The name in the window under it is the
// buyer's, set larger and often with a legal form, so without this line
// the header block would take the buyer for the issuer.

// senderLine returns the return-address line among the first lines of
// the header and its parts (indices into the line's words): at least
// three parts between separators, the first a name (letters, no digit,
// no street word), a later one a postcode and its town, in type no
// larger than the page's usual. ok is false when the header has none.
func senderLine(ls []hLine) (hl hLine, parts [][]int, ok bool) {
	median := medianHeight(ls)
	for i, l := range ls {
		if i >= maxSenderLine {
			break
		}
		ps := splitParts(l)
		if len(ps) < 3 || median > 0 && l.h > 1.1*median {
			continue
		}
		name := strings.Join(partTexts(l, ps[0]), " ")
		if letterCount(name) < 3 || hasDigit(name) || hasAny(l.toks[ps[0][0]:ps[0][len(ps[0])-1]+1], addressWords) {
			continue // a name has no house number and no street word
		}
		for _, p := range ps[1:] {
			for j, k := range p[:len(p)-1] {
				// A postcode with its town after it ("08155 Some city"),
				// not a number alone between separators ("Tel - 03-1234 - 5678").
				if rePostcodeWord.MatchString(l.raw[k]) && letterCount(l.raw[p[j+1]]) >= 2 {
					return l, ps, true
				}
			}
		}
	}
	return hLine{}, nil, false
}

// maxSenderLine is how far down the header's lines the sender line is
// looked for: it heads the page or the address window.
const maxSenderLine = 4

// rePostcodeWord is a postcode as a word of its own: four or five digits,
// a country letter or two and a hyphen before it at most ("D-80331").
var rePostcodeWord = regexp.MustCompile(`^(?:[A-Z]{1,2}-)?\d{4,5},?$`)

// senderSeparators part a sender line.
var senderSeparators = setOf("|", "-", "–", "•", "·", "/")

// splitParts splits a line at separator words; empty parts are dropped.
func splitParts(l hLine) [][]int {
	var out [][]int
	var cur []int
	for k, w := range l.raw {
		if senderSeparators[w] {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, k)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func partTexts(l hLine, part []int) []string {
	out := make([]string, len(part))
	for i, k := range part {
		out[i] = l.raw[k]
	}
	return out
}

// medianHeight is the median of the lines' word heights.
func medianHeight(ls []hLine) float64 {
	if len(ls) == 0 {
		return 0
	}
	hs := make([]float64, len(ls))
	for i, l := range ls {
		hs[i] = l.h
	}
	sort.Float64s(hs)
	return hs[len(hs)/2]
}

// senderIssuer returns the sender line's name when the header has one
// and the issuer line found is not above it: the name the window under
// it shows is the recipient's.
func senderIssuer(ls []hLine, issuer int) (hLine, [][]int, bool) {
	s, parts, ok := senderLine(ls)
	if !ok || issuer >= 0 && ls[issuer].box.Y0 < s.box.Y0 {
		return hLine{}, nil, false
	}
	return s, parts, true
}

// senderText joins a sender line's parts as an address prints them:
// the words of a part with spaces, the parts with a comma.
func senderText(l hLine, parts [][]int) (words []int, text string) {
	var ps []string
	for _, p := range parts {
		for _, k := range p {
			words = append(words, l.words[k])
		}
		ps = append(ps, strings.TrimRight(strings.Join(partTexts(l, p), " "), ","))
	}
	return words, strings.Join(ps, ", ")
}
