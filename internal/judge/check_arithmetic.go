package judge

import (
	"fmt"
	"math/big"
)

// Tolerances (docs/judge.md, "Tolerances"). Every printed amount was
// rounded to the cent at most half a cent away, so a relation between n
// printed amounts may be off by n half cents and no more; a tax computed
// from a printed rate may be off by the rate's own rounding, which grows
// with the tax.
var (
	halfCent   = dec("0.005")
	oneCent    = dec("0.01")
	taxFloor   = dec("0.02")
	taxRelTol  = dec("0.005") // 0.5 % of the tax
	hundred    = dec("100")
	percentMax = dec("1") // a rate above 1 is a percentage (15), at most 1 a fraction (0.15)
)

// sumTolerance is the slack of a relation between n printed amounts.
func sumTolerance(n int) *big.Rat {
	return maxRat(oneCent, mul(halfCent, new(big.Rat).SetInt64(int64(n))))
}

// lineTolerance is the slack of quantity x unit price: the unit price's
// half cent times the quantity, plus the line's own half cent.
func lineTolerance(qty *big.Rat) *big.Rat {
	return maxRat(oneCent, add(mul(halfCent, abs(qty)), halfCent))
}

// num reads a slot's value as a decimal; nil slot or value gives false.
func num(s *slot) (*big.Rat, bool) {
	if s == nil {
		return nil, false
	}
	return decimalOf(s.f.Value)
}

// lineAmounts checks quantity x unit price = amount on every row that has
// all three, allowing a discount column as a percentage or an amount.
func (j *judgement) lineAmounts() {
	for _, t := range j.tables {
		for i, rw := range t.rows {
			qs, ps, as := rw.members[roleQuantity], rw.members[roleUnitPrice], rw.members[roleLineAmount]
			q, okQ := num(qs)
			p, okP := num(ps)
			a, okA := num(as)
			if !okQ || !okP || !okA || (q.Sign() == 0 && p.Sign() == 0 && a.Sign() == 0) {
				continue // a section header or a note line: nothing to multiply
			}
			product := mul(q, p)
			tol := lineTolerance(q)
			label := fmt.Sprintf("line %d: %s x %s", i+1, show(q), show(p))
			if within(product, a, tol) {
				j.record(CheckLineAmount, passed, true, fmt.Sprintf("%s = %s", label, show(a)), rw.s, qs, ps, as)
				continue
			}
			if within(abs(product), abs(a), tol) {
				// A credit line: the sign sits on the quantity or on the amount.
				j.record(CheckLineAmount, passed, true, fmt.Sprintf("%s = %s, a credit line with the sign on one side only", label, show(a)), rw.s, qs, ps, as)
				continue
			}
			if d, ok := num(rw.members[roleDiscount]); ok && d.Sign() != 0 {
				pct := mul(product, sub(dec("1"), new(big.Rat).Quo(d, hundred)))
				if within(pct, a, tol) || within(sub(product, d), a, tol) {
					j.record(CheckLineAmount, passed, true, fmt.Sprintf("%s less the discount %s = %s", label, show(d), show(a)), rw.s, qs, ps, as, rw.members[roleDiscount])
					continue
				}
			}
			if j.in.Stated != nil && as.f.BBox == nil {
				// An invoice XML's line amount is quantity x price / price
				// base quantity, less line allowances, plus line charges
				// (EN 16931 BT-131): terms a schema's row does not carry.
				j.record(CheckLineAmount, inconclusive, true, fmt.Sprintf("%s = %s, but the invoice XML states the line amount %s: a price base quantity or line allowances the row does not hold may explain it",
					label, show(product), show(a)), rw.s, qs, ps, as)
				continue
			}
			j.record(CheckLineAmount, failed, true, fmt.Sprintf("%s = %s, but the line amount is %s (tolerance %s)", label, show(product), show(a), show(tol)), rw.s, qs, ps, as)
		}
	}
}

// linesSum checks that a table's line amounts add up to the subtotal or,
// when the lines carry tax-inclusive prices or there is no subtotal, the
// total (with the tax added when lines are net and only a total is given).
func (j *judgement) linesSum() {
	subS, totS, taxS := j.firstNumber(roleSubtotal), j.firstNumber(roleTotal), j.firstNumber(roleTax)
	if subS == nil && totS == nil {
		return
	}
	for _, t := range j.tables {
		sum, n, ok := lineSum(t)
		if !ok || n == 0 {
			continue
		}
		tol := sumTolerance(n + 1)
		desc := fmt.Sprintf("the %d line amounts add up to %s", n, show(sum))
		if v, ok := num(subS); ok && within(sum, v, tol) {
			j.record(CheckLinesSum, passed, true, desc+", the subtotal", t.s, subS)
			continue
		}
		if lt, ok := j.statedTotal("line_total"); ok && within(sum, lt, tol) {
			// The XML's document-level allowances and charges sit between
			// the lines and the subtotal; the lines agree with its line total.
			j.record(CheckLinesSum, passed, true, desc+", the line total the invoice XML states", t.s)
			if v, ok := num(subS); ok {
				adjusted := add(sub(sum, j.statedOr("allowance_total")), j.statedOr("charge_total"))
				if within(adjusted, v, tol) {
					j.record(CheckLinesSum, passed, true, fmt.Sprintf("%s, less allowances plus charges the XML states makes the subtotal %s", desc, show(v)), t.s, subS)
				}
			}
			continue
		}
		if v, ok := num(totS); ok {
			if within(sum, v, tol) {
				j.record(CheckLinesSum, passed, true, desc+", the total", t.s, totS)
				continue
			}
			if x, ok := num(taxS); ok && subS == nil && within(add(sum, x), v, tol) {
				j.record(CheckLinesSum, passed, true, fmt.Sprintf("%s, plus the tax %s makes the total", desc, show(x)), t.s, taxS, totS)
				continue
			}
		}
		if v, ok := num(subS); ok {
			j.record(CheckLinesSum, failed, true, fmt.Sprintf("%s, but the subtotal is %s (tolerance %s)", desc, show(v), show(tol)), t.s, subS)
		} else {
			v, _ := num(totS)
			j.record(CheckLinesSum, failed, true, fmt.Sprintf("%s, but the total is %s (tolerance %s)", desc, show(v), show(tol)), t.s, totS)
		}
	}
}

// lineSum adds a table's line amounts. Rows without any number are
// skipped (headers, notes); a row with numbers but no amount makes the
// sum unknowable, as does a table without amounts.
func lineSum(t *table) (*big.Rat, int, bool) {
	sum, n := new(big.Rat), 0
	for _, rw := range t.rows {
		a, okA := num(rw.members[roleLineAmount])
		if okA && a.Sign() != 0 {
			sum.Add(sum, a)
			n++
			continue
		}
		q, _ := num(rw.members[roleQuantity])
		p, _ := num(rw.members[roleUnitPrice])
		if (q != nil && q.Sign() != 0) || (p != nil && p.Sign() != 0) {
			return nil, 0, false
		}
	}
	return sum, n, n > 0
}

// totals checks subtotal + tax = total. A receipt whose subtotal already
// includes the tax (subtotal = total, the tax shown for information)
// passes too.
func (j *judgement) totals() {
	subS, taxS, totS := j.firstNumber(roleSubtotal), j.firstNumber(roleTax), j.firstNumber(roleTotal)
	s, ok1 := num(subS)
	x, ok2 := num(taxS)
	t, ok3 := num(totS)
	if !ok1 || !ok2 || !ok3 {
		return
	}
	tol := sumTolerance(3)
	want := add(s, x)
	due := add(sub(want, j.statedOr("prepaid_amount")), j.statedOr("rounding_amount"))
	switch {
	case within(want, t, tol):
		j.record(CheckTotals, passed, true, fmt.Sprintf("subtotal %s + tax %s = total %s", show(s), show(x), show(t)), subS, taxS, totS)
	case j.in.Stated != nil && within(due, t, tol):
		j.record(CheckTotals, passed, true, fmt.Sprintf("subtotal %s + tax %s, less the prepaid and plus the rounding the invoice XML states, = total %s", show(s), show(x), show(t)), subS, taxS, totS)
	case x.Sign() != 0 && within(s, t, tol):
		j.record(CheckTotals, passed, true, fmt.Sprintf("subtotal %s already includes the tax %s: it equals the total", show(s), show(x)), subS, totS)
		j.record(CheckTotals, inconclusive, true, "the tax is included in the subtotal; nothing adds it", taxS)
	default:
		j.record(CheckTotals, failed, true, fmt.Sprintf("subtotal %s + tax %s = %s, but the total is %s (off by %s, tolerance %s)",
			show(s), show(x), show(want), show(t), show(abs(sub(t, want))), show(tol)), subS, taxS, totS)
	}
}

// taxRate checks tax = rate x base. The base is a declared tax base, or
// else the subtotal; a tax below rate x subtotal is not a contradiction
// (some lines may be exempt or taxed at another rate), so only a declared
// base, or a tax above rate x subtotal, can fail.
func (j *judgement) taxRate() {
	rateS, taxS := j.firstNumber(roleTaxRate), j.firstNumber(roleTax)
	r, ok1 := num(rateS)
	x, ok2 := num(taxS)
	if !ok1 || !ok2 {
		return
	}
	baseS, explicit := j.firstNumber(roleTaxBase), true
	if baseS == nil {
		baseS, explicit = j.firstNumber(roleSubtotal), false
	}
	b, ok := num(baseS)
	if !ok {
		return
	}
	tol := maxRat(taxFloor, mul(taxRelTol, abs(x)))
	// A rate is a percentage (15) or a fraction (0.15); a rate of at most 1
	// may be either, and either reading may pass.
	readings := []*big.Rat{new(big.Rat).Quo(r, hundred)}
	if r.Cmp(percentMax) <= 0 {
		readings = append(readings, r)
	}
	for _, f := range readings {
		if want := mul(f, b); within(want, x, tol) {
			j.record(CheckTaxRate, passed, true, fmt.Sprintf("tax %s = rate %s x base %s", show(x), show(r), show(b)), rateS, taxS, baseS)
			return
		}
	}
	want := mul(readings[0], b)
	if !explicit && x.Cmp(want) < 0 {
		j.record(CheckTaxRate, inconclusive, true, fmt.Sprintf("tax %s is below rate %s x subtotal %s = %s: part of the base may be exempt or taxed at another rate",
			show(x), show(r), show(b), show(want)), rateS, taxS)
		return
	}
	j.record(CheckTaxRate, failed, true, fmt.Sprintf("rate %s x base %s = %s, but the tax is %s (tolerance %s)", show(r), show(b), show(want), show(x), show(tol)), rateS, taxS, baseS)
}

// netPay checks gross - deductions = net on a payslip.
func (j *judgement) netPay() {
	gS, dS, nS := j.firstNumber(roleGrossPay), j.firstNumber(roleDeductions), j.firstNumber(roleNetPay)
	g, ok1 := num(gS)
	d, ok2 := num(dS)
	n, ok3 := num(nS)
	if !ok1 || !ok2 || !ok3 {
		return
	}
	tol := sumTolerance(3)
	want := sub(g, abs(d)) // deductions are printed with or without a minus sign
	if within(want, n, tol) {
		j.record(CheckNetPay, passed, true, fmt.Sprintf("gross %s - deductions %s = net %s", show(g), show(abs(d)), show(n)), gS, dS, nS)
		return
	}
	j.record(CheckNetPay, failed, true, fmt.Sprintf("gross %s - deductions %s = %s, but the net pay is %s (tolerance %s)", show(g), show(abs(d)), show(want), show(n), show(tol)), gS, dS, nS)
}

// statedTotal reads one of the XML's named totals.
func (j *judgement) statedTotal(name string) (*big.Rat, bool) {
	v, ok := j.in.Stated[name]
	if !ok {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(v)
	return r, ok
}

// statedOr reads one of the XML's named totals, 0 when absent.
func (j *judgement) statedOr(name string) *big.Rat {
	if r, ok := j.statedTotal(name); ok {
		return r
	}
	return new(big.Rat)
}
