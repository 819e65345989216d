package fields

import "strings"

// A party block is a heading that names a role ("Verkäufer", "Seller",
// "Bill to") over the lines that describe that party. Invoice
// renderings and ERP printouts often open such a block with key-value
// lines ("Nummer: 12345676", "Globale Nummer: 4333741000005 (GTIN)")
// before the name, or print the name itself under a key ("Name:
// Rohstoff AG Salzgitter"). The cell right under the heading is then a
// customer number, not the party's name.

// partyKeys are the keys under a party heading whose value is the
// party's name (folded tokens).
var partyKeys = setOf("name", "firma", "firmenname", "company", "company name", "nom", "raison sociale",
	"denominazione", "ragione sociale", "naam", "bedrijfsnaam", "nombre", "razon social", "unvan", "ad soyad")

// maxPartyRows bounds how many rows under the heading are looked at: a
// block's number lines come first, and a few of them at most.
const maxPartyRows = 6

// partyName returns the party's name in the block under heading m: the
// value of a name key, or else the first line that is no key-value line.
// ok is false when the heading has words after it on its own segment (it
// is then a label with its value beside it), when the first line under it
// is no key-value line (the ordinary label-above case, which
// valueCandidates covers), or when nothing fits.
func (e *extractor) partyName(m labelMatch) ([]int, bool) {
	x := e.x
	s := &x.Segs[m.seg]
	if s.Box.IsZero() || !e.onlyFiller(s, m.end) {
		return nil, false
	}
	row := &x.Rows[s.Row]
	h := row.Box.Height()
	prev := row
	for r, n := s.Row+1, 0; r < len(x.Rows) && n < maxPartyRows; r, n = r+1, n+1 {
		nr := &x.Rows[r]
		if nr.Page != row.Page || nr.Box.Y0-prev.Box.Y1 > 3*h+0.01 {
			return nil, false
		}
		prev = nr
		k := firstUnder(x, nr, s)
		if k < 0 {
			continue
		}
		key, rest := e.keyOf(nr, k)
		switch {
		case key == "":
			if n == 0 {
				return nil, false // the plain label-above case
			}
			if e.isLabelOnly(&x.Segs[nr.Segs[k]]) {
				return nil, false // the next heading
			}
			return clipWords(x.Segs[nr.Segs[k]].Words), true
		case partyKeys[key]:
			if len(rest) == 0 {
				return nil, false
			}
			return clipWords(rest), true
		}
	}
	return nil, false
}

// onlyFiller reports whether segment s has nothing but punctuation after
// token end ("Verkäufer :").
func (e *extractor) onlyFiller(s *Seg, end int) bool {
	for _, t := range s.Toks[end:] {
		if t != "" {
			return false
		}
	}
	return true
}

// firstUnder returns the position in row nr of the first segment that
// starts under segment s (its left edge within s's span), or -1.
func firstUnder(x *Index, nr *Row, s *Seg) int {
	for k, si := range nr.Segs {
		o := &x.Segs[si]
		if o.Box.X0 >= s.Box.X0-0.02 && o.Box.X0 <= s.Box.X1+0.01 {
			return k
		}
	}
	return -1
}

// keyOf reads row nr from its segment k as a key-value line: a key of at
// most three words closed by a colon ("Nummer:", "Globale Nummer :", the
// colon also opening the next cell), and the words after it on the row.
// key is "" for a line with no such key.
func (e *extractor) keyOf(nr *Row, k int) (string, []int) {
	x := e.x
	var words []int
	var toks []string
	for _, si := range nr.Segs[k:] {
		words = append(words, x.Segs[si].Words...)
		toks = append(toks, x.Segs[si].Toks...)
	}
	var key []string
	for i, wi := range words {
		t := x.L.Words[wi].Text
		if strings.HasPrefix(t, ":") && len(key) > 0 {
			return strings.Join(key, " "), valueAfterColon(x, words[i:])
		}
		if toks[i] != "" {
			key = append(key, toks[i])
		}
		if len(key) > 3 {
			return "", nil
		}
		if strings.HasSuffix(t, ":") {
			if len(key) == 0 {
				return "", nil
			}
			return strings.Join(key, " "), words[i+1:]
		}
	}
	return "", nil
}

// valueAfterColon drops the colon that opens ws (": 549910", ":549910").
func valueAfterColon(x *Index, ws []int) []int {
	if x.L.Words[ws[0]].Text == ":" {
		return ws[1:]
	}
	return ws // the colon glued to the value; parsing trims it
}
