package split

import (
	"fmt"
	"math"

	"github.com/quarrydev/quarry/internal/doc"
)

// Boundary weights. A page opens a new document when the evidence that
// it starts one, summed with the (negative) evidence that it carries on
// from the page before, reaches Threshold. The weights are log-odds-like
// votes sized by how often each cue misleads: a restarted page count or a
// changed invoice number is rarely wrong, a changed page size or a repeated
// letterhead often is. docs/splitting.md explains each one.
const (
	wNumberRestart   = 5.0  // the page prints "1" (of N): a document's first page
	wNumberContinues = -6.0 // it prints k and the page before printed k-1
	wNumberLater     = -3.0 // it prints k > 1: a later page of something
	wPrevLast        = 2.0  // the page before printed "N of N": its document ended
	wPrevUnfinished  = -2.0 // the page before printed "k of N", k < N
	wTitle           = 2.5  // a document title in the header band
	wContinuation    = -2.5 // "continued", a carried-forward amount
	wTypeChange      = 2.0  // both pages confidently classified, as different types
	wNumberChange    = 3.5  // a different invoice or receipt number
	wNumberSame      = -4.0 // the same number
	wVendorChange    = 1.5  // a different issuer
	wVendorSame      = -1.0
	wCustomerChange  = 1.5 // a different addressee
	wCustomerSame    = -0.5
	wPrevTotal       = 1.5  // the page before closed with a total block
	wLetterhead      = 1.5  // the page opens with a letterhead (contact, registration lines)
	wSameLetterhead  = -1.0 // ... the one the page before showed
	wNewHeader       = 1.0  // the header band shares almost no words with the one before
	wSameHeader      = -1.5
	wStyleChange     = 1.5 // body font size or left margin differs (text layers only)
	wStyleSame       = -1.0
	wDisplayTitle    = 1.0 // a line in the header band set far above the body size
	wPageSize        = 2.0 // the page's size differs from the one before
	wSource          = 1.0 // one page is a scan, the other a text layer

	// The sender votes (issuer, letterhead, header band, typography) add
	// up to at most senderCapFor and at least senderCapAgainst.
	senderCapFor     = 3.0
	senderCapAgainst = -1.5

	// Threshold is the score at which a page opens a document.
	Threshold = 3.0

	typeConfident  = 0.7  // classifier confidence for a type change to count
	headerMinToks  = 4    // header bands compared only when both have this many words
	headerNew      = 0.2  // Jaccard at or below: a different header
	headerSame     = 0.6  // Jaccard at or above: the same header
	nameSame       = 0.5  // token overlap at or above: the same party
	pageSizeChange = 0.05 // relative change in width or height
	fontChange     = 0.12 // relative change in body height that counts as a new style
	fontSame       = 0.05 // ... and at most this much as the same style
	marginChange   = 0.025
	marginSame     = 0.01
)

// Boundary is the decision before one page (from page 2 on): whether it
// opens a new document, its score and the signals that voted.
type Boundary struct {
	Page    int
	Score   float64
	Split   bool
	Reasons []string
}

// scoreBoundary weighs the evidence that cur opens a new document after
// prev (the last non-blank page before it).
func scoreBoundary(prev, cur *page) (b Boundary) {
	b = Boundary{Page: cur.number}
	vote := func(w float64, format string, args ...any) {
		b.Score += w
		b.Reasons = append(b.Reasons, fmt.Sprintf("%+.1f ", w)+fmt.Sprintf(format, args...))
	}
	// The issuer's name, the letterhead, the header band and the
	// typography all say one thing: who made the page. They are counted
	// as one piece of evidence each way, capped, or a batch of one
	// supplier's invoices would outvote its changing invoice numbers.
	var senderFor, senderAgainst float64
	sender := func(w float64, format string, args ...any) {
		if w > 0 {
			senderFor += w
		} else {
			senderAgainst += w
		}
		b.Reasons = append(b.Reasons, fmt.Sprintf("%+.1f ", w)+fmt.Sprintf(format, args...))
	}
	defer func() {
		add := math.Min(senderFor, senderCapFor) + math.Max(senderAgainst, senderCapAgainst)
		if senderFor > senderCapFor || senderAgainst < senderCapAgainst {
			b.Reasons = append(b.Reasons, fmt.Sprintf("(sender votes capped: %+.1f in all)", add))
		}
		b.Score += add
		b.Split = b.Score >= Threshold
	}()
	numbering(prev, cur, vote)
	if cur.title != "" {
		vote(wTitle, "title %q in the header", cur.title)
	}
	if cur.contTop || prev.contFoot {
		vote(wContinuation, "continuation cue")
	}
	if prev.typ != "" && cur.typ != "" && prev.typ != cur.typ && prev.typConf >= typeConfident && cur.typConf >= typeConfident {
		vote(wTypeChange, "type changes from %s to %s", prev.typ, cur.typ)
	}
	if prev.docNo != "" && cur.docNo != "" {
		if prev.docNo == cur.docNo {
			vote(wNumberSame, "same document number")
		} else {
			vote(wNumberChange, "document number changes")
		}
	}
	party(prev.vendor, cur.vendor, wVendorChange, wVendorSame, "issuer", sender)
	party(prev.customer, cur.customer, wCustomerChange, wCustomerSame, "addressee", vote)
	if cur.letterhead {
		if len(prev.letterTokens) > 0 && overlap(prev.letterTokens, cur.letterTokens) >= nameSame {
			sender(wSameLetterhead, "letterhead repeats")
		} else {
			sender(wLetterhead, "letterhead in the header")
		}
	}
	if prev.total {
		vote(wPrevTotal, "previous page closes with a total")
	}
	if len(prev.header) >= headerMinToks && len(cur.header) >= headerMinToks {
		switch j := jaccard(prev.header, cur.header); {
		case j <= headerNew:
			sender(wNewHeader, "new header block")
		case j >= headerSame:
			sender(wSameHeader, "header block repeats")
		}
	}
	if cur.displayTitle {
		vote(wDisplayTitle, "display title at the top")
	}
	switch style(prev, cur) {
	case styleChanged:
		sender(wStyleChange, "body font or margin changes")
	case styleSame:
		sender(wStyleSame, "same body font and margin")
	}
	if sizeChanged(prev, cur) {
		vote(wPageSize, "page size changes")
	}
	if prev.source != "" && cur.source != "" && prev.source != cur.source {
		vote(wSource, "text source changes (%s to %s)", prev.source, cur.source)
	}
	return b // the deferred sender sum completes the score
}

func numbering(prev, cur *page, vote func(float64, string, ...any)) {
	switch {
	case cur.num.n == 1:
		vote(wNumberRestart, "page numbering restarts")
	case cur.num.n > 1 && prev.num.n == cur.num.n-1 && (prev.num.of == 0 || cur.num.of == 0 || prev.num.of == cur.num.of):
		vote(wNumberContinues, "page numbering continues (%d after %d)", cur.num.n, prev.num.n)
	case cur.num.n > 1:
		vote(wNumberLater, "page numbered %d", cur.num.n)
	}
	switch {
	case prev.num.of > 0 && prev.num.n == prev.num.of:
		vote(wPrevLast, "previous page was the last of %d", prev.num.of)
	case prev.num.of > 0 && prev.num.n < prev.num.of && cur.num.n != 1:
		vote(wPrevUnfinished, "previous page was %d of %d", prev.num.n, prev.num.of)
	}
}

func party(prev, cur []string, change, same float64, what string, vote func(float64, string, ...any)) {
	if len(prev) == 0 || len(cur) == 0 {
		return
	}
	if overlap(prev, cur) >= nameSame {
		vote(same, "same %s", what)
	} else {
		vote(change, "%s changes", what)
	}
}

// overlap is the share of the shorter name's tokens found in the other.
func overlap(a, b []string) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	in := map[string]bool{}
	for _, t := range b {
		in[t] = true
	}
	n := 0
	for _, t := range a {
		if in[t] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// jaccard compares two bags of tokens as sets.
func jaccard(a, b []string) float64 {
	sa, sb := map[string]bool{}, map[string]bool{}
	for _, t := range a {
		sa[t] = true
	}
	inter := 0
	for _, t := range b {
		if !sb[t] {
			sb[t] = true
			if sa[t] {
				inter++
			}
		}
	}
	union := len(sa) + len(sb) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

const (
	styleUnknown = iota
	styleSame
	styleChanged
)

// style compares the typography of two text-layer pages.
func style(prev, cur *page) int {
	textLayer := func(p *page) bool {
		return (p.source == doc.SourcePDFText || p.source == doc.SourceNative) && p.bodyHeight > 0
	}
	if !textLayer(prev) || !textLayer(cur) {
		return styleUnknown
	}
	dh := math.Abs(prev.bodyHeight-cur.bodyHeight) / math.Max(prev.bodyHeight, cur.bodyHeight)
	dm := math.Abs(prev.leftMargin - cur.leftMargin)
	switch {
	case dh > fontChange || dm > marginChange:
		return styleChanged
	case dh <= fontSame && dm <= marginSame:
		return styleSame
	}
	return styleUnknown
}

func sizeChanged(prev, cur *page) bool {
	if prev.width <= 0 || prev.height <= 0 || cur.width <= 0 || cur.height <= 0 {
		return false
	}
	// A page turned a quarter is the same sheet: compare the sides sorted.
	pw, ph := math.Min(prev.width, prev.height), math.Max(prev.width, prev.height)
	cw, ch := math.Min(cur.width, cur.height), math.Max(cur.width, cur.height)
	return math.Abs(pw-cw)/pw > pageSizeChange || math.Abs(ph-ch)/ph > pageSizeChange
}

// certainty maps a boundary score to how sure the decision is, split or
// not: 0.5 at the threshold, near 1 several points away from it.
func certainty(score float64) float64 {
	return 1 / (1 + math.Exp(-math.Abs(score-Threshold)/1.5))
}
