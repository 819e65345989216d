// Package judge is Quarry's deterministic judge: it gives every extracted
// field a verdict (pass, fail or uncertain) with a confidence, the layout
// text the value was read from, notes naming the checks, and whether a
// person should review it. Verdicts come from evidence checks, which never
// ask a model (llm_judge.go lets one decide only what they leave uncertain,
// with a quote checked against the text): the value is printed at its box; line amounts are quantity x
// unit price; lines add up to the subtotal; subtotal + tax = total; tax =
// rate x base; gross - deductions = net; dates are in order; fields that
// mean the same agree; the currency is the one the document prints.
// docs/judge.md lists the checks, their tolerances and how they combine.
package judge

import (
	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// Input is one extracted document and what it was read from.
type Input struct {
	// Layout is the file the values were read from; nil when unknown (the
	// presence and currency checks then have nothing to look at).
	Layout *doc.Layout
	// Readings are other OCR readings of Layout's page, whose values
	// extraction voted with (ingest.File.Readings): a value another
	// reading prints at its box is present even where Layout misread it.
	Readings []*doc.Layout
	// Spec is the document type, for the fields' descriptions.
	Spec api.DocumentTypeSpec
	// Groups are judged in place: every field gets its Judge.
	Groups []api.ExtractedGroup
	// Language and Country are the document's (ISO 639-1, 3166-1), used to
	// read the dates printed at the boxes the way the document writes them.
	Language, Country string
	// Printed is what the visible page says when Groups were filled from
	// an invoice XML embedded in the file (a hybrid PDF): the text
	// reading before the XML's values replaced it. nil otherwise.
	Printed []api.ExtractedGroup
	// Stated are the totals an invoice XML in the file names beyond the
	// schema's fields, by the names einvoice.Invoice.Fields gives them
	// ("allowance_total", "charge_total", "prepaid_amount",
	// "rounding_amount", "line_total"), so the sums can allow for them.
	// nil for files without one.
	Stated map[string]string
}

// Check is one evidence check that reached a conclusion.
type Check struct {
	Name   string
	Passed bool
	// Fields are the paths of the fields it involved ("totals.total").
	Fields []string
	Note   string
}

// Report is what the judge found on one document.
type Report struct {
	Checks []Check
	// Judged, Failed and Flagged count fields with a value (containers
	// included), those judged fail, and those flagged for review.
	Judged, Failed, Flagged int
	// ArithmeticFailures counts failed cross-field arithmetic checks
	// (line amounts, line sums, totals, tax rate, net pay): the quality
	// grade cannot be A while one stands.
	ArithmeticFailures int
}

// Check names, as notes and docs/judge.md spell them.
const (
	CheckPresence   = "presence"
	CheckLineAmount = "line_amount"
	CheckLinesSum   = "lines_sum"
	CheckTotals     = "totals_sum"
	CheckTaxRate    = "tax_rate"
	CheckNetPay     = "net_pay"
	CheckDateOrder  = "date_order"
	CheckAgreement  = "agreement"
	CheckCurrency   = "currency"
	CheckStated     = "xml_agreement"
)

// arithmetic are the checks whose failure means the numbers of the
// document do not add up.
var arithmetic = map[string]bool{CheckLineAmount: true, CheckLinesSum: true, CheckTotals: true, CheckTaxRate: true, CheckNetPay: true}

// Judge checks one document's fields and writes a verdict on each.
func Judge(in Input) Report {
	j := newJudgement(in)
	j.presence()
	j.lineAmounts()
	j.linesSum()
	j.totals()
	j.taxRate()
	j.netPay()
	j.dateOrder()
	j.agreement()
	j.stated()
	j.currency()
	return j.decide()
}

// judgement is the working state of one Judge call.
type judgement struct {
	in     Input
	loc    fields.Locale
	slots  []*slot          // every field, depth first
	top    map[role][]*slot // top-level fields by role (outside rows)
	tables []*table
	checks []*result
}

// slot is one extracted field and what the checks said about it.
type slot struct {
	f     *api.ExtractedField
	path  string
	role  role
	isRow bool // a row object of a table
	// group is the name of the group a top-level field sits in.
	group string
	// results are the checks that involved this field.
	results []*result
	// evidence is the layout text at the field's box, "" when none.
	evidence string
}

// table is an array of rows whose members have roles.
type table struct {
	s    *slot
	rows []row
}

type row struct {
	s       *slot
	members map[role]*slot
}

// result is one check's outcome: it passed, failed, or looked and could
// not decide (inconclusive: a note on the field, no weight).
type result struct {
	name         string
	outcome      outcome
	relational   bool // compares the value with other values, not only with the page
	weight       float64
	participants []*slot
	note         string
}

type outcome int

const (
	inconclusive outcome = iota
	passed
	failed
)

// record files a check under every field it involved.
func (j *judgement) record(name string, o outcome, relational bool, note string, participants ...*slot) {
	w := 1.0
	if relational {
		w = 2 // agreeing with other values is stronger evidence than being printed
	}
	r := &result{name: name, outcome: o, relational: relational, weight: w, participants: participants, note: note}
	j.checks = append(j.checks, r)
	for _, s := range participants {
		s.results = append(s.results, r)
	}
}
