package judge

import (
	"fmt"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
)

// stated compares the values an embedded invoice XML states with what the
// visible page prints. The pipeline lets the XML win (it is the legal
// invoice), so a page edited after the XML was made, or an XML that does
// not match its page, would otherwise go unnoticed: the same value in two
// places must agree.
func (j *judgement) stated() {
	if j.in.Printed == nil {
		return
	}
	printed := map[string]*api.ExtractedField{}
	for gi := range j.in.Printed {
		g := &j.in.Printed[gi]
		for fi := range g.Fields {
			printed[g.Name+"\x00"+g.Fields[fi].Name] = &g.Fields[fi]
		}
	}
	for _, s := range j.slots {
		if s.group == "" || s.f.Value == nil || isList(s.f.Value) {
			continue
		}
		p := printed[s.group+"\x00"+s.f.Name]
		if p == nil || p.Value == nil || isList(p.Value) {
			continue
		}
		if sameValue(s.f.Value, p.Value) {
			if s.evidence == "" && p.BBox != nil && len(p.Pages) > 0 && j.in.Layout != nil {
				s.evidence = evidenceAt(j.in.Layout, p.Pages[0], p.BBox) // where the page prints the XML's value
			}
			j.record(CheckStated, passed, true, fmt.Sprintf("the page prints what the embedded invoice XML states (%v)", s.f.Value), s)
			continue
		}
		// The text reading may have picked the wrong one of several
		// amounts (a section subtotal for the invoice's): the XML's value
		// printed anywhere on the page still agrees with the page.
		if j.printedAnywhere(s.f.Value) {
			j.record(CheckStated, passed, true, fmt.Sprintf("the page prints %v, as the embedded invoice XML states (the text reading had picked %v)", s.f.Value, p.Value), s)
			continue
		}
		j.record(CheckStated, failed, true, fmt.Sprintf("the embedded invoice XML states %v but the page prints %v, and %v nowhere", s.f.Value, p.Value, s.f.Value), s)
	}
}

// printedAnywhere reports whether the page prints v: as one of its amounts
// for a number, as a date of one to three words for an ISO date, else as
// text.
func (j *judgement) printedAnywhere(v any) bool {
	l := j.in.Layout
	if l == nil {
		return false
	}
	words := l.Words
	if len(words) > maxCurrencyWords {
		words = words[:maxCurrencyWords]
	}
	if want, ok := numberValue(v); ok {
		for _, w := range words {
			for _, tok := range currencyTokens(w.Text) {
				if got, ok := decimalOf(tok); ok && got.Cmp(want) == 0 {
					return true
				}
			}
		}
		return false
	}
	str, ok := v.(string)
	if !ok {
		return false
	}
	if isISODate(str) {
		for i := range words {
			for n := 1; n <= 3 && i+n <= len(words); n++ {
				text := ""
				for k := i; k < i+n; k++ {
					text += words[k].Text + " "
				}
				if got, ok := parseDate(text, j); ok && got == str[:10] {
					return true
				}
			}
		}
		return false
	}
	c := compact(str)
	return c != "" && strings.Contains(compact(l.Text), c)
}

// amountRole reports whether a check involved an amount, so that a
// disagreement between the XML and the page counts against the grade like
// numbers that do not add up.
func amountRole(ss []*slot) bool {
	for _, s := range ss {
		switch s.role {
		case roleTotal, roleSubtotal, roleTax, roleTaxBase, roleTaxRate, roleGrossPay, roleDeductions, roleNetPay:
			return true
		}
	}
	return false
}

func parseDate(text string, j *judgement) (string, bool) {
	return fields.ParseDate(strings.TrimSpace(text), j.loc)
}
