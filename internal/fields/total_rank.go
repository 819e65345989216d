package fields

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/quarrydev/quarry/internal/doc"
)

// A receipt or invoice prints many lines with "total" in them: item
// counts, subtotals, tax totals, the total before and after rounding, the
// cash tendered. The document total is the one a person would pay, so the
// lines are ranked rather than taken in order:
//
//	grand   grand/final/nett/rounded/payable/due/incl. tax   rank 3
//	plain   "Total", "Total Amount", "Toplam"                rank 2
//	net     "Net Total", "Net Amt" (final in Malaysia, excl. VAT in EU) rank 1.5
//	never   sub/excl./tax/qty/count/cash/change/discount/rounding lines
//
// Within the best rank the largest amount wins (a total before a service
// charge or rounding is smaller than the total after it). When the receipt
// prints what was tendered and the change, the amount equal to
// tendered - change outranks the rest: that is the sum actually paid.

// totalWords mark a line as a total line (labelTok form).
var totalWords = setOf("total", "totals", "grandtotal", "subtotal", "jumlah", "toplam", "gesamt", "gesamtbetrag", "summe",
	"endbetrag", "rechnungsbetrag", "bruttobetrag", "totaal", "totale", "ttc", "importe", "payable", "amountdue", "netto",
	"montant", "odenecek", "tutar", "endsumme", "gesamtsumme", "rechnungssumme", "zahlbetrag", "bruttosumme")

// grandWords lift a total line to the top rank.
var grandWords = setOf("grand", "grandtotal", "final", "nett", "rounded", "payable", "due", "incl", "inclusive", "including",
	"inc", "ttc", "brutto", "bruttobetrag", "gesamtbetrag", "endbetrag", "rechnungsbetrag", "genel", "odenecek", "pagar",
	"payer", "betalen", "zahlen", "endsumme", "rechnungssumme", "zahlbetrag", "bruttosumme", "jumlah", "balance", "amountdue", "inkl", "inklusive", "inclusief", "incluido", "compreso",
	"compresa")

// notTotalWords exclude a line: it totals something else or is a payment.
var notTotalWords = setOf(
	// counts
	"qty", "quantity", "quantities", "item", "items", "pcs", "count", "units", "unit", "adet", "menge", "anzahl", "qte",
	"cantidad", "articles", "artikel", "tender",
	// parts of the total
	"sub", "subtotal", "zwischensumme", "excl", "excluding", "exclusive", "excluded", "exc", "before", "ht", "ara", "matrah",
	"sous", "untaxed", "discount", "disc", "saving", "savings", "rounding", "round", "adj", "adjustment", "service", "charge",
	"deposit", "point", "points", "weight",
	// payments
	"cash", "change", "tendered", "card", "visa", "mastercard", "paid", "received", "kembali", "tunai", "baki",
)

// taxWords make a line a tax total unless an inclusion word is present.
var taxWords = setOf("tax", "gst", "vat", "sst", "kdv", "mwst", "ust", "tva", "iva", "btw", "ppn", "taxes")

// inclusionWords say an amount includes the tax.
var inclusionWords = setOf("incl", "inclusive", "including", "inc", "with", "ttc", "brutto", "dahil", "inkl", "inklusive",
	"inclusief", "incluido", "incluse", "compreso", "compresa")

// totalLine is one ranked candidate.
type totalLine struct {
	c     cand
	rank  float64
	value float64
	cents bool // printed with two decimals
	row   int
	rate  string // the tax rate the line's label names ("6%"), if any
	// summed is a tax summary's row of net and tax ("TOTAL : 26.00
	// 1.56"), whose value is their sum: a total before any rounding,
	// wherever the summary is printed.
	summed bool
}

// maxRoundingAdj bounds a rounding adjustment: cash rounding moves a total
// by less than the smallest coins in use.
const maxRoundingAdj = 0.5

// roundingLine reports a rounding line ("Rounding Adj", "Round Adj.",
// "Pembundaran"), but not "Total after rounding" or "Rounded total".
func roundingLine(lab []string) bool {
	return has(lab, "rounding", "round", "rounding adj", "pembundaran", "pengenapan", "arrondi", "rundung") &&
		!has(lab, "total", "after", "rounded")
}

// rankedTotal finds the document total by ranking its total lines.
func (e *extractor) rankedTotal() (cand, bool) {
	x := e.x
	var lines []totalLine
	var tendered, change []float64
	var payments []cand // amounts on payment lines, after the totals
	roundRow, roundAdj := -1, 0.0
	roundLine := -1            // the first rounding line, its amount read or not
	rates := map[string]bool{} // tax rates printed on summary lines
	var unread []int
	var parts []part
	taxRow := -1              // the first tax line of the totals block
	var lateSub *cand         // a subtotal printed under the tax (see below)
	var net, netTax *cand     // the amount before tax ("Nett of Tax: RM31.98"); it plus the tax right under it
	netRow := -1              // net's row
	items, itemRows := 0.0, 0 // the amounts of the rows above the first tendered one
	var prepaid []part        // prepayment lines ("Erhaltene Anzahlungen 500,00")
	for ri := range x.Rows {
		words, toks := e.rowWords(ri)
		lab, amts := splitLabelAmounts(x, words, toks)
		if len(lab) == 0 {
			continue
		}
		if roundLine < 0 && roundingLine(lab) {
			roundLine, e.rounding = ri, true
		}
		if len(amts) == 0 {
			// "TOTAL:" with its amount alone on the next row.
			amts = e.amountsBelow(ri)
		}
		if len(amts) == 0 {
			amts = bentCurrencyAmount(x, words) // "Total fM1.00"
		}
		if len(amts) == 0 {
			if unread == nil && totalRank(lab) >= 2 {
				unread = words // a total line whose amount OCR garbled
			}
			continue
		}
		// Tendered and change count only when printed with cents: OCR
		// that dropped the decimals ("CASH 50.", "CHANGE 20.") would
		// make a wrong difference.
		last := amts[len(amts)-1]
		lastCents := withCents(x, last.words)
		tender := tenderLine(lab)
		if tender && lastCents {
			tendered = append(tendered, math.Abs(last.value.(float64))) // "Cash -50.00": a tick OCR read as a sign
		}
		if tender || has(lab, "visa", "mastercard", "card", "credit", "debit", "amex") && !has(lab, "change") {
			payments = append(payments, amts...)
		}
		if has(lab, "change", "kembali", "baki") && lastCents {
			change = append(change, last.value.(float64))
		}
		payment := tender || has(lab, "change", "kembali", "baki")
		if !payment && lastCents && len(tendered) == 0 && !summaryLine(lab) && !roundingLine(lab) && totalRank(lab) == 0 {
			items, itemRows = items+last.value.(float64), itemRows+1
		}
		r := totalRank(lab)
		a, cents := pickAmount(x, amts)
		summed := false
		if r > 0 {
			if c, ok := netPlusTax(x, amts); ok {
				a, summed = c, true
			}
		}
		v := a.value.(float64)
		if cents && r == 0 && hasAny(lab, prepaymentWords) {
			prepaid = append(prepaid, part{math.Abs(v), ri, a.words})
		}
		if roundingLine(lab) {
			if math.Abs(v) < maxRoundingAdj {
				if v != 0 && roundRow < 0 {
					roundRow, roundAdj = ri, v // totals above it are before rounding
				}
				continue
			}
			// "Rounding RM 27.30": more than a coin's adjustment is the
			// rounded total itself.
			r = 3
		}
		if cents && !payment && summaryLine(lab) {
			parts = append(parts, part{v, ri, a.words}) // a subtotal, tax or total others may add up to
		}
		switch {
		case cents && !payment && netOfTax(lab) && taxRate(x, words) == "":
			// A net amount per tax rate ("Total 6% supplies (excl. GST)")
			// is a part of the total, not all of it before tax.
			c := a
			net, netRow = &c, ri
		case cents && net != nil && netTax == nil && ri == netRow+1 && taxLine(lab) && v > 0:
			c := sumOf(*net, a)
			netTax = &c
		}
		rate := ""
		if summaryLine(lab) {
			rate = taxRate(x, words)
			if rate != "" {
				rates[rate] = true
			}
		}
		if r == 0 {
			if cents && !payment && summaryLine(lab) {
				tax := hasAny(lab, taxWords)
				if taxRow < 0 && tax && !has(lab, "total", "subtotal", "sub") {
					taxRow = ri
				}
				if lateSub == nil && taxRow >= 0 && ri > taxRow && !tax && has(lab, "subtotal", "sub") {
					c := a
					lateSub = &c
				}
			}
			continue
		}
		lines = append(lines, totalLine{c: a, rank: r, value: v, cents: cents, row: ri, rate: rate, summed: summed})
	}
	if len(rates) >= 2 {
		// Totals printed per tax rate ("Total 0% supplies", "Total 6%
		// supplies (Inc. GST)") break the document total down; none of
		// them is it. One rate alone may name the tax the total includes
		// ("Gesamtbetrag inkl. 19% MwSt").
		kept := lines[:0]
		for _, tl := range lines {
			if tl.rate == "" {
				kept = append(kept, tl)
			}
		}
		lines = kept
	}
	paid := math.NaN()
	if len(tendered) > 0 && len(change) > 0 && tendered[0]-change[0] > 0 {
		paid = tendered[0] - change[0]
		e.paid = toCents(paid)
	}
	exact := math.NaN() // tendered with no change printed: paid exactly
	if len(tendered) > 0 && len(change) == 0 {
		exact = tendered[0]
	}
	if len(lines) == 0 {
		// Every total line was unreadable ("Total (Inclusive of GST):
		// $,50"): what was tendered minus the change is what was paid,
		// and with no change printed, what was tendered ("TOTAL AMOUNT"
		// ... "CASH RM 6.00").
		if math.IsNaN(paid) && (unread != nil || itemRows >= 2 && exact > 0 && math.Abs(items-exact) < 0.005) {
			// With no total line at all, what was tendered is what was
			// paid when the item rows above it add up to it ("149.00",
			// "21.00", "CASH RM 170.00").
			paid = exact
		}
		if math.IsNaN(paid) && unread == nil && lateSub != nil {
			// No total line, only a "SUBTOTAL" printed under the tax and
			// service charge: it sums them, so it is what was paid.
			lateSub.score = 0.5 * wordConf(x.L, lateSub.words)
			return *lateSub, true
		}
		if math.IsNaN(paid) && unread == nil && netTax != nil {
			// No total line OCR could read, but the amount before tax
			// and the tax right under it: their sum is the total
			// ("Nett of Tax: RM31.98", "GST 6%: RM1.92").
			netTax.score = 0.5 * wordConf(x.L, netTax.words)
			return *netTax, true
		}
		if unread == nil {
			unread = printedAs(parts, paid) // "Total Includes GST 0% 8.20": the amount is printed, its label unranked
		}
		if unread == nil && !math.IsNaN(paid) {
			unread = e.printedAmount(paid) // "29.80" alone under the tax line
		}
		if unread == nil {
			// Paid exactly ("Received 36.00", "Change 0.00"): the sum is
			// printed on the payment line, which grounds it.
			for _, p := range payments {
				if v, ok := p.value.(float64); ok && math.Abs(v-paid) < 0.005 {
					unread = p.words
					break
				}
			}
		}
		return e.paidTotal(paid, unread)
	}
	rounded := false // a total line follows a rounding adjustment
	for _, tl := range lines {
		rounded = rounded || (roundRow >= 0 && tl.row > roundRow && !tl.summed)
	}
	afterRounding := roundedSum(lines, roundRow, roundAdj)
	best := -1
	bestKey := [3]float64{}
	for i := range lines {
		tl := &lines[i]
		if !math.IsNaN(afterRounding) && tl.row > roundRow && tl.cents {
			if v, ok := misreadPrefix(tl.value, afterRounding); ok {
				tl.value, tl.c.value = v, v
			} else if v, ok := lostLeadingDigit(tl.value, afterRounding); ok {
				tl.value, tl.c.value = v, v
			}
		}
		if !tl.cents {
			if v, ok := misreadSum(parts, *tl); ok {
				tl.value, tl.c.value, tl.cents = v, v, true
			}
		}
		r := tl.rank
		if !math.IsNaN(afterRounding) && tl.row > roundRow && math.Abs(tl.value-afterRounding) < 0.005 {
			r += 2 // the total before rounding plus the adjustment
		}
		if !math.IsNaN(paid) && math.Abs(tl.value-paid) < 0.005 {
			r += 2
		}
		if !math.IsNaN(exact) && math.Abs(tl.value-exact) < 0.005 {
			r += 2 // "TOTAL: 38.00" ... "CASH : 38.00" with no change
		}
		if tl.cents && dueAfterPrepayment(lines, prepaid, *tl) {
			r += 2 // "Bruttosumme 1.021,91", "Anzahlungen 500,00", "Zahlbetrag 521,91"
		}
		if tl.cents && sumOfParts(parts, *tl) {
			r += 2 // "Total 0% supplies 35.14", "Total 6% supplies 38.41", "Total 73.55"
		}
		if rounded && tl.row < roundRow {
			r -= 1.5 // the total before rounding, when the rounded one is printed
		}
		if roundRow < 0 && roundLine >= 0 && tl.row < roundLine && !onCashGrid(tl.value) && gridTotalBelow(lines, roundLine) {
			// The rounding line's amount is unreadable ("Rounding RMO .02"),
			// but a total under it is rounded and this one is not: this
			// one is the total before rounding.
			r -= 1.5
		}
		// An amount printed with cents first (a count or an amount whose
		// decimal mark OCR lost has none), then the rank, then the larger.
		key := [3]float64{b2f(tl.cents), r, tl.value}
		if best < 0 || key[0] > bestKey[0] || (key[0] == bestKey[0] && (key[1] > bestKey[1] || key[1] == bestKey[1] && key[2] > bestKey[2])) {
			best, bestKey = i, key
		}
	}
	tl := lines[best]
	if !tl.cents && !math.IsNaN(paid) && math.Abs(tl.value-paid) >= 0.005 {
		// The best total lost its decimal mark or digits to OCR ("Grand
		// Total ® 35"); the payment lines still say what was paid.
		return e.paidTotal(paid, tl.c.words)
	}
	if roundRow >= 0 && !rounded && (tl.row < roundRow || tl.summed) {
		// Only the total before rounding is printed as a total: the sum
		// paid is that total plus the adjustment, and it is printed on the
		// payment line ("Rounding Adj: 0.02" ... "VISA 65.55").
		sum := toCents(tl.value + roundAdj)
		found := false
		for _, p := range payments {
			if math.Abs(p.value.(float64)-sum) < 0.005 {
				tl.c, found = p, true
				break
			}
		}
		if !found && tl.cents && !onCashGrid(tl.value) && onCashGrid(sum) {
			// No line prints the rounded sum (OCR lost it), but the
			// adjustment brings the total onto the cash grid, which
			// vouches for both readings: the sum is what was paid. It
			// stays boxed on the total line it was computed from.
			tl.c.value = sum
		}
	}
	if roundRow < 0 && roundLine >= 0 && tl.cents && !math.IsNaN(paid) && cashRoundsTo(tl.value, paid) {
		// The rounding line's amount is unreadable, but the payment lines
		// add up to this total rounded onto the cash grid: that is the
		// total the shop rounded to. It stays boxed on its total line.
		tl.c.value = toCents(paid)
	}
	conf := math.Min(0.95, 0.45+0.15*tl.rank)
	tl.c.score = conf * wordConf(x.L, tl.c.words)
	return tl.c, true
}

// prepaymentWords name an amount paid before the invoice, which the
// amount due leaves out.
var prepaymentWords = setOf("anzahlung", "anzahlungen", "vorauszahlung", "vorauszahlungen", "prepaid", "prepayment",
	"prepayments", "deposit", "advance", "acompte", "acomptes", "acconto", "anticipo", "aanbetaling", "avans")

// dueAfterPrepayment reports a total line that prints another total line
// above it less a prepayment printed between the two: the amount still
// due, which the invoice asks to be paid. Only the last maxParts
// prepayments above the line, and the last maxParts total lines above
// each, are tried (both are in row order), so that a page of a hundred
// thousand such lines stays linear.
func dueAfterPrepayment(lines []totalLine, prepaid []part, tl totalLine) bool {
	for _, p := range partsAbove(prepaid, tl.row) {
		top := sort.Search(len(lines), func(i int) bool { return lines[i].row >= p.row })
		for _, above := range lines[max(0, top-maxParts):top] {
			if above.cents && math.Abs(above.value-p.value-tl.value) < 0.005 {
				return true
			}
		}
	}
	return false
}

// netOfTax reports a line that states the amount before tax: "Nett of
// Tax", "Net Amount excl. VAT", "Total Sales (Excluding GST)", "Montant
// HT". A net word or an exclusion word must come with a tax word, so a
// "Net Total" (the payable total in Malaysia) is none.
func netOfTax(lab []string) bool {
	if !hasAny(lab, taxWords) || hasAny(lab, inclusionWords) {
		return false
	}
	return has(lab, "net", "nett", "netto", "excl", "excluding", "exclusive", "exc", "ex", "before", "sebelum", "ht", "hors", "untaxed")
}

// taxLine reports a line that states a tax amount and nothing more ("GST
// 6%: RM1.92", "VAT 20%"): a tax word, and no word that makes it a
// total, a net amount or an exclusion.
func taxLine(lab []string) bool {
	if !hasAny(lab, taxWords) || hasAny(lab, inclusionWords) || netOfTax(lab) {
		return false
	}
	for _, t := range lab {
		if totalWords[t] || strings.HasPrefix(t, "sub") {
			return false
		}
	}
	return true
}

// tenderLine reports a line that says what the customer handed over
// ("Cash", "Tendered", "Paid", "Payment"), not the change given back. A
// "Total Payment" is the sum to pay, not what was handed over.
func tenderLine(lab []string) bool {
	if has(lab, "change") {
		return false
	}
	return has(lab, "cash", "tunai", "tendered", "tender", "paid", "received") || has(lab, "payment") && !hasAny(lab, totalWords)
}

// onCashGrid reports an amount that cash rounding can produce: a
// multiple of five cents (every rounding rule in use rounds to 0.05 or
// coarser: 0.10, 1.00).
func onCashGrid(v float64) bool {
	c := int64(math.Round(math.Abs(v) * 100))
	return c%5 == 0
}

// cashRoundsTo reports an amount v off the cash grid that rounds to r
// on it (10.44 to 10.45, 17.22 to 17.20).
func cashRoundsTo(v, r float64) bool {
	return !onCashGrid(v) && math.Abs(cashRound(v)-r) < 0.005
}

// cashRound rounds v to the nearest 0.05.
func cashRound(v float64) float64 { return math.Round(v*20) / 20 }

// toCents rounds v to the cent, undoing float error in sums of amounts.
func toCents(v float64) float64 { return math.Round(v*100) / 100 }

// gridTotalBelow reports a total line under row with cents on the cash
// grid (onCashGrid).
func gridTotalBelow(lines []totalLine, row int) bool {
	for _, tl := range lines {
		if tl.row > row && tl.cents && onCashGrid(tl.value) {
			return true
		}
	}
	return false
}

// hasAny reports whether a token of toks is in set.
func hasAny(toks []string, set map[string]bool) bool {
	for _, t := range toks {
		if set[t] {
			return true
		}
	}
	return false
}

func has(toks []string, ws ...string) bool {
	for _, t := range toks {
		for _, w := range ws {
			if t == w {
				return true
			}
		}
	}
	return false
}

// totalRank returns the rank of a line from its label tokens (0: not the
// document total).
func totalRank(lab []string) float64 {
	if len(lab) > 7 {
		return 0 // a sentence that mentions a total, not a total line
	}
	clean := make([]string, 0, len(lab))
	for _, t := range lab {
		t, _, _ = strings.Cut(t, "(") // "item(s" -> "item"
		clean = append(clean, splitTaxScope(t)...)
	}
	lab = clean
	// "Total after rounding adj.": what follows "after" is already in.
	for i, t := range lab {
		if t == "after" || t == "selepas" || t == "nach" || t == "apres" {
			lab = lab[:i]
			if len(lab) > 0 && totalRank(lab) > 0 {
				return 3
			}
			break
		}
	}
	// "Due 7.50" alone on its line, between the item count and the
	// change, as some tills print the amount due.
	isTotal := len(lab) == 1 && lab[0] == "due"
	for i, t := range lab {
		if totalWords[t] || (t == "amount" && i+1 < len(lab) && (lab[i+1] == "due" || lab[i+1] == "payable")) ||
			((t == "amount" || t == "amt") && i > 0 && (lab[i-1] == "net" || lab[i-1] == "nett")) ||
			(t == "balance" && i+1 < len(lab) && lab[i+1] == "due") {
			isTotal = true
		}
	}
	if !isTotal {
		return 0
	}
	incl := false
	for _, t := range lab {
		if inclusionWords[t] {
			incl = true
		}
	}
	for _, t := range lab {
		if notTotalWords[t] || strings.HasPrefix(t, "sub") || (taxWords[t] && !incl) {
			return 0
		}
	}
	for _, t := range lab {
		if grandWords[t] {
			return 3
		}
	}
	if has(lab, "net") {
		return 1.5
	}
	return 2
}

// rowWords returns a row's words left to right with their label tokens.
func (e *extractor) rowWords(ri int) ([]int, []string) {
	if segs := e.x.Rows[ri].Segs; len(segs) == 1 {
		// One segment, the common case: its own slices, capped so that
		// no caller's append can write into the index.
		s := &e.x.Segs[segs[0]]
		return s.Words[:len(s.Words):len(s.Words)], s.Toks[:len(s.Toks):len(s.Toks)]
	}
	var ws []int
	var ts []string
	for _, si := range e.x.Rows[ri].Segs {
		s := &e.x.Segs[si]
		ws = append(ws, s.Words...)
		ts = append(ts, s.Toks...)
	}
	return ws, ts
}

// splitLabelAmounts cuts a row into its label (the tokens before the first
// amount, which must contain a letter) and the amounts after it.
// Percentages ("GST@6%", "6 %") and words glued to letters are skipped.
func splitLabelAmounts(x *Index, words []int, toks []string) ([]string, []cand) {
	var lab []string
	var amts []cand
	var buf [4]string // parseAmountWords keeps nothing of it
	i := 0
	for i < len(words) {
		raw := x.L.Words[words[i]].Text
		if len(lab) > 0 && !strings.Contains(raw, "%") && !strings.HasPrefix(raw, "@") &&
			(i+1 >= len(words) || !strings.HasPrefix(x.L.Words[words[i+1]].Text, "%")) {
			texts := buf[:0]
			for k := i; k < len(words) && k < i+4; k++ {
				t := x.L.Words[words[k]].Text
				if len(t) > 1 && strings.HasPrefix(t, "~") && t[1] >= '0' && t[1] <= '9' {
					t = "-" + t[1:] // OCR reads the minus of "-0.01" as "~"
				}
				texts = append(texts, t)
			}
			if v, _, n, q := parseAmountWords(texts); n > 0 {
				amts = append(amts, cand{value: v, words: words[i : i+n : i+n], score: q})
				i += n
				continue
			}
		}
		if len(amts) == 0 && toks[i] != "" {
			lab = append(lab, toks[i])
		}
		i++
	}
	if len(amts) == 0 {
		return lab, nil
	}
	return lab, amts
}

// pickAmount chooses the line's amount: the largest one printed with cents
// ("Total 1 278.61 40.39 319.00": quantity, price, tax, total; "Total
// 29.24 1.76": net and tax), else the right-most one. It reports whether
// the amount had cents.
func pickAmount(x *Index, amts []cand) (cand, bool) {
	best := -1
	for k := range amts {
		ws := amts[k].words
		if withCents(x, ws) && (best < 0 || amts[k].value.(float64) > amts[best].value.(float64)) {
			best = k
		}
	}
	if best >= 0 {
		return amts[best], true
	}
	if c, ok := spaceDecimal(x, amts); ok {
		return c, true
	}
	return amts[len(amts)-1], false
}

// netPlusTax reads a total row of exactly two amounts with cents, the
// second the first's tax at a common VAT or GST rate, as a tax summary's
// row of net and tax ("TOTAL : 26.00 1.56" under "GST SUMMARY"), and
// answers their sum, boxed on both.
func netPlusTax(x *Index, amts []cand) (cand, bool) {
	if len(amts) != 2 || !withCents(x, amts[0].words) || !withCents(x, amts[1].words) {
		return cand{}, false
	}
	net, tax := amts[0].value.(float64), amts[1].value.(float64)
	if tax <= 0 || tax >= net || !taxAtCommonRate(net, tax) {
		return cand{}, false
	}
	return sumOf(amts[0], amts[1]), true
}

// sumOf is the amount a plus b, boxed on the words of both.
func sumOf(a, b cand) cand {
	c := a
	c.value = toCents(a.value.(float64) + b.value.(float64))
	c.words = append(append([]int(nil), a.words...), b.words...)
	return c
}

// commonTaxRates are VAT and GST rates in use; a net amount and its tax
// at one of them are a summary row's two columns.
var commonTaxRates = []float64{0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.15, 0.16, 0.17, 0.18, 0.19, 0.20, 0.21, 0.22, 0.23, 0.24, 0.25}

// taxAtCommonRate reports whether tax is net's tax, to the cent, at one
// of the commonTaxRates.
func taxAtCommonRate(net, tax float64) bool {
	for _, r := range commonTaxRates {
		if math.Abs(toCents(net*r)-tax) < 0.005 {
			return true
		}
	}
	return false
}

// spaceDecimal reads the last two amounts of a total line as one when OCR
// saw the decimal point as a space, or a gap after it: "Total After Adj
// Incl GST 46 55" is 46.55, "SUBTOTAL RM96. 20" 96.20. Only whole numbers
// of up to four digits followed by exactly two digits, adjacent on the
// line, qualify.
func spaceDecimal(x *Index, amts []cand) (cand, bool) {
	if len(amts) < 2 {
		return cand{}, false
	}
	a, b := amts[len(amts)-2], amts[len(amts)-1]
	if len(a.words) != 1 || len(b.words) != 1 || b.words[0] != a.words[0]+1 {
		return cand{}, false
	}
	wa, wb := x.L.Words[a.words[0]].Text, x.L.Words[b.words[0]].Text
	if num, _, ok := splitGluedCurrency(wa); ok {
		wa = num // "Grand Total RM14 20": the currency glued to the whole part
	}
	wa = strings.TrimRight(wa, ".,") // "RM96. 20": the mark kept, the gap after it read as a space
	if !isDigits(wa) || len(wa) > 4 || !isDigits(wb) || len(wb) != 2 {
		return cand{}, false
	}
	v := a.value.(float64) + b.value.(float64)/100
	return cand{value: v, words: []int{a.words[0], b.words[0]}, score: 0.8 * a.score}, true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// reCents matches an amount printed with two decimals ("27.55", "1.234,50
// €"), which a count, a year or a percentage never has.
var reCents = regexp.MustCompile(`\d[.,]\d{2}(\D{0,4})$`)

// withCents reports an amount printed with two decimals, its words read
// together: OCR splits "RM96.20" into "RM96." and "20" at a gap in the
// print, and the amount still has its cents.
func withCents(x *Index, ws []int) bool {
	if len(ws) == 1 {
		return reCents.MatchString(x.L.Words[ws[0]].Text)
	}
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(x.L.Words[w].Text)
	}
	return reCents.MatchString(b.String())
}

// amountsBelow reads the next row when it holds nothing but an amount
// (optionally with a currency): the value of a label printed alone.
func (e *extractor) amountsBelow(ri int) []cand {
	x := e.x
	if ri+1 >= len(x.Rows) || x.Rows[ri+1].Page != x.Rows[ri].Page {
		return nil
	}
	r, n := &x.Rows[ri], &x.Rows[ri+1]
	if !r.Box.IsZero() && n.Box.Y0-r.Box.Y1 > 2*r.Box.Height()+0.005 {
		return nil
	}
	words, _ := e.rowWords(ri + 1)
	texts := e.texts(words)
	v, _, k, q := parseAmountWords(texts)
	if k == 0 || k != len(texts) {
		return nil
	}
	return []cand{{value: v, words: words, score: q}}
}

// paidTotal answers tendered minus change as the total, boxed on the
// total line when there is one. NaN (no payment lines) answers nothing.
func (e *extractor) paidTotal(paid float64, words []int) (cand, bool) {
	if math.IsNaN(paid) {
		return cand{}, false
	}
	v := toCents(paid)
	return cand{value: v, words: words, score: 0.5 * wordConf(e.x.L, words)}, true
}

// reBentCurrency is an amount with cents behind one to three letters that
// are a currency code OCR bent ("fM1.00" for "RM1.00"): the known codes
// are read by CurrencyCode already.
// A letter O in the whole part is a zero OCR read as a letter ("RMO.02"
// for "RM0.02").
var reBentCurrency = regexp.MustCompile(`^[A-Za-z]{1,3}?([\dOo]{1,7}[.,]\d{2})$`)

// bentCurrencyAmount reads the last word of a row as an amount behind a
// bent currency code, or nothing.
func bentCurrencyAmount(x *Index, words []int) []cand {
	if len(words) < 2 {
		return nil
	}
	last := words[len(words)-1]
	m := reBentCurrency.FindStringSubmatch(x.L.Words[last].Text)
	if m == nil {
		return nil
	}
	v, _, _, ok := parseNumberToken(strings.NewReplacer("O", "0", "o", "0").Replace(m[1]))
	if !ok {
		return nil
	}
	return []cand{{value: v, words: []int{last}, score: 0.8}}
}

// part is an amount printed with cents on a labelled row above a total.
type part struct {
	value float64
	row   int
	words []int
}

// summaryLine reports a row of the totals block (a total, subtotal, tax,
// discount or charge), whose amounts a grand total may add up; item rows
// are not, so two items never vouch for a total before tax.
func summaryLine(lab []string) bool {
	for _, t := range lab {
		t, _, _ = strings.Cut(t, "(")
		if totalWords[t] || taxWords[t] || strings.HasPrefix(t, "sub") || t == "service" || t == "charge" || t == "discount" || t == "disc" {
			return true
		}
	}
	return false
}

// printedAs returns the words of the first part printed with value v, or
// nil: the box of a total found by arithmetic.
func printedAs(parts []part, v float64) []int {
	for _, p := range parts {
		if math.Abs(p.value-v) < 0.005 {
			return p.words
		}
	}
	return nil
}

// maxParts bounds how many rows above a total are tried as its parts, so
// that a page of a hundred thousand total lines stays linear.
const maxParts = 12

// partsAbove returns the last maxParts parts printed above row (parts
// are in row order).
func partsAbove(parts []part, row int) []part {
	end := sort.Search(len(parts), func(i int) bool { return parts[i].row >= row })
	return parts[max(0, end-maxParts):end]
}

// sumOfParts reports whether tl's amount is the sum of two amounts printed
// on distinct rows just above it (subtotal and tax, or the totals of two
// tax rates): a total the document itself adds up.
func sumOfParts(parts []part, tl totalLine) bool {
	above := partsAbove(parts, tl.row)
	for i := range above {
		for j := i + 1; j < len(above); j++ {
			a, b := above[i].value, above[j].value
			if a > 0 && b > 0 && math.Abs(a+b-tl.value) < 0.005 {
				return true
			}
		}
	}
	return false
}

// misreadSum reads a total printed without its decimal mark and with one
// digit misread ("Total Payable: 5148"), or with its cents cut off
// ("Total Payable: 51"), as the sum of two amounts printed above it whose
// digits it is, but for that one ("19.83" and "32.05", the totals of two
// tax rates: 51.88). Only a sum no other pair comes as near to counts.
func misreadSum(parts []part, tl totalLine) (float64, bool) {
	printed := strconv.FormatFloat(math.Abs(tl.value), 'f', 0, 64)
	above := partsAbove(parts, tl.row)
	found, n := 0.0, 0
	for i := range above {
		for j := i + 1; j < len(above); j++ {
			a, b := above[i].value, above[j].value
			if a <= 0 || b <= 0 {
				continue
			}
			sum := toCents(a + b)
			digits := strconv.FormatFloat(sum*100, 'f', 0, 64)
			near := len(digits) == len(printed) && hamming(digits, printed) <= 1 || printed == strconv.FormatFloat(math.Trunc(sum), 'f', 0, 64)
			if near && (n == 0 || math.Abs(sum-found) >= 0.005) {
				found, n = sum, n+1
			}
		}
	}
	return found, n == 1
}

// hamming counts the places where two strings of one length differ.
func hamming(a, b string) int {
	d := 0
	for i := range a {
		if a[i] != b[i] {
			d++
		}
	}
	return d
}

// reRate is a tax rate in a label: "6%", "0%", "19 %", "7,7%", and "O%"
// where OCR read the zero as a letter.
var reRate = regexp.MustCompile(`^[@(]?([0-9Oo]{1,2}(?:[.,][0-9]{1,2})?)\s?%`)

// taxRate returns the rate a row's words name before its amounts ("6%"
// from "Total 6% supplies (Inc. GST): 38.41"), normalised ("O%" -> "0%"),
// or "".
func taxRate(x *Index, words []int) string {
	for i, wi := range words {
		t := x.L.Words[wi].Text
		if i+1 < len(words) && x.L.Words[words[i+1]].Text == "%" {
			t += "%" // "6 %"
		}
		if m := reRate.FindStringSubmatch(t); m != nil {
			return strings.NewReplacer("O", "0", "o", "0", ",", ".").Replace(m[1]) + "%"
		}
	}
	return ""
}

// roundedSum is what the total after a rounding line must be: the best
// total line above it (with cents) plus the adjustment; NaN when the
// receipt prints no adjustment or no total before it.
func roundedSum(lines []totalLine, roundRow int, adj float64) float64 {
	if roundRow < 0 || adj == 0 {
		return math.NaN()
	}
	before := -1
	for i, tl := range lines {
		if tl.row < roundRow && tl.cents && (before < 0 || tl.rank > lines[before].rank) {
			before = i
		}
	}
	if before < 0 {
		return math.NaN()
	}
	return toCents(lines[before].value + adj)
}

// misreadPrefix reads an amount whose currency letter OCR turned into a
// digit glued before it ("RM31.45" read "R 531.45") as the expected sum
// when the printed amount ends in the sum's digits and is larger.
func misreadPrefix(v, want float64) (float64, bool) {
	got, exp := fmt.Sprintf("%.2f", v), fmt.Sprintf("%.2f", want)
	if want <= 0 || v <= want || len(got) != len(exp)+1 || !strings.HasSuffix(got, exp) {
		return 0, false
	}
	return want, true
}

// lostLeadingDigit reads an amount whose first digit OCR took for a
// letter of the currency or label before it ("RMI 4. 20", "RMT 4, 20"
// for "RM14.20") as the total before rounding plus the adjustment when
// that sum is the printed amount with one more digit in front. A
// coincidence needs a sum whose cents and last whole digits all match
// the line's. Tendered minus change is not asked: a change line that
// lost its own first digit ("6.00" for "16.00") would make the same
// pattern out of a total that was read right.
func lostLeadingDigit(v, want float64) (float64, bool) {
	got, exp := fmt.Sprintf("%.2f", v), fmt.Sprintf("%.2f", want)
	if v <= 0 || want <= v || len(exp) != len(got)+1 || !strings.HasSuffix(exp, got) {
		return 0, false
	}
	return want, true
}

// taxScopes say whether an amount includes the tax; OCR and printers glue
// them to the tax's name ("EXCL.GST", "Incl.VAT"), which label folding
// turns into one token ("exclgst").
var taxScopes = []string{"excl", "incl", "exc", "inc", "ex"}

// splitTaxScope splits a token glued from a tax scope and a tax name into
// the two; any other token is returned alone.
func splitTaxScope(t string) []string {
	for _, sc := range taxScopes {
		if rest, ok := strings.CutPrefix(t, sc); ok && taxWords[rest] {
			return []string{sc, rest}
		}
	}
	return []string{t}
}

// printedAmount returns the last word that prints v with its cents
// ("29.80", "RM29.80"), so that a total found by arithmetic is boxed where
// the receipt prints it; nil when no word does.
func (e *extractor) printedAmount(v float64) []int {
	if wi := lastAmountWord(e.x.L, v); wi >= 0 {
		return []int{wi}
	}
	return nil
}

// lastAmountWord is the index of the last word of l that prints v with
// its cents ("29.80", "RM29.80"), or -1.
func lastAmountWord(l *doc.Layout, v float64) int {
	for wi := len(l.Words) - 1; wi >= 0; wi-- {
		t := l.Words[wi].Text
		if !reCents.MatchString(t) {
			continue
		}
		if a, _, _, ok := parseNumberToken(strings.TrimLeftFunc(t, unicode.IsLetter)); ok && math.Abs(a-v) < 0.005 {
			return wi
		}
	}
	return -1
}
