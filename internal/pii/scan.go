package pii

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The scanner walks the text once. ASCII letter/digit tokens that contain
// a digit (or are short upper-case groups such as "DE", "AB", "ABC") are
// chained into runs when only short separators (space, dot, dash, slash,
// parentheses) lie between them. When a run ends, every contiguous token
// range whose compact length some detector accepts is offered to the
// detectors registered for that length. Letter words are folded and looked
// up once in the label map; '@', ':' and '<' trigger the email, IPv6 and
// MRZ parsers; label words start the anchored parsers (names, addresses,
// BIC, textual dates of birth).

const (
	clDigit uint8 = 1 << iota
	clUpper
	clLower
	clAlnum = clDigit | clUpper | clLower
)

var class [256]uint8

func init() {
	for c := '0'; c <= '9'; c++ {
		class[c] = clDigit
	}
	for c := 'A'; c <= 'Z'; c++ {
		class[c] = clUpper
		class[c+'a'-'A'] = clLower
	}
}

// ctxWindow is how far back (bytes) a label may stand before a candidate.
const ctxWindow = 48

type tok struct {
	start, end int
	digits     int
}

type labelHit struct {
	start, end int
	li         *labelInfo
}

// cand is a candidate span offered to run detectors.
type cand struct {
	text       string
	start, end int
	compact    []byte // separators removed, letters upper-cased
	groups     []int  // token lengths
	seps       uint8
	plus       bool // a '+' stands right before the span
	letters    int
}

// context is what the labels before a candidate say.
type context struct {
	pos typeSet
	one typeSet // vouched for by a single-type label
	neg bool
	// owned: the business label stands right before the value ("Invoice
	// No: ..."), which vetoes identity types outright.
	owned bool
	lang  string
}

type hit struct {
	Finding
	idx int
}

type scanner struct {
	text       string
	cfg        *config
	toks       []tok
	runPlus    bool
	prevRunEnd int
	labels     []labelHit
	found      []hit
	claims     []claimSpan // IBAN-shaped runs (claim.go)
	// previous letter word, for two-word labels such as "T.C." or "Steuer-ID"
	prevStart, prevEnd int
	prevBuf            [40]byte
	prevLen            int
	prevLazy           bool // prevBuf not filled yet: the word is plain ASCII, fold on demand
	buf, pairBuf       [96]byte
	compact            [96]byte
	groups             [64]int
	cand               cand
	cx                 context
	caps               capRun // capitalised words for names and places (capwords.go)
}

func detect(text string, c *config) []Finding {
	s := scanner{text: text, cfg: c, prevEnd: -1, prevRunEnd: -1}
	s.scan()
	return s.resolve()
}

func (s *scanner) scan() {
	t := s.text
	n := len(t)
	for i := 0; i < n; {
		c := t[i]
		if c < utf8.RuneSelf {
			if class[c] != 0 {
				i = s.word(i)
				continue
			}
			switch c {
			case '@':
				i = s.email(i)
			case ':':
				if end, ok := s.macColon(i); ok {
					i = end
				} else {
					i = s.ipv6(i)
				}
			case '<':
				i = s.mrz(i)
			default:
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(t[i:])
		if unicode.IsLetter(r) {
			i = s.word(i)
			continue
		}
		i += size
	}
	s.flush()
	s.flushCaps()
}

// word consumes one word starting at i and returns its end.
func (s *scanner) word(i int) int {
	t := s.text
	j, nd, ascii, lower := i, 0, true, false
	for j < len(t) {
		c := t[j]
		if c < utf8.RuneSelf {
			cl := class[c]
			if cl == 0 {
				break
			}
			if cl == clDigit {
				nd++
			} else if cl == clLower {
				lower = true
			}
			j++
			continue
		}
		r, sz := utf8.DecodeRuneInString(t[j:])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			break
		}
		ascii = false
		j += sz
	}
	if ascii && (nd > 0 || (j-i <= 4 && (!lower || (len(s.toks) > 0 && s.inIBANRun(i))))) {
		s.addTok(i, j, nd)
	} else {
		s.flush()
	}
	if (j-i == 8 || j-i == 11) && !lower && ascii {
		s.bareBIC(i, j, nd)
	}
	if nd == 0 {
		s.capWord(i, j)
		s.label(i, j)
	} else if ascii && j-i <= len(s.prevBuf) {
		// Remember "IPv6" or "E164" as the previous word (no label lookup).
		s.prevStart, s.prevEnd, s.prevLen, s.prevLazy = i, j, j-i, true
	} else {
		s.prevEnd = -1
	}
	return j
}

// sepGap reports whether g may join two tokens of a run, and which
// separator classes it holds.
func sepGap(g string) (uint8, bool) {
	if len(g) == 0 || len(g) > 4 {
		return 0, false
	}
	var m uint8
	for i := 0; i < len(g); i++ {
		switch g[i] {
		case ' ', '\t':
			m |= sepSpace
		case '.':
			m |= sepDot
		case '-':
			m |= sepDash
		case '/':
			m |= sepSlash
		case '(', ')':
			m |= sepParen
		case ':':
			// "DE: 136695976" (only right after the first token; addTok
			// lets it join a VAT country prefix and nothing else).
			if i != 0 {
				return 0, false
			}
			m |= sepColon
		case 0xc2: // no-break space U+00A0
			if i+1 < len(g) && g[i+1] == 0xa0 {
				m |= sepSpace
				i++
				continue
			}
			return 0, false
		default:
			return 0, false
		}
	}
	if len(g) > 3 && m != sepSpace|sepParen {
		return 0, false
	}
	return m, true
}

func (s *scanner) addTok(i, j, nd int) {
	if k := len(s.toks); k > 0 {
		if m, ok := sepGap(s.text[s.toks[k-1].end:i]); !ok || k >= 48 || (m&sepColon != 0 && !s.vatPrefixTok(s.toks[k-1])) {
			s.flush()
		}
	}
	if len(s.toks) == 0 {
		s.runPlus = i > 0 && s.text[i-1] == '+'
	}
	s.toks = append(s.toks, tok{i, j, nd})
}

// flush offers the pending run to the run detectors.
func (s *scanner) flush() {
	toks := s.toks
	if len(toks) == 0 {
		return
	}
	s.toks = s.toks[:0]
	digits := false
	for _, tk := range toks {
		if tk.digits > 0 {
			digits = true
			break
		}
	}
	if !digits {
		return
	}
	if len(toks) > 1 {
		s.claimIBANShapes(toks)
	}
	s.runCands(toks)
	s.prevRunEnd = toks[len(toks)-1].end
}

// glued reports whether tokens a and b (adjacent) are joined without a
// space, so that b continues the number a belongs to.
func (s *scanner) glued(a, b tok) bool {
	m, _ := sepGap(s.text[a.end:b.start])
	return m&sepSpace == 0
}

func (s *scanner) runCands(toks []tok) {
	t := s.text
	c := &s.cand
	c.text = t
	for a := range toks {
		// A span may not start in the middle of a number glued by
		// '.', '-' or '/' to a previous digit group.
		if a > 0 && toks[a-1].digits > 0 && toks[a].digits > 0 && s.glued(toks[a-1], toks[a]) {
			continue
		}
		// Identifiers start with a digit group or at most a two-letter
		// prefix (country code, NINO, NIE letter; "ATU" and "CHE" for
		// Austrian and Swiss VAT numbers); "TCKN 1000..." starts at the
		// number.
		if toks[a].digits == 0 && toks[a].end-toks[a].start > 2 && t[toks[a].start:toks[a].end] != "ATU" && t[toks[a].start:toks[a].end] != "CHE" {
			continue
		}
		var cx *context
		compact := s.compact[:0]
		groups := s.groups[:0]
		var seps uint8
		letters := 0
		for b := a; b < len(toks); b++ {
			tk := toks[b]
			if b > a {
				m, _ := sepGap(t[toks[b-1].end:tk.start])
				seps |= m
			}
			// Only single tokens (wallets) run past the longest IBAN.
			if len(compact)+tk.end-tk.start > len(runByLen)-1 || (b > a && len(compact)+tk.end-tk.start > maxMultiToken) || len(groups) == len(s.groups) {
				break
			}
			for k := tk.start; k < tk.end; k++ {
				ch := t[k]
				if class[ch] == clLower {
					ch -= 'a' - 'A'
				}
				if class[ch] != clDigit {
					letters++
				}
				compact = append(compact, ch)
			}
			groups = append(groups, tk.end-tk.start)
			dets := runDigits[len(compact)]
			if letters > 0 {
				dets = runAlnum[len(compact)]
			}
			if len(dets) == 0 {
				continue
			}
			if b+1 < len(toks) && toks[b+1].digits > 0 && tk.digits > 0 && s.glued(tk, toks[b+1]) &&
				!(len(groups) == 4 && seps == sepDot && t[tk.end:toks[b+1].start] == "/") {
				// (a dotted quad stays a candidate before any "/n": the
				// suffix may be out of range, 10.0.0.0/123)
				continue
			}
			// ...and end with digits or a single check letter (an IBAN
			// may end in letters: "SC52 ... 3 SCR").
			if b > a && tk.digits == 0 && tk.end-tk.start > 1 && !(len(compact) >= 15 && ibanHead(compact)) {
				continue
			}
			c.start, c.end, c.compact, c.groups = toks[a].start, tk.end, compact, groups
			c.seps, c.plus, c.letters = seps, a == 0 && s.runPlus, letters
			intl := c.plus || (len(compact) > 2 && compact[0] == '0' && compact[1] == '0')
			// 123-45-6789 is the US SSN/ITIN shape.
			us324 := len(groups) == 3 && groups[0] == 3 && groups[1] == 2 && groups[2] == 4 && seps == sepDash
			if s.cfg.minScore != DefaultMinScore {
				for _, d := range dets {
					s.try(d, c, &cx, intl, us324, true)
				}
				continue
			}
			cls := 0
			if letters > 0 {
				cls = 1
			}
			bk := &runIdx[cls][len(compact)]
			list := bk.freePlain
			switch {
			case intl:
				list = bk.freeIntl
			case compact[0] == '0':
				list = bk.free
			case compact[0] == '1':
				list = bk.freeLead1
			case compact[0] == '5':
				list = bk.freeLead5
			}
			for _, d := range list {
				s.try(d, c, &cx, intl, us324, false)
			}
			if bk.gatedSet.empty() {
				continue
			}
			// Types that only a label can lift: look at the labels once.
			if cx == nil {
				s.cx = s.context(c.start)
				cx = &s.cx
			}
			if cx.pos.and(bk.gatedSet).empty() {
				continue
			}
			for _, d := range bk.gated {
				if cx.pos.has(d.idx) && !(d.plus && intl) {
					s.try(d, c, &cx, intl, us324, false)
				}
			}
		}
	}
}

// try offers candidate c to detector d. gate says whether to skip
// detectors that cannot reach the minimum score without a label.
func (s *scanner) try(d *detector, c *cand, cx **context, intl, us324, gate bool) {
	if c.seps&^d.seps != 0 || !s.cfg.enabled.has(d.idx) {
		return
	}
	if (us324 && d.Country != "US") || (c.plus && !d.plus && c.letters == 0) {
		// "+49 ..." is a phone number, not an identifier.
		return
	}
	if gate {
		upper := d.base + d.maxAdj + 0.05
		if d.plus && !intl {
			upper = d.natMax + 0.05
		}
		if upper < s.cfg.minScore {
			if *cx == nil {
				s.cx = s.context(c.start)
				*cx = &s.cx
			}
			if !(*cx).pos.has(d.idx) {
				return
			}
		}
	}
	adj, ok := d.check(c)
	if !ok {
		return
	}
	base := d.base
	if d == vatDetector {
		d = s.vatReportAs(d, c) // scored as a VAT number, named by its country
	}
	if *cx == nil {
		s.cx = s.context(c.start)
		*cx = &s.cx
	}
	score := s.score(d, base+adj, *cx)
	start := c.start
	t := s.text
	if c.plus && d.plus {
		start--
	} else if start > 0 && t[start-1] == '(' && strings.IndexByte(t[start:c.end], ')') >= 0 {
		start-- // "(415) 555-2671": keep the bracket with the number
	}
	s.emit(d, start, c.end, score)
}

// bucket holds the run detectors for one compact length and character
// class, split by whether they can reach DefaultMinScore without a label.
type bucket struct {
	free []*detector // for national-format candidates
	// freePlain is free without the national phone types, which only
	// candidates starting with a trunk 0 can reach; freeLead1 and
	// freeLead5 add back the ones a 1 or a 5 may start (see leadOK).
	freePlain, freeLead1, freeLead5 []*detector
	freeIntl                        []*detector // for +CC / 00CC candidates
	gated                           []*detector // need a label
	gatedSet                        typeSet
}

// runIdx[0] serves all-digit candidates, runIdx[1] candidates with letters.
var runIdx [2][64]bucket

func buildBuckets() {
	buildNearMiss()
	for cls := 0; cls < 2; cls++ {
		for n := range runIdx[cls] {
			dets := runDigits[n]
			if cls == 1 {
				dets = runAlnum[n]
			}
			bk := &runIdx[cls][n]
			for _, d := range dets {
				if cls == 0 && d == vatDetector {
					continue // a VAT number starts with its country prefix
				}
				upper := d.base + d.maxAdj + 0.05
				free := upper >= DefaultMinScore
				if d.plus {
					bk.freeIntl = append(bk.freeIntl, d)
					free = d.natMax+0.05 >= DefaultMinScore
				} else if free {
					bk.freeIntl = append(bk.freeIntl, d)
				}
				if free && nationalLead.has(d.idx) && !nationalLength(d, n) {
					continue // too short or long for the national form; +CC only
				}
				if free {
					bk.free = append(bk.free, d)
					if !nationalLead.has(d.idx) {
						bk.freePlain = append(bk.freePlain, d)
					}
					if !nationalLead.has(d.idx) || leadOK(d, '1') {
						bk.freeLead1 = append(bk.freeLead1, d)
					}
					if !nationalLead.has(d.idx) || leadOK(d, '5') {
						bk.freeLead5 = append(bk.freeLead5, d)
					}
				} else {
					bk.gated = append(bk.gated, d)
					bk.gatedSet.add(d.idx)
				}
			}
		}
	}
}

// maxMultiToken is the longest compact span built from several tokens
// (an IBAN is at most 34 characters).
const maxMultiToken = 34

// context gathers the labels standing in the window before off and after
// the previous number.
func (s *scanner) context(off int) context {
	var cx context
	nearest := true
	for k := len(s.labels) - 1; k >= 0; k-- {
		h := s.labels[k]
		if h.end > off {
			continue
		}
		if h.end < off-ctxWindow || h.end <= s.prevRunEnd {
			break
		}
		cx.pos = cx.pos.or(h.li.pos)
		if h.li.single {
			cx.one = cx.one.or(h.li.pos)
		}
		// A business label counts only on the candidate's own line:
		// "... de facture.\nLa valeur 280798-2867" is not an invoice number;
		// it does count when the value follows it directly, even on the
		// next line ("Fatura No:\nFT26785859").
		if h.li.neg && nearest {
			g := s.text[h.end:off]
			if strings.IndexByte(g, '\n') < 0 {
				cx.neg = true
			}
			if labelOwnsValue(g) {
				cx.neg, cx.owned = true, true
			}
		}
		if cx.lang == "" {
			cx.lang = h.li.lang
		}
		nearest = false
	}
	return cx
}

// score combines a detector's base score with the label context: a label
// that vouches for the type lifts it, a business-number label sinks it.
func (s *scanner) score(d *detector, base float64, cx *context) float64 {
	if base > 1 {
		base = 1
	}
	// A label naming one specific type ("VKN", "BSN") outranks generic
	// ones ("tax number") for every other type.
	vouched := cx.pos.has(d.idx) && (cx.one.empty() || cx.one.has(d.idx))
	switch {
	case vouched:
		base = 0.75 + 0.25*base
		if cx.one.has(d.idx) {
			base += 0.02
		}
	case cx.owned && vetoable.has(d.idx):
		return 0
	case cx.neg:
		base -= 0.4
	}
	if d.lang != "" && (d.lang == cx.lang || (cx.lang == "" && d.lang == s.cfg.lang)) {
		base += 0.03
	}
	return base
}

func (s *scanner) emit(d *detector, start, end int, score float64) {
	if !s.cfg.enabled.has(d.idx) || score < s.cfg.minScore || start >= end {
		return
	}
	if len(s.claims) > 0 && s.claimed(d.idx, start, end) {
		return
	}
	if score > 1 {
		score = 1
	}
	s.found = append(s.found, hit{Finding{Type: d.Name, Jurisdiction: d.Jurisdiction, Start: start, End: end,
		Score: float64(int(score*1000+0.5)) / 1000, Value: s.text[start:end]}, d.idx})
}

// label looks the letter word [i,j) up, alone and joined with the word
// before it.
func (s *scanner) label(i, j int) {
	if j-i > len(s.prevBuf) {
		s.prevEnd = -1
		return
	}
	if c := s.text[i] | 0x20; c >= 'a' && c <= 'z' && j-i < 32 && !labelShape[c-'a'][shapeSecond(s.text[i:j])][j-i] &&
		(s.prevEnd < 0 || i-s.prevEnd > 2 || (j-i > 3 && s.prevLen > 3)) && asciiWord(s.text[i:j]) {
		// No label has this shape and no two-word label can end here.
		s.prevStart, s.prevEnd, s.prevLen, s.prevLazy = i, j, j-i, true
		return
	}
	buf, ok := foldWord(s.text[i:j], s.buf[:0])
	if !ok || len(buf) > len(s.prevBuf) {
		s.prevEnd = -1
		return
	}
	if s.prevEnd >= 0 && (len(buf) <= 3 || s.prevLen <= 3) && i-s.prevEnd <= 2 {
		if m, ok := sepGap(s.text[s.prevEnd:i]); ok && m&(sepParen|sepSlash|sepColon) == 0 {
			pair := append(append(s.pairBuf[:0], s.prevFolded()...), buf...)
			if li := labels[string(pair)]; li != nil {
				s.onLabel(s.prevStart, j, li)
			}
		}
	}
	if li := labels[string(buf)]; li != nil {
		s.onLabel(i, j, li)
	}
	s.prevStart, s.prevEnd, s.prevLen, s.prevLazy = i, j, copy(s.prevBuf[:], buf), false
}

func (s *scanner) onLabel(i, j int, li *labelInfo) {
	if !li.pos.empty() || li.neg {
		if len(s.labels) > 512 && s.labels[0].end < i-4*ctxWindow {
			n := copy(s.labels, s.labels[len(s.labels)-64:])
			s.labels = s.labels[:n]
		}
		s.labels = append(s.labels, labelHit{i, j, li})
	}
	if li.anchors != 0 {
		s.anchored(i, j, li)
	}
	if li.bicCode {
		s.bicAfterLabel(j)
	}
	if li.province != 0 {
		s.province(i, j, li)
	}
	if li.company {
		s.companyTR(i, j)
	}
	if li.hook != nil {
		li.hook(s, i, j)
	}
}

// dropTokensFrom forgets pending run tokens at or after off (they belong
// to an e-mail address or IPv6 address just found).
func (s *scanner) dropTokensFrom(off int) {
	k := len(s.toks)
	for k > 0 && s.toks[k-1].end > off {
		k--
	}
	s.toks = s.toks[:k]
	s.flush()
}

func isLocalPart(c byte) bool {
	return class[c] != 0 || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func isDomainChar(c byte) bool { return class[c] != 0 || c == '.' || c == '-' }

func (s *scanner) email(at int) int {
	t := s.text
	a := at
	for a > 0 && at-a < 64 && isLocalPart(t[a-1]) {
		a--
	}
	for a < at && (t[a] == '.' || t[a] == '-' || t[a] == '+') {
		a++
	}
	if a == at || t[at-1] == '.' {
		return at + 1
	}
	b := at + 1
	for b < len(t) && b-at < 256 && isDomainChar(t[b]) {
		b++
	}
	for b > at+1 && (t[b-1] == '.' || t[b-1] == '-') {
		b--
	}
	dom := t[at+1 : b]
	dot := -1
	for k := 0; k < len(dom); k++ {
		if dom[k] == '.' {
			if k == 0 || dom[k-1] == '.' {
				return at + 1
			}
			dot = k
		}
	}
	if dot < 1 || len(dom)-dot-1 < 2 {
		return at + 1
	}
	for k := dot + 1; k < len(dom); k++ {
		if class[dom[k]]&(clUpper|clLower) == 0 {
			return at + 1
		}
	}
	s.dropTokensFrom(a)
	if d := byName["email"]; d != nil {
		s.emit(d, a, b, d.base)
	}
	s.prevEnd = -1
	return b
}

// resolve drops overlapping findings: within a cluster of overlapping
// findings the longest wins, then the highest score, then the detector
// registered first.
func (s *scanner) resolve() []Finding {
	f := s.found
	if len(f) == 0 {
		return nil
	}
	sort.Slice(f, func(i, j int) bool { return f[i].Start < f[j].Start })
	out := make([]Finding, 0, len(f))
	for lo := 0; lo < len(f); {
		hi, end := lo+1, f[lo].End
		for hi < len(f) && f[hi].Start < end {
			if f[hi].End > end {
				end = f[hi].End
			}
			hi++
		}
		if hi-lo == 1 {
			out = append(out, f[lo].Finding)
			lo = hi
			continue
		}
		cl := f[lo:hi]
		sort.SliceStable(cl, func(i, j int) bool {
			li, lj := cl[i].End-cl[i].Start, cl[j].End-cl[j].Start
			if li != lj {
				return li > lj
			}
			if cl[i].Score != cl[j].Score {
				return cl[i].Score > cl[j].Score
			}
			return cl[i].idx < cl[j].idx
		})
		first := len(out)
		for _, h := range cl {
			ok := true
			for _, o := range out[first:] {
				if h.Start < o.End && o.Start < h.End {
					ok = false
					break
				}
			}
			if ok {
				out = append(out, h.Finding)
			}
		}
		sort.Slice(out[first:], func(i, j int) bool { return out[first+i].Start < out[first+j].Start })
		lo = hi
	}
	return out
}

func asciiWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(b []byte) {
	for k := range b {
		if class[b[k]] == clUpper {
			b[k] += 'a' - 'A'
		}
	}
}

// prevFolded returns the previous word folded, filling the buffer only
// when someone asks (most words are never looked at again).
func (s *scanner) prevFolded() []byte {
	if s.prevLazy {
		copy(s.prevBuf[:], s.text[s.prevStart:s.prevEnd])
		lowerASCII(s.prevBuf[:s.prevLen])
		s.prevLazy = false
	}
	return s.prevBuf[:s.prevLen]
}
