package judge

import (
	"strings"

	"github.com/quarrydev/quarry/internal/fields"
)

// role is what a field means to the checks. It comes from the concept
// vocabulary internal/fields already keeps (fields.ConceptFor reads the
// name, then the description), so a caller's "grand_total" or "amount
// payable" reaches the same role as Quarry's own "total_amount"; a few
// roles the vocabulary has no concept for (discount, period bounds, the
// tax base) are read from the name's words.
type role int

const (
	roleNone role = iota
	roleTotal
	roleSubtotal
	roleTax
	roleTaxRate
	roleTaxBase
	roleGrossPay
	roleDeductions
	roleNetPay
	roleQuantity
	roleUnitPrice
	roleLineAmount
	roleDiscount
	roleIssueDate
	roleDueDate
	rolePeriodStart
	rolePeriodEnd
	roleCurrency
)

var roleNames = map[role]string{
	roleTotal: "total", roleSubtotal: "subtotal", roleTax: "tax", roleTaxRate: "tax rate", roleTaxBase: "tax base",
	roleGrossPay: "gross pay", roleDeductions: "deductions", roleNetPay: "net pay",
	roleQuantity: "quantity", roleUnitPrice: "unit price", roleLineAmount: "line amount", roleDiscount: "discount",
	roleIssueDate: "issue date", roleDueDate: "due date", rolePeriodStart: "period start", rolePeriodEnd: "period end",
	roleCurrency: "currency",
}

func (r role) String() string { return roleNames[r] }

// Words of a field name that mark a discount, a period's start or end and
// a tax base, in the languages the concept table covers.
var (
	discountWords = wordSet("discount", "disc", "rebate", "rabatt", "remise", "descuento", "dto", "sconto", "indirim", "korting")
	startWords    = wordSet("start", "begin", "beginning", "from", "since", "effective", "baslangic", "beginn", "debut", "inicio", "desde")
	endWords      = wordSet("end", "until", "till", "through", "thru", "to", "expiry", "expires", "expiration", "bitis", "ende", "fin", "hasta")
	baseWords     = wordSet("taxable", "base", "matrah", "imponible", "imponibile", "bemessungsgrundlage")
	taxWords      = wordSet("tax", "taxable", "vat", "kdv", "mwst", "iva", "tva", "gst")
	// periodNoise are the words removed from a bound's name to find its
	// pair: "period_start" and "period_end" share the stem "period".
	periodNoise = wordSet("date", "day", "on", "of", "the")
)

func wordSet(ws ...string) map[string]bool {
	m := map[string]bool{}
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// nameWords splits and folds a field name into words.
func nameWords(name string) []string {
	return strings.Fields(fields.Fold(fields.SplitName(name)))
}

func hasAny(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}

// roleOf decides a field's role. inRow says the field is a member of a
// table row, where "amount" and even "total" are the line's own amount.
func roleOf(name, description string, inRow bool) role {
	c := fields.ConceptFor(name, description)
	ws := nameWords(name)
	if inRow {
		switch {
		case hasAny(ws, discountWords):
			return roleDiscount
		case c == "quantity":
			return roleQuantity
		case c == "unit_price":
			return roleUnitPrice
		case c == "amount" || c == "total_amount" || c == "subtotal":
			return roleLineAmount
		}
		return roleNone
	}
	switch c {
	case "total_amount", "amount":
		// A bare "amount" outside a table is the document's amount.
		return roleTotal
	case "subtotal":
		return roleSubtotal
	case "tax_amount":
		if hasAny(ws, baseWords) {
			return roleTaxBase
		}
		return roleTax
	case "tax_rate":
		return roleTaxRate
	case "gross_pay":
		return roleGrossPay
	case "deductions":
		return roleDeductions
	case "net_pay":
		return roleNetPay
	case "issue_date":
		return roleIssueDate
	case "due_date":
		return roleDueDate
	case "currency":
		return roleCurrency
	}
	if hasAny(ws, baseWords) && hasAny(ws, taxWords) {
		return roleTaxBase
	}
	if hasAny(ws, wordSet("rate", "percent", "percentage")) && hasAny(ws, taxWords) {
		return roleTaxRate
	}
	switch {
	case hasAny(ws, startWords):
		return rolePeriodStart
	case hasAny(ws, endWords):
		return rolePeriodEnd
	}
	return roleNone
}

// periodStem is a bound's name without its start/end word and filler, so
// "service_period_from" pairs with "service_period_to".
func periodStem(name string) string {
	var keep []string
	for _, w := range nameWords(name) {
		if !startWords[w] && !endWords[w] && !periodNoise[w] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}
