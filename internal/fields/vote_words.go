package fields

import (
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"
)

// consensus mends a free-text winner word by word from the other
// readings' values for the same field. Readings misread different letters
// of a long value (an address, a company name), so the medoid alone still
// carries its own stray errors; aligning every reading's words to it and
// taking, at each place, the word most readings agree on removes errors
// no two readings share (the idea of ROVER in speech recognition).
//
// A word is replaced only when more readings print another word there
// than print the winner's; a word is added only when more readings print
// it than leave it out; a word is dropped only when more readings leave
// it out than print it. Readings far from the winner (another line, or
// nothing) have no say. Words are compared with a comma or full stop
// between letters split out (splitMarks), and put back together where
// the print glues them (gluedMark).
func consensus(win string, others []string) string {
	w, glued := splitMarks(strings.Fields(win))
	if len(w) == 0 || len(w) > voteMaxWords {
		return win
	}
	n := len(w)
	// subs[i] counts the words voters put at the winner's word i ("" for
	// a voter that leaves it out); ins[g] counts what voters put in the
	// gap before word g (g == n: after the last word).
	subs := make([]map[string]int, n)
	ins := make([]map[string]int, n+1)
	for i := range subs {
		subs[i] = map[string]int{w[i]: 1}
	}
	for g := range ins {
		ins[g] = map[string]int{"": 1}
	}
	// glued[i] counts the readings, the winner first, that print its
	// words i and i+1 as one word, a mark between them ("BAHRU,JOHOR");
	// whole[i] is whether the winner does.
	whole := append([]int(nil), glued...)
	marks := make([]markSeen, n)
	for i, word := range w {
		marks[i].add(word, whole[i] == 1)
	}
	for _, o := range others {
		if textDistance(win, o) > consensusReach {
			continue
		}
		ow, og := splitMarks(strings.Fields(o))
		if len(ow) == 0 || len(ow) > voteMaxWords {
			continue
		}
		at, gaps, from := alignWords(w, ow)
		for i, t := range at {
			subs[i][t]++
			if from[i] >= 0 {
				marks[i].add(t, og[from[i]] == 1)
			}
			if i+1 < n && from[i] >= 0 && from[i+1] == from[i]+1 && og[from[i]] == 1 {
				glued[i]++
			}
		}
		for g, t := range gaps {
			ins[g][t]++
		}
	}
	chosen := make([]string, n)
	for i := range chosen {
		chosen[i] = knownWord(subs[i], majority(subs[i], w[i]))
	}
	twinWords(chosen, subs)
	faintMarks(chosen, marks)
	for i := 0; i+1 < n; i++ {
		// The parts of a word the winner printed whole go together or
		// stay: a reading that stops short of them ("... MASAI," where
		// the winner has "MASAI,JOHOR") is silent, not a vote to cut
		// the word in two.
		if whole[i] == 1 && (chosen[i] == "") != (chosen[i+1] == "") {
			if chosen[i] == "" {
				chosen[i] = w[i]
			} else {
				chosen[i+1] = w[i+1]
			}
		}
	}
	var out []string
	changed := false
	for g := 0; g <= n; g++ {
		inserted := majority(ins[g], "")
		if inserted != "" {
			out, changed = append(out, inserted), true
		}
		if g == n {
			break
		}
		t := chosen[g]
		changed = changed || t != w[g]
		glue := g > 0 && inserted == "" && chosen[g-1] != "" && gluedMark(chosen[g-1], glued[g-1], whole[g-1] == 1)
		changed = changed || g > 0 && glue != (whole[g-1] == 1)
		switch {
		case t == "":
		case glue:
			out[len(out)-1] += t
		default:
			out = append(out, t)
		}
	}
	if !changed || len(out) == 0 {
		return win // as printed, spacing and all
	}
	return strings.Join(out, " ")
}

// splitMarks splits words at a comma or full stop between two letters or
// digits ("7/4,Kawasan", "NO.53"), so that the winner's words line up
// with readings that set a space after the mark. glued[i] is 1 where the
// winner's word i was split from the word after it, else 0.
func splitMarks(ws []string) (out []string, glued []int) {
	for _, word := range ws {
		rs := []rune(word)
		start := 0
		for k := 1; k+1 < len(rs); k++ {
			if (rs[k] == ',' || rs[k] == '.') && alnum(rs[k-1]) && alnum(rs[k+1]) {
				out, glued = append(out, string(rs[start:k+1])), append(glued, 1)
				start = k + 1
			}
		}
		out, glued = append(out, string(rs[start:])), append(glued, 0)
	}
	return out, glued
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// twinWords makes a word the value prints twice read the same both
// times. Addresses repeat their place names ("AEON TAMAN MALURI ... TAMAN
// MALURI CHERAS", "Jalan Permas 4/3 Bandar Baru Permas Jaya"), and OCR
// may bend one printing in most readings and not the other ("MALURT" in
// four of seven at the second place, "MALURI" in six at the first): two
// chosen words of five letters or more one edit apart are taken for one
// word, and the form the readings printed most over both places wins at
// both, where at least half as many readings printed it there as printed
// the word chosen there. Two address words of the lexicon are two words
// ("UTAMA", "UTARA"), never twins.
func twinWords(chosen []string, subs []map[string]int) {
	core := func(w string) string { return strings.ToLower(strings.Trim(w, ".,;:()'‘’\"“”")) }
	for i := range chosen {
		for j := i + 1; j < len(chosen); j++ {
			ci, cj := core(chosen[i]), core(chosen[j])
			if ci == cj || len(ci) < 5 || len(cj) < 5 || letterCount(ci) != len(ci) || letterCount(cj) != len(cj) ||
				addressLexicon[ci] && addressLexicon[cj] || !editDistance1([]rune(ci), []rune(cj)) {
				continue
			}
			pooled := map[string]int{}
			for _, at := range []map[string]int{subs[i], subs[j]} {
				for t, c := range at {
					pooled[core(t)] += c
				}
			}
			win := ci
			if pooled[cj] > pooled[ci] {
				win = cj
			} else if pooled[cj] == pooled[ci] {
				continue
			}
			for _, k := range []int{i, j} {
				if core(chosen[k]) == win {
					continue
				}
				if t := mostPrintedForm(subs[k], core, win); t != "" && 2*subs[k][t] >= subs[k][chosen[k]] {
					chosen[k] = t
				}
			}
		}
	}
}

// mostPrintedForm returns the form of word win (by core) most printed among
// votes, or "".
func mostPrintedForm(votes map[string]int, core func(string) string, win string) string {
	best := ""
	for t, c := range votes {
		if core(t) == win && (best == "" || c > votes[best] || c == votes[best] && t < best) {
			best = t
		}
	}
	return best
}

// knownWord returns, in place of the chosen word t, a word some reading
// printed at the same place that is a known word (voteLexicon: address,
// business and legal-form words, joining words, numbers) when t is none
// and the two are close (knownReach): OCR bends a state or street name
// in most readings alike ("Sela:igor" in four readings, "Selangor" in
// three; "CNE ONE THREE" in six, "ONE ONE THREE" in one), and a word of
// the language is likelier than a string that is none; a short word
// loses its first letter as easily ("OT 1-0-2" in four readings, "LOT
// 1-0-2" in one). t is kept when it is a known word itself, a single
// character, or when two known words are candidates.
func knownWord(votes map[string]int, t string) string {
	core := func(w string) string { return strings.ToLower(strings.Trim(w, ".,;:()")) }
	ct := core(t)
	if t == "" || len(ct) < 2 || voteLexicon[ct] {
		return t
	}
	found := ""
	for c := range votes {
		cc := core(c)
		if c == "" || !voteLexicon[cc] || levenshtein.ComputeDistance(ct, cc) > knownReach(cc) {
			continue
		}
		if found != "" && core(found) != cc {
			return t
		}
		if found == "" || votes[c] > votes[found] || votes[c] == votes[found] && c < found {
			found = c // the most printed form; of equals, the first in order, so that runs agree
		}
	}
	if found == "" {
		return t
	}
	return found
}

// knownReach is how many edits away from a known word of its length a
// reading's word may be and still be taken for it: one, two from eight
// letters on ("Sela:igor"); two edits would turn a short word of a
// name nobody listed into a listed one ("Permas" into "Perak").
func knownReach(known string) int {
	if len(known) >= 8 {
		return 2
	}
	return 1
}

// voteMaxWords bounds the words aligned (the alignment costs the product
// of the two lengths); longer values are left as the medoid has them.
const voteMaxWords = 128

// consensusReach is how far (textDistance) another reading's value may be
// from the winner and still vote on its words: beyond it, the reading
// found another line.
const consensusReach = 0.5

// majority returns the key with the most votes when it has strictly more
// than keep's; otherwise keep.
func majority(votes map[string]int, keep string) string {
	best, bestN := keep, votes[keep]
	for t, c := range votes {
		if c > bestN || (c == bestN && t < best && best != keep) {
			best, bestN = t, c
		}
	}
	return best
}

// alignWords aligns b's words to a's with the fewest edits, a substitution
// costing the two words' normalised edit distance (textDistance) (so that "JAIAN" pairs
// with "JALAN" rather than with the next word), a missing or extra word
// 1. It returns, for each word of a, the word of b aligned with it ("" if
// none) and that word's index in b (from; -1 if none), and for each gap
// before a's word g (and after the last), the words b adds there joined
// by a space ("" if none).
func alignWords(a, b []string) (at []string, gaps []string, from []int) {
	n, m := len(a), len(b)
	// Each pair's distance is needed twice (filling the table, walking
	// back), and the words are folded once, not once per pair.
	fb := make([]string, m)
	for j, w := range b {
		fb[j] = foldText(w)
	}
	sub := make([][]float64, n)
	cost := make([][]float64, n+1)
	for i := range cost {
		cost[i] = make([]float64, m+1)
		cost[i][0] = float64(i)
	}
	for j := 0; j <= m; j++ {
		cost[0][j] = float64(j)
	}
	for i := 1; i <= n; i++ {
		fa := foldText(a[i-1])
		sub[i-1] = make([]float64, m)
		for j := 1; j <= m; j++ {
			d := foldedDistance(fa, fb[j-1])
			sub[i-1][j-1] = d
			cost[i][j] = min(cost[i-1][j-1]+d, cost[i-1][j]+1, cost[i][j-1]+1)
		}
	}
	at = make([]string, n)
	gaps = make([]string, n+1)
	from = make([]int, n)
	for i := range from {
		from[i] = -1
	}
	var pending []string // b's extra words met walking back, in reverse
	flush := func(g int) {
		for l, r := 0, len(pending)-1; l < r; l, r = l+1, r-1 {
			pending[l], pending[r] = pending[r], pending[l]
		}
		gaps[g] = strings.Join(pending, " ")
		pending = pending[:0]
	}
	i, j := n, m
	for i > 0 || j > 0 {
		switch {
		case i > 0 && j > 0 && cost[i][j] == cost[i-1][j-1]+sub[i-1][j-1]:
			flush(i)
			at[i-1], from[i-1] = b[j-1], j-1
			i, j = i-1, j-1
		case j > 0 && (i == 0 || cost[i][j] == cost[i][j-1]+1):
			pending = append(pending, b[j-1])
			j--
		default:
			flush(i)
			i--
		}
	}
	flush(0)
	return at, gaps, from
}

// faintMarks gives a chosen word the comma or full stop after it that
// some readings see and the rest miss. A mark is a few pixels, the
// first thing a faded print or a coarse photograph loses, so OCR drops
// a printed mark far more often than it makes one up: where at least
// faintMarkReadings readings print the word with a mark, it has one.
// Which mark is less sure (the line recogniser reads a faint comma as a
// full stop, "Village." over "Jalan Ipoh" where "Village," is printed):
// inside a value, after a word of four letters or more, a full stop
// seen by a minority is taken for the comma an address separates its
// parts with; after a shorter word it may close an abbreviation ("Sdn.
// Bhd."), and at the value's end ("SARAWAK." under the address) it is
// what the readings say. A reading that bent the word's letters still
// saw the mark (markSeen.count).
func faintMarks(chosen []string, marks []markSeen) {
	for i, c := range chosen {
		if c == "" || strings.HasSuffix(c, ",") || strings.HasSuffix(c, ".") {
			continue
		}
		comma, stop := marks[i].count(c)
		if comma+stop < faintMarkReadings {
			continue
		}
		if comma >= stop || i < len(chosen)-1 && letterCount(c) >= 4 {
			chosen[i] = c + ","
		} else {
			chosen[i] = c + "."
		}
	}
}

// markSeen holds, at one place, the words the winner and the readings
// put there that end in a comma or full stop.
type markSeen []markedWord

// markedWord is one such word, and whether its reading glued it to the
// next word at that mark (splitMarks split them).
type markedWord struct {
	word  string
	split bool
}

func (m *markSeen) add(word string, split bool) {
	if len(word) > 1 && (strings.HasSuffix(word, ",") || strings.HasSuffix(word, ".")) {
		*m = append(*m, markedWord{word, split})
	}
}

// count tallies the readings that print a comma, and those that print a
// full stop, after chosen word c: the word itself with the mark, or the
// word bent by OCR ("L.UMPUR.", "LUMPUr." for "LUMPUR"), which still saw
// the mark after it. A bent word split at its mark ("Lumur.m") may hold
// the mark inside a word, not after it, and is not counted.
func (m markSeen) count(c string) (comma, stop int) {
	for _, s := range m {
		if s.split && s.word[:len(s.word)-1] != c {
			continue
		}
		if strings.HasSuffix(s.word, ",") {
			comma++
		} else {
			stop++
		}
	}
	return comma, stop
}

// faintMarkReadings is how many readings must see a mark the chosen
// word lacks for it to be printed: three of a till roll's seven.
const faintMarkReadings = 3

// gluedMark reports whether a chosen word that ends in a comma or full
// stop is printed glued to the next word: where the winner prints the two
// as one, or gluedReadings readings (glued counts them) do ("Bahru,Johor",
// "NO.32"). The mark's ink is narrow and stands apart from the next
// letter, so OCR often reads a space after a mark the print sets none
// after; it seldom loses a printed space, so two readings that agree on
// none outweigh the rest.
func gluedMark(word string, glued int, winner bool) bool {
	return (winner || glued >= gluedReadings) && (strings.HasSuffix(word, ",") || strings.HasSuffix(word, "."))
}

// gluedReadings is how many readings must print a mark glued to the
// next word for the value to print it so.
const gluedReadings = 2
