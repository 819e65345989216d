package classify

import (
	"sort"

	"github.com/quarrydev/quarry/internal/api"
)

// Schema helpers: a field's type, format and validator names are what the
// extractor uses to choose a value's shape, and what field validation
// checks afterwards.
func s(name, desc string, validators ...string) api.Field {
	return api.Field{Name: name, Description: desc, Type: api.TypeString, Validators: vs(validators)}
}
func date(name, desc string) api.Field {
	f := "date"
	return api.Field{Name: name, Description: desc, Type: api.TypeString, Format: &f, Validators: vs([]string{"date"})}
}
func money(name, desc string) api.Field {
	return api.Field{Name: name, Description: desc, Type: api.TypeNumber}
}
func num(name, desc string) api.Field {
	return api.Field{Name: name, Description: desc, Type: api.TypeNumber}
}
func cur() api.Field {
	f := "currency"
	return api.Field{Name: "currency", Description: "ISO 4217 currency code", Type: api.TypeString, Format: &f, Validators: vs([]string{"currency_code"})}
}
func rows(name, desc, row string, members ...api.Field) api.Field {
	return api.Field{Name: name, Description: desc, Type: api.TypeArray, Items: &api.Field{Name: row, Type: api.TypeObject, Fields: members}}
}
func vs(names []string) []api.ValidatorSpec {
	var out []api.ValidatorSpec
	for _, n := range names {
		out = append(out, api.ValidatorSpec{Name: n})
	}
	return out
}
func spec(id string, groups ...api.FieldGroup) api.DocumentTypeSpec {
	return api.DocumentTypeSpec{ID: id, Description: builtinDescriptions[id], FieldGroups: groups}
}
func group(name string, fs ...api.Field) api.FieldGroup {
	return api.FieldGroup{Name: name, Fields: fs}
}

func lineItems() api.Field {
	return rows("line_items", "One row per invoiced item", "line_item",
		s("description", "Item or service"), num("quantity", "Quantity"), money("unit_price", "Unit price"), money("amount", "Line total"))
}

// builtinSchemas are the default schemas of the built-in types.
var builtinSchemas = map[string]api.DocumentTypeSpec{
	"invoice": spec("invoice",
		group("invoice", s("invoice_number", "Invoice number"), date("issue_date", "Invoice date"), date("due_date", "Payment due date"),
			s("vendor_name", "Seller"), s("vendor_tax_id", "Seller VAT or tax id", "vat_id"), s("customer_name", "Buyer"),
			s("customer_tax_id", "Buyer VAT or tax id", "vat_id"), s("iban", "Seller bank account", "iban"), cur(),
			money("subtotal", "Total before tax"), money("tax_amount", "Tax total"), money("total_amount", "Total due")),
		group("items", lineItems())),
	"receipt": spec("receipt",
		group("receipt", s("merchant_name", "Store"), date("date", "Date of purchase"), s("receipt_number", "Receipt number"),
			money("subtotal", "Total before tax"), money("tax_amount", "Tax"), money("total_amount", "Total paid"), cur(), s("payment_method", "Payment method")),
		group("items", lineItems())),
	"expense_report": spec("expense_report",
		group("report", s("employee_name", "Employee"), s("period", "Period"), date("submission_date", "Submitted on"), money("total_amount", "Total claimed"), cur()),
		group("expenses", rows("expenses", "One row per expense", "expense", date("date", "Date"), s("description", "Expense"), s("category", "Category"), money("amount", "Amount")))),
	"purchase_order": spec("purchase_order",
		group("order", s("po_number", "Purchase order number"), date("order_date", "Order date"), date("delivery_date", "Requested delivery"),
			s("buyer_name", "Buyer"), s("supplier_name", "Supplier"), cur(), money("subtotal", "Total before tax"), money("tax_amount", "Tax"), money("total_amount", "Order total")),
		group("items", lineItems())),
	"sales_proposal": spec("sales_proposal",
		group("proposal", s("proposal_number", "Quote number"), date("issue_date", "Date"), date("valid_until", "Valid until"),
			s("vendor_name", "Seller"), s("customer_name", "Customer"), cur(), money("total_amount", "Total")),
		group("items", lineItems())),
	"delivery_note": spec("delivery_note",
		group("delivery", s("delivery_note_number", "Delivery note number"), date("delivery_date", "Delivery date"), s("po_number", "Order number"),
			s("supplier_name", "Supplier"), s("customer_name", "Recipient"), s("delivery_address", "Delivery address")),
		group("items", rows("items", "Delivered items", "item", s("description", "Item"), num("quantity", "Quantity")))),
	"bank_statement": spec("bank_statement",
		group("account", s("account_holder", "Account holder"), s("bank_name", "Bank"), s("iban", "Account IBAN", "iban"), s("period", "Statement period"),
			money("opening_balance", "Opening balance"), money("closing_balance", "Closing balance"), cur()),
		group("transactions", rows("transactions", "One row per booking", "transaction", date("date", "Booking date"), s("description", "Description"), money("amount", "Amount"), money("balance", "Balance")))),
	"payroll": spec("payroll",
		group("payslip", s("employee_name", "Employee"), s("employee_id", "Employee number"), s("employer_name", "Employer"), s("period", "Pay period"),
			money("gross_pay", "Gross pay"), money("deductions", "Total deductions"), money("net_pay", "Net pay"), s("iban", "Paid to account", "iban"), cur())),
	"tax_declaration": spec("tax_declaration",
		group("return", s("taxpayer_name", "Taxpayer"), s("tax_id", "Tax identification number"), s("tax_year", "Tax year or period"),
			money("taxable_income", "Taxable income"), money("tax_due", "Tax due"))),
	"contract": spec("contract",
		group("contract", s("title", "Contract title"), s("party_a", "First party"), s("party_b", "Second party"), date("effective_date", "Effective date"),
			date("end_date", "End date"), s("governing_law", "Governing law"))),
	"budget": spec("budget",
		group("budget", s("title", "Budget title"), s("period", "Fiscal period"), cur(), money("total_planned", "Total planned"), money("total_actual", "Total actual")),
		group("lines", rows("lines", "Budget lines", "line", s("category", "Category"), money("planned", "Planned"), money("actual", "Actual")))),
	"utility_bill": spec("utility_bill",
		group("bill", s("provider_name", "Utility provider"), s("customer_name", "Customer"), s("account_number", "Customer account"), s("meter_number", "Meter number"),
			s("period", "Billing period"), date("issue_date", "Bill date"), date("due_date", "Due date"), num("consumption", "Consumption"), money("total_amount", "Amount due"), cur())),
	"id_document": spec("id_document",
		group("identity", s("document_number", "Document number"), s("surname", "Surname"), s("given_names", "Given names"), date("date_of_birth", "Date of birth"),
			s("nationality", "Nationality"), date("expiry_date", "Expiry date"), s("national_id", "National id number", "tckn"))),
	"general": spec("general",
		group("document", s("title", "Document title"), date("date", "Document date"), s("email", "Contact e-mail", "email"))),
}

// BuiltinSchema returns the default schema of a built-in type.
func BuiltinSchema(id string) (api.DocumentTypeSpec, bool) {
	sp, ok := builtinSchemas[id]
	return sp, ok
}

// BuiltinTypes returns every built-in type's schema, sorted by id.
func BuiltinTypes() []api.DocumentTypeSpec {
	out := make([]api.DocumentTypeSpec, 0, len(builtinSchemas))
	for _, sp := range builtinSchemas {
		out = append(out, sp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
