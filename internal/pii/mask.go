package pii

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// Masking strategies.
const (
	MaskRedact    = "redact"    // [MASKED_EMAIL]
	MaskToken     = "token"     // <EMAIL_1>, same value -> same token within one Masker
	MaskHash      = "hash"      // <EMAIL:3f2a9c0d1e4b>, keyed HMAC-SHA256, stable across requests
	MaskPartial   = "partial"   // ************1111, separators kept
	MaskSynthetic = "synthetic" // a fake value of the same type that passes the same check
	maskReplace   = "replace"   // the reference's name for synthetic
)

// Strategies lists the accepted strategy names.
func Strategies() []string {
	return []string{MaskRedact, MaskToken, MaskHash, MaskPartial, MaskSynthetic}
}

// Masker masks findings. It remembers the tokens and synthetic values it
// handed out, so one Masker should serve one request (or one stream).
type Masker struct {
	strategy string
	key      []byte
	seed     uint64
	tokens   map[string]string // type + "\x00" + value -> replacement
	counters map[string]int
	// carried holds values masked in earlier pieces of one stream, so a
	// later piece scrubs their copies as whole-text masking would.
	carried []Finding
	seen    map[string]bool
}

// maxCarried bounds the values a stream remembers.
const maxCarried = 1 << 14

// carry remembers the values of fs (which carry Value) for later pieces.
func (m *Masker) carry(fs []Finding) {
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	for _, f := range fs {
		if len(m.carried) < maxCarried && f.Value != "" && !m.seen[f.Value] {
			m.seen[f.Value] = true
			m.carried = append(m.carried, f)
		}
	}
}

// NewMasker checks the strategy. hash needs a key (the workspace key);
// synthetic values derive from key and seed, so the same value gets the
// same fake for the same key and seed.
func NewMasker(strategy string, key []byte, seed uint64) (*Masker, error) {
	s := strings.ToLower(strings.TrimSpace(strategy))
	if s == maskReplace {
		s = MaskSynthetic
	}
	switch s {
	case MaskRedact, MaskToken, MaskPartial, MaskSynthetic:
	case MaskHash:
		if len(key) == 0 {
			return nil, fmt.Errorf("mask strategy hash needs a key")
		}
	default:
		return nil, fmt.Errorf("unknown mask strategy %q (want one of %s)", strategy, strings.Join(Strategies(), ", "))
	}
	return &Masker{strategy: s, key: key, seed: seed, tokens: map[string]string{}, counters: map[string]int{}}, nil
}

// Mask replaces findings in text using the strategy. Overlapping
// findings are resolved first (longest, then highest score).
func Mask(text string, findings []Finding, strategy string, key []byte) (string, error) {
	m, err := NewMasker(strategy, key, 0)
	if err != nil {
		return "", err
	}
	return m.Mask(text, findings), nil
}

// Mask masks one text. Findings must carry byte offsets into text.
func (m *Masker) Mask(text string, findings []Finding) string {
	fs := nonOverlapping(text, findings)
	var b strings.Builder
	b.Grow(len(text))
	prev := 0
	for _, f := range fs {
		b.WriteString(text[prev:f.Start])
		b.WriteString(m.replacement(f.Type, text[f.Start:f.End]))
		prev = f.End
	}
	b.WriteString(text[prev:])
	return m.scrubCopies(b.String(), fs, text)
}

// scrubCopies masks further copies of the findings' values. A value may
// stand elsewhere in the text where it was not detected (a bare number
// whose label was on another line); masked output must not leak it. One
// pass over the output finds every copy: a two-byte filter and a map keyed
// by the first four bytes of each value keep it linear.
func (m *Masker) scrubCopies(out string, fs []Finding, text string) string {
	vals := make([]Finding, 0, len(fs)+len(m.carried))
	for _, f := range fs {
		f.Value = text[f.Start:f.End]
		vals = append(vals, f)
	}
	vals = append(vals, m.carried...)
	if len(vals) == 0 {
		return out
	}
	repl := make(map[string]string, len(vals))
	var short []string
	byPrefix := map[uint32][]string{}
	var pair [1 << 16]bool
	for _, f := range vals {
		v := f.Value
		if _, seen := repl[v]; seen {
			continue
		}
		r := m.replacement(f.Type, v)
		if m.strategy == MaskPartial || m.strategy == MaskSynthetic {
			// These keep letters and digits, which could join the text
			// around a copy into the value again: copies become stars.
			r = strings.Repeat("*", utf8.RuneCountInString(v))
		}
		if strings.Contains(r, v) {
			// The replacement itself spells the value (a very short
			// value such as "ED"): use stars instead.
			r = strings.Repeat("*", utf8.RuneCountInString(v))
		}
		repl[v] = r
		if len(v) < 4 {
			short = append(short, v)
			continue
		}
		k := prefix4(v)
		byPrefix[k] = append(byPrefix[k], v)
		pair[uint16(v[0])<<8|uint16(v[1])] = true
	}
	var b strings.Builder
	var copied []string
	last := 0
	for i := 0; i+4 <= len(out); i++ {
		if !pair[uint16(out[i])<<8|uint16(out[i+1])] {
			continue
		}
		cands := byPrefix[prefix4(out[i:])]
		for _, v := range cands {
			if strings.HasPrefix(out[i:], v) {
				if b.Len() == 0 {
					b.Grow(len(out))
				}
				b.WriteString(out[last:i])
				b.WriteString(repl[v])
				copied = append(copied, v)
				last = i + len(v)
				i = last - 1
				break
			}
		}
	}
	if last > 0 {
		b.WriteString(out[last:])
		out = b.String()
	}
	for _, v := range short {
		if strings.Contains(out, v) {
			out = strings.ReplaceAll(out, v, strings.Repeat("*", utf8.RuneCountInString(v)))
		}
	}
	// Last guard: a value re-formed across the border of a replaced copy
	// is starred. Only values that had copies need the extra scan.
	for _, v := range copied {
		for k := 0; k < 3 && strings.Contains(out, v); k++ {
			out = strings.ReplaceAll(out, v, strings.Repeat("*", utf8.RuneCountInString(v)))
		}
	}
	return out
}

func prefix4(s string) uint32 {
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// nonOverlapping returns valid, non-overlapping findings sorted by start.
func nonOverlapping(text string, findings []Finding) []Finding {
	hs := make([]hit, 0, len(findings))
	for i, f := range findings {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		hs = append(hs, hit{f, i})
	}
	s := scanner{found: hs}
	return s.resolve()
}

func (m *Masker) replacement(typ, value string) string {
	k := typ + "\x00" + value
	if r, ok := m.tokens[k]; ok {
		return r
	}
	up := strings.ToUpper(typ)
	var r string
	switch m.strategy {
	case MaskRedact:
		r = "[MASKED_" + up + "]"
	case MaskToken:
		m.counters[typ]++
		r = fmt.Sprintf("<%s_%d>", up, m.counters[typ])
	case MaskHash:
		mac := hmac.New(sha256.New, m.key)
		mac.Write([]byte(typ))
		mac.Write([]byte{0})
		mac.Write([]byte(value))
		r = "<" + up + ":" + hex.EncodeToString(mac.Sum(nil))[:12] + ">"
	case MaskPartial:
		r = partial(value)
	case MaskSynthetic:
		r = m.synthetic(typ, value)
	}
	m.tokens[k] = r
	return r
}

// partial keeps the last four letters/digits and separators, and stars
// the rest. Values with four or fewer letters/digits are starred whole.
func partial(v string) string {
	n := 0
	for _, r := range v {
		if isAlnumRune(r) {
			n++
		}
	}
	keep := n - 4
	var b strings.Builder
	i := 0
	for _, r := range v {
		switch {
		case !isAlnumRune(r):
			b.WriteRune(r)
		case i < keep || n <= 4:
			b.WriteByte('*')
			i++
		default:
			b.WriteRune(r)
			i++
		}
	}
	return b.String()
}

func isAlnumRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 0x7f
}

func (m *Masker) synthetic(typ, value string) string {
	d := byName[typ]
	if d == nil {
		return "[MASKED_" + strings.ToUpper(typ) + "]"
	}
	h := fnv.New64a()
	h.Write(m.key)
	h.Write([]byte(value))
	r := rand.New(rand.NewPCG(m.seed, h.Sum64()))
	for k := 0; k < 8; k++ {
		if v := d.synth(r); v != value && !strings.Contains(v, value) {
			return v
		}
	}
	return "[MASKED_" + strings.ToUpper(typ) + "]"
}
