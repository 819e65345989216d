package bizdocs

import "fmt"

func (g *gen) build(typ string) {
	switch typ {
	case "invoice":
		g.invoice(false)
	case "purchase_order":
		g.invoice(true)
	case "receipt":
		g.receipt()
	case "payroll":
		g.payroll()
	case "bank_statement":
		g.statement()
	}
}

// items draws a line-item table and returns the subtotal.
func (g *gen) items() float64 {
	n := 2 + g.r.IntN(4)
	cols := []col{{"description", "description", left, false}, {"quantity", "quantity", 330, true}, {"unit_price", "unit_price", 430, true}, {"amount", "amount", right, true}}
	// A third of the tables carry columns the schema does not ask for: a
	// position number in front or a VAT rate before the amount.
	extra := g.r.IntN(3)
	switch extra {
	case 1:
		cols = []col{{"", "pos", left, false}, {"description", "description", 75, false}, {"quantity", "quantity", 330, true}, {"unit_price", "unit_price", 410, true}, {"amount", "amount", right, true}}
	case 2:
		cols = []col{{"description", "description", left, false}, {"quantity", "quantity", 300, true}, {"unit_price", "unit_price", 380, true}, {"", "vat_rate", 445, true}, {"amount", "amount", right, true}}
	}
	var rows [][]string
	var truth []map[string]any
	sum := 0.0
	used := map[int]bool{}
	for i := 0; i < n; i++ {
		p := g.r.IntN(len(products[g.lang]))
		for used[p] {
			p = (p + 1) % len(products[g.lang])
		}
		used[p] = true
		q := float64(1 + g.r.IntN(12))
		up := round2(float64(50+g.r.IntN(90000)) / 100)
		amt := round2(q * up)
		sum += amt
		desc := products[g.lang][p]
		switch extra {
		case 1:
			rows = append(rows, []string{fmt.Sprint(i + 1), desc, fmtQty(q), g.money(up), g.money(amt)})
		case 2:
			rows = append(rows, []string{desc, fmtQty(q), g.money(up), fmt.Sprintf("%d%%", []int{0, 10, 20}[g.r.IntN(3)]), g.money(amt)})
		default:
			rows = append(rows, []string{desc, fmtQty(q), g.money(up), g.money(amt)})
		}
		truth = append(truth, map[string]any{"description": desc, "quantity": q, "unit_price": up, "amount": amt})
	}
	g.d.TableField = "line_items"
	g.table(cols, rows, truth)
	return round2(sum)
}

func (g *gen) invoice(po bool) {
	code, sym := g.currency()
	vendor := g.pick(companies[g.lang])
	customer := g.pick(companies[g.lang])
	for customer == vendor {
		customer = g.pick(companies[g.lang])
	}
	letterhead := !po && g.r.IntN(2) == 0
	typ := "invoice"
	if po {
		typ = "purchase_order"
	}
	g.header(typ, "vendor_name", vendor, letterhead)
	var es []entry
	add := func(field, text string, v any) { es = append(es, entry{field, g.label(field), text, v}) }
	d1, iso1 := g.randDate()
	d2, iso2 := g.randDate()
	if po {
		add("po_number", g.ref("PO"), nil)
		add("order_date", d1, iso1)
		add("delivery_date", d2, iso2)
		add("buyer_name", customer, customer)
		add("supplier_name", vendor, vendor)
	} else {
		add("invoice_number", g.ref("INV"), nil)
		add("issue_date", d1, iso1)
		add("due_date", d2, iso2)
		if !letterhead {
			add("vendor_name", vendor, vendor)
		}
		add("customer_name", customer, customer)
		add("vendor_tax_id", g.taxID(), nil)
	}
	add("currency", code, code)
	if !po {
		t, raw := g.iban()
		add("iban", t, raw)
	}
	for i := range es {
		if es[i].value == nil {
			es[i].value = es[i].text
		}
	}
	g.entries(es)
	sub := g.items()
	rate := map[string]float64{"en": 0.2, "tr": 0.2, "de": 0.19, "fr": 0.2, "es": 0.21}[g.lang]
	tax := round2(sub * rate)
	g.totals([]string{"subtotal", "tax_amount", "total_amount"}, []float64{sub, tax, round2(sub + tax)}, sym, g.lang == "en" && g.r.IntN(2) == 0)
	g.footer()
}

func (g *gen) receipt() {
	code, sym := g.currency()
	_ = code
	merchant := g.pick(companies[g.lang])
	letterhead := g.r.IntN(2) == 0
	g.header("receipt", "merchant_name", merchant, letterhead)
	d, iso := g.randDate()
	es := []entry{{"receipt_number", g.label("receipt_number"), fmt.Sprintf("%d-%04d", 1+g.r.IntN(99), g.r.IntN(10000)), nil}, {"date", g.label("date"), d, iso}}
	if !letterhead {
		es = append(es, entry{"merchant_name", g.label("merchant_name"), merchant, merchant})
	}
	pm := g.pick(payMethods[g.lang])
	es = append(es, entry{"payment_method", g.label("payment_method"), pm, pm})
	for i := range es {
		if es[i].value == nil {
			es[i].value = es[i].text
		}
	}
	g.entries(es)
	sub := g.items()
	tax := round2(sub * 0.1)
	g.totals([]string{"tax_amount", "total_amount"}, []float64{tax, round2(sub + tax)}, sym, false)
}

func (g *gen) payroll() {
	employer := g.pick(companies[g.lang])
	letterhead := g.r.IntN(2) == 0
	g.header("payroll", "employer_name", employer, letterhead)
	emp := g.pick(people[g.lang])
	m := 1 + g.r.IntN(12)
	y := 2023 + g.r.IntN(3)
	period := fmt.Sprintf("%s %d", monthNames[g.lang][m-1], y)
	if g.r.IntN(2) == 0 {
		period = fmt.Sprintf("%02d/%d", m, y)
	}
	es := []entry{{"employee_name", g.label("employee_name"), emp, emp}, {"employee_id", g.label("employee_id"), fmt.Sprintf("%05d", g.r.IntN(100000)), nil},
		{"period", g.label("period"), period, period}}
	if !letterhead {
		es = append(es, entry{"employer_name", g.label("employer_name"), employer, employer})
	}
	t, raw := g.iban()
	es = append(es, entry{"iban", g.label("iban"), t, raw})
	for i := range es {
		if es[i].value == nil {
			es[i].value = es[i].text
		}
	}
	g.entries(es)
	_, sym := g.currency()
	gross := round2(float64(200000+g.r.IntN(800000)) / 100)
	ded := round2(gross * (0.15 + 0.2*g.r.Float64()))
	g.y += 10
	g.totals([]string{"gross_pay", "deductions", "net_pay"}, []float64{gross, ded, round2(gross - ded)}, sym, false)
	g.footer()
}

func (g *gen) statement() {
	_, sym := g.currency()
	bank := g.pick(banks[g.lang])
	g.header("bank_statement", "bank_name", bank, false)
	holder := g.pick(people[g.lang])
	t, raw := g.iban()
	m := 1 + g.r.IntN(12)
	y := 2023 + g.r.IntN(3)
	period := fmt.Sprintf("%s %d", monthNames[g.lang][m-1], y)
	es := []entry{{"account_holder", g.label("account_holder"), holder, holder}, {"bank_name", g.label("bank_name"), bank, bank}, {"period", g.label("period"), period, period}, {"iban", g.label("iban"), t, raw}}
	g.entries(es)
	bal := round2(float64(g.r.IntN(1000000)) / 100)
	g.totals([]string{"opening_balance"}, []float64{bal}, sym, false)
	g.y += 8
	cols := []col{{"date", "tx_date", left, false}, {"description", "description", 130, false}, {"amount", "amount", 440, true}, {"balance", "balance", right, true}}
	n := 3 + g.r.IntN(5)
	var rows [][]string
	var truth []map[string]any
	day := 1
	g.numeric = true
	for i := 0; i < n; i++ {
		day += 1 + g.r.IntN(3)
		ds, iso := g.date(y, m, min(day, 28))
		amt := round2(float64(g.r.IntN(200000)-120000) / 100)
		bal = round2(bal + amt)
		desc := g.pick(products[g.lang])
		amtText := g.money(amt)
		if amt < 0 && g.lang == "de" && g.r.IntN(2) == 0 {
			amtText = g.money(-amt) + "-" // German banks print debits with a trailing minus
		}
		rows = append(rows, []string{ds, desc, amtText, g.money(bal)})
		truth = append(truth, map[string]any{"date": iso, "description": desc, "amount": amt, "balance": bal})
	}
	g.d.TableField = "transactions"
	g.table(cols, rows, truth)
	g.totals([]string{"closing_balance"}, []float64{bal}, sym, false)
}
