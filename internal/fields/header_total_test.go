package fields

import (
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
)

// pl is one printed line: text, left edge and type size (1 = body).
type pl struct {
	text string
	x    float64
	size float64
}

// printedLayout lays lines out top to bottom as a scan would: each line a
// reader line, words sized by the type size.
func printedLayout(lines []pl) *doc.Layout {
	b := doc.NewBuilder()
	b.StartPage(doc.Page{Width: 600, Height: 1200, Source: doc.SourceOCR})
	y := 0.05
	for _, ln := range lines {
		size := ln.size
		if size == 0 {
			size = 1
		}
		h := 0.012 * size
		x := ln.x
		var ws []doc.Word
		for _, w := range strings.Fields(ln.text) {
			wd := 0.011 * size * float64(len([]rune(w)))
			ws = append(ws, doc.Word{Text: w, Box: doc.Box{X0: x, Y0: y, X1: x + wd, Y1: y + h}, Conf: 0.95})
			x += wd + 0.008*size
		}
		b.AddLine(ws)
		y += h + 0.008
	}
	b.EndPage()
	return b.Layout()
}

var receiptSpec = api.DocumentTypeSpec{ID: "receipt", FieldGroups: []api.FieldGroup{{Name: "r", Fields: []api.Field{
	{Name: "company", Description: "Name of the company that issued the receipt"},
	{Name: "address", Description: "Address of the company"},
	{Name: "date", Format: str("date")},
	{Name: "total", Type: api.TypeNumber},
}}}}

var supplierSpec = api.DocumentTypeSpec{ID: "invoice", FieldGroups: []api.FieldGroup{{Name: "i", Fields: []api.Field{
	{Name: "issuer", Description: "Company that issued the invoice"},
	{Name: "supplier_address"},
	{Name: "amount", Description: "Total amount of the invoice", Type: api.TypeNumber},
}}}}

// TestHeaderBlockAndRankedTotal reads unlabelled issuers, their addresses
// and ranked totals from receipts and invoices of several countries.
func TestHeaderBlockAndRankedTotal(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		spec  api.DocumentTypeSpec
		lines []pl
		want  map[string]any
	}{
		{"malaysian receipt", receiptSpec, []pl{
			{"ACME HARDWARE SDN BHD", 0.2, 1.5},
			{"(123456-X)", 0.35, 1},
			{"NO 5, JALAN MAJU 3,", 0.25, 1},
			{"47400 PETALING JAYA, SELANGOR", 0.2, 1},
			{"TEL: 03-1234 5678", 0.25, 1},
			{"GST ID: 000123456789", 0.25, 1},
			{"TAX INVOICE", 0.35, 1},
			{"Date: 12/03/2018 10:15", 0.1, 1},
			{"HAMMER 2 X 20.00 40.00", 0.1, 1},
			{"Total Qty: 2 40.00", 0.1, 1},
			{"Sub Total 40.00", 0.1, 1},
			{"GST 6% 2.40", 0.1, 1},
			{"Rounding Adj -0.00", 0.1, 1},
			{"Nett Total: RM42.40", 0.1, 1},
			{"CASH RM 50.00", 0.1, 1},
			{"CHANGE RM 7.60", 0.1, 1},
			{"GST Summary Amount Tax", 0.1, 1},
			{"TOTAL: 40.00 2.40", 0.1, 1},
		}, map[string]any{"company": "ACME HARDWARE SDN BHD", "address": "NO 5, JALAN MAJU 3, 47400 PETALING JAYA, SELANGOR", "date": "2018-03-12", "total": 42.40}},
		{"registration, tax id and date between name and address", receiptSpec, []pl{
			{"UNITED NOODLE HOUSE SDN BHD", 0.2, 1.4},
			{"14 Mar 2018 18:40", 0.3, 1},
			{"(867388-U)", 0.35, 1},
			{"(GST ID No : 001147416576)", 0.25, 1},
			{"12, Jalan Tampoi 7/4,Kawasan Perindustrian", 0.15, 1},
			{"Tampoi,81200 Johor Bahru,Johor", 0.2, 1},
			{"Tel: 07-1234 5678", 0.3, 1},
			{"TAX INVOICE", 0.35, 1},
			{"Total Amount: 8.20", 0.1, 1},
		}, map[string]any{"company": "UNITED NOODLE HOUSE SDN BHD", "address": "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi,81200 Johor Bahru,Johor", "total": 8.20}},
		{"buyer named under the title in larger type", receiptSpec, []pl{
			{"SUNRISE TRADING (KL) SDN BHD (139386 X)", 0.1, 1.1},
			{"Lot 3, Jalan Pelabur 23/1,", 0.1, 1},
			{"40300 Shah Alam, Selangor.", 0.1, 1},
			{"GST ID: 000381499040", 0.1, 1},
			{"TAX INVOICE / ADJUSTMENT NOTE", 0.3, 1.6},
			{"Cash Inv No.: 7721F711", 0.1, 1},
			{"CORNER FRESH MARKET SDN BHD", 0.1, 1.7},
			{"GROUND FLOOR, NO. 4 & 6,", 0.1, 1},
			{"47500 SUBANG JAYA, SELANGOR", 0.1, 1},
		}, map[string]any{"company": "SUNRISE TRADING (KL) SDN BHD", "address": "Lot 3, Jalan Pelabur 23/1, 40300 Shah Alam, Selangor."}},
		{"dollar signs for S in the address, title glued by OCR", receiptSpec, []pl{
			{"UPTOWN BOOKS SDN BHD", 0.2, 1.4},
			{"No.3, Jalan $$21/39,47400 Petaling Jaya", 0.15, 1},
			{"Selangor", 0.2, 1},
			{"TAXINVOICE", 0.3, 1},
			{"Total RM 12.00", 0.1, 1},
		}, map[string]any{"address": "No.3, Jalan SS21/39,47400 Petaling Jaya Selangor", "total": 12.0}},
		{"registration line with its label garbled", receiptSpec, []pl{
			{"ADVANCE STATIONERY COMPANY", 0.2, 1.4},
			{"ane hea No. ; 725186-V", 0.2, 1},
			{"NO 1&3, Jalan Wangsa Delima 12,", 0.15, 1},
			{"53300 Kuala Lumpur", 0.2, 1},
			{"GST Reg: 001658445824", 0.2, 1},
		}, map[string]any{"address": "NO 1&3, Jalan Wangsa Delima 12, 53300 Kuala Lumpur"}},
		{"registration after Co. with the number's letter in lower case", receiptSpec, []pl{
			{"WESTERN STATIONERY SDN. BHD", 0.2, 1.4},
			{"CO KEG NO 210038-k", 0.25, 1},
			{"42-46, JLN SULTAN AZLAN SHAH", 0.15, 1},
			{"51200 KUALA LUMPUR", 0.2, 1},
		}, map[string]any{"company": "WESTERN STATIONERY SDN. BHD", "address": "42-46, JLN SULTAN AZLAN SHAH 51200 KUALA LUMPUR"}},
		{"an address line that goes on is no name", receiptSpec, []pl{
			{"7 ‘ Yam Fregh", 0.3, 1},
			{"No.145G, Jalan Rimbunan Raya 1,", 0.2, 1},
			{"Laman Rimbunan Kepong,", 0.25, 1.3},
			{"52100 Kuala Lumpur", 0.25, 1},
		}, map[string]any{"company": nil}},
		{"name wrapped over three lines inside a bracket", receiptSpec, []pl{
			{"AIK HUAT HARDWARE", 0.25, 1},
			{"ENTERPRISE (SETIA", 0.25, 1.2},
			{"ALAM) SDN BHD", 0.3, 1},
			{"NO. 17-G, JALAN SETIA INDAH", 0.2, 1},
			{"40170 SHAH ALAM", 0.25, 1},
			{"TEL: 012 - 6251783", 0.25, 1},
		}, map[string]any{"company": "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD", "address": "NO. 17-G, JALAN SETIA INDAH 40170 SHAH ALAM"}},
		{"seller's name unread: the buyer under the title is still no answer", receiptSpec, []pl{
			{"Lot 3, Jalan Pelabur 23/1,", 0.1, 1},
			{"GST ID: 000381499040", 0.1, 1},
			{"TAX INVOICE / ADJUSTMENT NOTE", 0.3, 1.6},
			{"CORNER FRESH MARKET SDN BHD", 0.1, 1.7},
			{"GROUND FLOOR, NO. 4 & 6,", 0.1, 1},
		}, map[string]any{"company": nil}},
		{"subtitle without a business word, address opening with a house number", receiptSpec, []pl{
			{"Golden Arch Restaurants Sdn Bhd", 0.15, 1.3},
			{"(65351-M)", 0.3, 1},
			{"Licensee of McDonald's", 0.25, 1},
			{"NO.19 & 21", 0.3, 1},
			{"JALAN TEMENGGUNG 23/9", 0.25, 1},
			{"43200 CHERAS", 0.3, 1},
			{"TAX INVOICE", 0.3, 1},
		}, map[string]any{"company": "Golden Arch Restaurants Sdn Bhd", "address": "NO.19 & 21 JALAN TEMENGGUNG 23/9 43200 CHERAS"}},
		{"subtitle above a registration line, exclamation marks for I", receiptSpec, []pl{
			{"RESTAURANT JIAWEI", 0.28, 1.2},
			{"JIAWEI HOUSE", 0.34, 1.2},
			{"002693074-K", 0.36, 1},
			{"13, JLN TASIK UTAMA 8", 0.27, 1},
			{"MEDAN NIAGA DAMA! SG BES!", 0.22, 1},
			{"57000 KL", 0.39, 1},
			{"INVOICE", 0.42, 1.2},
		}, map[string]any{"address": "13, JLN TASIK UTAMA 8 MEDAN NIAGA DAMAI SG BESI 57000 KL"}},
		{"a speck of a full stop where the name wraps", receiptSpec, []pl{
			{"NORTHERN BOOK.", 0.3, 1.3},
			{"CO. (M) SDN BHD", 0.3, 1.3},
			{"NO 8, JALAN 7/118B, DESA TUN RAZAK", 0.2, 1},
			{"56000 KUALA LUMPUR", 0.25, 1},
		}, map[string]any{"company": "NORTHERN BOOK CO. (M) SDN BHD"}},
		{"an abbreviation keeps its dot where the name wraps", receiptSpec, []pl{
			{"ACME INTL.", 0.3, 1.3},
			{"TRADING SDN BHD", 0.3, 1.3},
			{"56000 KUALA LUMPUR", 0.25, 1},
		}, map[string]any{"company": "ACME INTL. TRADING SDN BHD"}},
		{"courtesy line is no name", receiptSpec, []pl{
			{"Thank You, Please come again.", 0.2, 1.6},
			{"Segi Cash & Carry Sdn. Bhd", 0.2, 1.2},
			{"PT17920, SEKSYEN U9, 40150 SHAH ALAM", 0.2, 1},
		}, map[string]any{"company": "Segi Cash & Carry Sdn. Bhd"}},
		{"receipt without legal form, total after rounding", receiptSpec, []pl{
			{"GOLDEN SPOON", 0.3, 1.6},
			{"BISTRO & CAFE", 0.32, 1},
			{"12, JALAN SS 2/1,", 0.28, 1},
			{"47300 PETALING JAYA", 0.27, 1},
			{"Tel: 03-7777 8888", 0.3, 1},
			{"Total Amount 49.60", 0.1, 1},
			{"Service Charge 10% 4.96", 0.1, 1},
			{"Total after Rounding Adj: 54.55", 0.1, 1},
		}, map[string]any{"company": "GOLDEN SPOON", "address": "12, JALAN SS 2/1, 47300 PETALING JAYA", "total": 54.55}},
		{"total after a rounding adjustment", receiptSpec, []pl{
			{"SEAFOOD HOUSE SDN BHD", 0.2, 1.4},
			{"Total (Inclusive of GST): 112.36", 0.1, 1},
			{"Rounding Adj: -0.01", 0.1, 1},
			{"TOTAL: 112.35", 0.1, 1},
			{"CASH : 112.35", 0.1, 1},
		}, map[string]any{"total": 112.35}},
		{"rounding applied to the payment line", receiptSpec, []pl{
			{"Total (Inclusive of GST): 65.53", 0.1, 1},
			{"Rounding Adj: 0.02", 0.1, 1},
			{"VISA 65.55", 0.1, 1},
		}, map[string]any{"total": 65.55}},
		{"rounded total printed as rounding", receiptSpec, []pl{
			{"Total Sales (Inclusive GST) RM 27.28", 0.1, 1},
			{"Rounding Adjustment RM 0.02", 0.1, 1},
			{"Rounding RM 27.30", 0.1, 1},
		}, map[string]any{"total": 27.30}},
		{"an amount with cents beats one whose decimal mark OCR lost", receiptSpec, []pl{
			{"Total Sales Inclusive GST @6% 331500", 0.1, 1},
			{"Total 33.50", 0.1, 1},
			{"Round Adj 0.00", 0.1, 1},
		}, map[string]any{"total": 33.50}},
		{"unreadable total: tendered minus change", receiptSpec, []pl{
			{"Total (Excluding GST): 8.96", 0.1, 1},
			{"Total (Inclusive of GST): $,50", 0.1, 1},
			{"CASH : 10.50", 0.1, 1},
			{"CHANGE : 1.00", 0.1, 1},
		}, map[string]any{"total": 9.50}},
		{"total that lost its decimals: tendered minus change", receiptSpec, []pl{
			{"Sub Total RM7.90", 0.1, 1},
			{"Grand Total re] ® 35", 0.1, 1},
			{"Cash RM10.50", 0.1, 1},
			{"Change RM2.15", 0.1, 1},
		}, map[string]any{"total": 8.35}},
		{"payments without cents prove nothing", receiptSpec, []pl{
			{"TOTAL 29.80", 0.1, 1},
			{"CASH 50.", 0.1, 1},
			{"CHANGE 20.", 0.1, 1},
		}, map[string]any{"total": 29.80}},
		{"cash paid exactly confirms the plain total", receiptSpec, []pl{
			{"Total (Excluding GST): 36.00", 0.1, 1},
			{"Total (Inclusive of GST): 38.90", 0.1, 1},
			{"TOTAL: 38.00", 0.1, 1},
			{"CASH : 38.00", 0.1, 1},
		}, map[string]any{"total": 38.00}},
		{"total label alone, cash paid exactly", receiptSpec, []pl{
			{"PPF 1,000 6 6.00", 0.1, 1},
			{"TOTAL AMOUNT", 0.1, 1},
			{"CASH RM ~~ 6.00", 0.1, 1},
		}, map[string]any{"total": 6.00}},
		{"currency code bent by OCR", receiptSpec, []pl{
			{"Total fM1.00", 0.1, 1},
			{"Paid fM1.00", 0.1, 1},
		}, map[string]any{"total": 1.00}},
		{"a total the parts above add up to", receiptSpec, []pl{
			{"Total 0% supplies: 35.14", 0.1, 1},
			{"Total 6% supplies (excl. GST): 34.34", 0.1, 1},
			{"GST: 2.07", 0.1, 1},
			{"Total 6% supplies (Inc. GST): 38.41", 0.1, 1},
			{"Total Pays: 73.55", 0.1, 1},
		}, map[string]any{"total": 73.55}},
		{"totals per tax rate break the total down (its label bent by OCR)", receiptSpec, []pl{
			{"Total 0% supplies: 35.14", 0.1, 1},
			{"Total 6% supplies (excl. GST): 36.24", 0.1, 1},
			{"GST: 2.17", 0.1, 1},
			{"Total 6% supplies (Inc. GST): 38.41", 0.1, 1},
			{"Total Pays. 9: 73.55", 0.1, 1},
		}, map[string]any{"total": 73.55}},
		{"rates read with a letter O still make a breakdown", receiptSpec, []pl{
			{"Total O% supplies: 12.00", 0.1, 1},
			{"Total 6 % supplies (Inc. GST): 21.20", 0.1, 1},
			{"Total Pays 34.20", 0.1, 1},
		}, map[string]any{"total": 34.20}},
		{"one rate names the tax the total includes", supplierSpec, []pl{
			{"Nettobetrag 100,00 €", 0.5, 1},
			{"Gesamtbetrag inkl. 19% MwSt 119,00 €", 0.5, 1},
		}, map[string]any{"amount": 119.0}},
		{"a net amount is the total only when nothing outranks it", receiptSpec, []pl{
			{"Net Amt : 53.55", 0.1, 1},
			{"GST Summary Amount(RM) Tax(RM)", 0.1, 1},
		}, map[string]any{"total": 53.55}},
		{"a plain total outranks a net amount", supplierSpec, []pl{
			{"Net Amount 100.00", 0.5, 1},
			{"VAT 20% 20.00", 0.5, 1},
			{"Total 120.00", 0.5, 1},
		}, map[string]any{"amount": 120.0}},
		{"two items never vouch for the total before tax", receiptSpec, []pl{
			{"HAMMER 1 10.00", 0.1, 1},
			{"NAILS 1 5.00", 0.1, 1},
			{"Total 15.00", 0.1, 1},
			{"Total incl. GST 15.90", 0.1, 1},
		}, map[string]any{"total": 15.90}},
		{"decimal point read as a space", receiptSpec, []pl{
			{"Total Sales Incl GST 4B 54", 0.1, 1},
			{"Rounding Adj 0.01", 0.1, 1},
			{"Total After Adj Incl GST 46 55", 0.1, 1},
		}, map[string]any{"total": 46.55}},
		{"rounded total with its currency letter read as a digit", receiptSpec, []pl{
			{"Total RM Incl. of GST 31.47", 0.1, 1},
			{"Rounding Adj -0.02", 0.1, 1},
			{"Total R 531.45", 0.1, 1},
		}, map[string]any{"total": 31.45}},
		{"decimal point read as a space after a glued currency", receiptSpec, []pl{
			{"Total (Incl GST, 0%) RM14.18", 0.1, 1},
			{"Rounding RM0.02", 0.1, 1},
			{"Grand Total RM14 20", 0.1, 1},
		}, map[string]any{"total": 14.20}},
		{"a tick before the cash tendered is no minus sign", receiptSpec, []pl{
			{"TOTAL: $,S0", 0.1, 1},
			{"CASH -50.00", 0.1, 1},
			{"CHANGE 19.20", 0.1, 1},
		}, map[string]any{"total": 30.80}},
		{"german invoice", supplierSpec, []pl{
			{"Muster Technik GmbH", 0.08, 1.4},
			{"Hauptstraße 5", 0.08, 1},
			{"10115 Berlin", 0.08, 1},
			{"USt-IdNr.: DE123456789", 0.08, 1},
			{"Rechnung", 0.08, 2},
			{"Zwischensumme 100,00 €", 0.5, 1},
			{"MwSt 19% 19,00 €", 0.5, 1},
			{"Gesamtbetrag 119,00 €", 0.5, 1},
		}, map[string]any{"issuer": "Muster Technik GmbH", "supplier_address": "Hauptstraße 5 10115 Berlin", "amount": 119.0}},
		{"turkish invoice", supplierSpec, []pl{
			{"Örnek Yazılım Ltd. Şti.", 0.08, 1.3},
			{"Atatürk Cad. No: 12", 0.08, 1},
			{"34000 İstanbul", 0.08, 1},
			{"Vergi No: 1234567890", 0.08, 1},
			{"Ara Toplam 1.000,00 TL", 0.5, 1},
			{"KDV %20 200,00 TL", 0.5, 1},
			{"Genel Toplam 1.200,00 TL", 0.5, 1},
		}, map[string]any{"issuer": "Örnek Yazılım Ltd. Şti.", "supplier_address": "Atatürk Cad. No: 12 34000 İstanbul", "amount": 1200.0}},
		{"owner label before the legal name", receiptSpec, []pl{
			{"OLD ASIA", 0.3, 1.2},
			{"| OWN BY: CHEF LEE SDN BHD", 0.2, 1},
			{"CO.NO. (468592-T)", 0.3, 1},
			{"LG226, LGF, 1 UTAMA SHOPPING CENTRE,", 0.15, 1},
			{"LEBUH BANDAR UTAMA, 47800 PETALING JAYA.", 0.1, 1},
			{"GST NO: 001406865408", 0.2, 1},
		}, map[string]any{"company": "CHEF LEE SDN BHD", "address": "LG226, LGF, 1 UTAMA SHOPPING CENTRE, LEBUH BANDAR UTAMA, 47800 PETALING JAYA."}},
		{"owner words without a colon are part of the name", receiptSpec, []pl{
			{"32 PUB & BISTRO own by CNU TRADING", 0.1, 1.2},
			{"78G, JALAN SS21/62, DAMANSARA UTAMA,", 0.1, 1},
			{"47400 PETALING JAYA.", 0.2, 1},
			{"GST REG NO: 000123", 0.2, 1},
		}, map[string]any{"company": "32 PUB & BISTRO own by CNU TRADING"}},
		{"name without a legal form wraps onto a second line", receiptSpec, []pl{
			{"RESTAURANT JIAWEI", 0.25, 1.2},
			{"JIAWEI HOUSE", 0.3, 1.2},
			{"002693074-K", 0.3, 1},
			{"13, JLN TASIK UTAMA 8", 0.25, 1},
			{"MEDAN NIAGA DAMAI SG BESI", 0.2, 1},
			{"57000 KL", 0.3, 1},
			{"INVOICE", 0.3, 1},
		}, map[string]any{"company": "RESTAURANT JIAWEI JIAWEI HOUSE", "address": "13, JLN TASIK UTAMA 8 MEDAN NIAGA DAMAI SG BESI 57000 KL"}},
		{"a slogan in small type is not the name's second line", receiptSpec, []pl{
			{"KEDAI RUNCIT MAJU", 0.25, 1.5},
			{"FRESH EVERY DAY", 0.3, 1},
			{"(123456-X)", 0.3, 1},
			{"12, JALAN MAJU,", 0.25, 1},
			{"43000 KAJANG", 0.3, 1},
		}, map[string]any{"company": "KEDAI RUNCIT MAJU"}},
		{"a Tel/Fax line ends the address", receiptSpec, []pl{
			{"FIVE STAR CASH & CARRY", 0.2, 1.3},
			{"(1365443-T)", 0.3, 1},
			{"G.23 & G.22, Plaza Seri Setia,", 0.15, 1},
			{"No.1 Jalan SS 9/1, 47300 PJ, Selangor.", 0.1, 1},
			{"Tel/Fax : 603-7877 9712", 0.15, 1},
		}, map[string]any{"address": "G.23 & G.22, Plaza Seri Setia, No.1 Jalan SS 9/1, 47300 PJ, Selangor."}},
		{"a house number alone opens the address", receiptSpec, []pl{
			{"FOUR SEASONS GRILL", 0.25, 1.3},
			{"BAR & KITCHEN", 0.3, 1},
			{"27, SS15/4B,", 0.3, 1},
			{"SUBANG JAYA", 0.3, 1},
			{"GST ID : 000123456789", 0.2, 1},
			{"TAX INVOICE", 0.3, 1},
		}, map[string]any{"address": "27, SS15/4B, SUBANG JAYA"}},
		{"a fuel station prints its address above the company that runs it", receiptSpec, []pl{
			{"TAX INVOICE", 0.3, 1},
			{"PetroMaju Taman Sentosa 3", 0.2, 1},
			{"LOT PTD 204417", 0.25, 1},
			{"Jalan Sentosa 4/2", 0.25, 1},
			{"81100 Johor Bahru, Johor", 0.2, 1},
			{"Sentosa Fuel Enterprise", 0.2, 1},
			{"CO. REG. NO: 002233445-K", 0.15, 1},
			{"GST REG. NO: 000999888777", 0.15, 1},
			{"30-06-2018 09:09:49 Cashier: 12", 0.1, 1},
			{"Total 50.00", 0.1, 1},
		}, map[string]any{"company": "Sentosa Fuel Enterprise", "address": "LOT PTD 204417 Jalan Sentosa 4/2 81100 Johor Bahru, Johor"}},
		{"a subtotal printed under the tax is the total when no total line is", receiptSpec, []pl{
			{"WOK KING SDN BHD", 0.2, 1.3},
			{"FRIED RICE RM13.00", 0.1, 1},
			{"SERV. CHG. 10% RM8. 25", 0.1, 1},
			{"GST TAX AMT RM90. 75", 0.1, 1},
			{"GST 6% RM5. 45", 0.1, 1},
			{"SUBTOTAL RM96. 20", 0.1, 1},
			{"CASH RM1O0. 00", 0.1, 1},
		}, map[string]any{"total": 96.20}},
		{"with no total line, cash the item rows add up to is the total", receiptSpec, []pl{
			{"RESTAURANT SIN DU", 0.2, 1.3},
			{"DPT.05 RM 149.00", 0.1, 1},
			{"DPT.04 RM 21.00", 0.1, 1},
			{"CASH", 0.1, 1},
			{"RM 170. 00", 0.1, 1},
		}, map[string]any{"total": 170.0}},
		{"with no total line, cash the items do not add up to is not the total", receiptSpec, []pl{
			{"RESTAURANT SIN DU", 0.2, 1.3},
			{"DPT.05 RM 149.00", 0.1, 1},
			{"DPT.04 RM 21.00", 0.1, 1},
			{"CASH RM 200.00", 0.1, 1},
		}, map[string]any{"total": nil}},
		{"a payable total with its mark lost and a digit misread is the sum of the rates' totals", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total 0% supplies: 19.83", 0.1, 1},
			{"Total 6% supplies (excl. GST): 30.24", 0.1, 1},
			{"GST: 1.81", 0.1, 1},
			{"Total 6% supplies (Inc. GST): 32.05", 0.1, 1},
			{"Total Payable: - 5148", 0.1, 1},
		}, map[string]any{"total": 51.88}},
		{"a payable total with its cents cut off outranks a rate's total whose rate OCR lost", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total 0% supplies: 19.83", 0.1, 1},
			{"Total 6% supplies (Inc. GST): 32.05", 0.1, 1},
			{"Total % supplies: 19.83", 0.1, 1},
			{"Total Payable: - 51", 0.1, 1},
		}, map[string]any{"total": 51.88}},
		{"a whole total two parts do not come near is left as printed", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"SUBTOTAL 40.00", 0.1, 1},
			{"GST 6% 2.40", 0.1, 1},
			{"Total Payable 60", 0.1, 1},
		}, map[string]any{"total": 60.0}},
		{"a name whose first letters the photograph cut off takes them from the web address", receiptSpec, []pl{
			{"OPAC MARKETING SDN BHD (1070687-M)", 0.3, 1.2},
			{"JALAN MANIS 4 TAMAN SEGAR 56100 KL", 0.3, 1},
			{"L: 03-91334364 FAX: 03-91310522", 0.2, 1},
			{".vivopac.com", 0.15, 1},
		}, map[string]any{"company": "VIVOPAC MARKETING SDN BHD"}},
		{"a web address that only contains the name's first word leaves it", receiptSpec, []pl{
			{"MART PRIMA SDN BHD", 0.3, 1.2},
			{"JALAN MANIS 4 TAMAN SEGAR 56100 KL", 0.3, 1},
			{"www.smart.com.my", 0.15, 1},
		}, map[string]any{"company": "MART PRIMA SDN BHD"}},
		{"S/B read with look-alikes before the registration number is the legal form", receiptSpec, []pl{
			{"99 SPEED HART 5/8 (519537-Y)", 0.3, 1},
			{"LOT P.T, 2011, JALAN ANGSA,", 0.3, 1},
			{"TANON SERKELEY", 0.2, 1},
			{"ALLER KLANG, SELANGUR", 0.25, 1},
			{"GST ID NO : 000181747712", 0.25, 1},
		}, map[string]any{"company": "99 SPEED HART S/B"}},
		{"a subtotal above the tax is not the total", receiptSpec, []pl{
			{"WOK KING SDN BHD", 0.2, 1.3},
			{"FRIED RICE RM13.00", 0.1, 1},
			{"SUBTOTAL RM13.00", 0.1, 1},
			{"GST 6% RM0.78", 0.1, 1},
		}, map[string]any{"total": nil}},
		{"a rounding line with its amount misread still marks the total above it as unrounded", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total (Incl GST, 0%) RM22.53 :", 0.1, 1},
			{": Rounding RMO .02", 0.1, 1},
			{"rand Total RM22 55", 0.1, 1},
		}, map[string]any{"total": 22.55}},
		{"a rounded total whose first digit OCR read as a letter", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total (Incl GST, 0%) RM14.18", 0.1, 1},
			{"Rounding RMO.02", 0.1, 1},
			{"Grand Total RMT 4, 20", 0.1, 1},
		}, map[string]any{"total": 14.20}},
		{"tendered minus change does not restore a digit: the change may have lost one", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Grand Total RM4.20", 0.1, 1},
			{"Cash RM20.20", 0.1, 1},
			{"Change RM6.00", 0.1, 1},
		}, map[string]any{"total": 4.20}},
		{"a total two digits short of the rounded sum is left as printed", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total (Incl GST, 0%) RM114.18", 0.1, 1},
			{"Rounding RM0.02", 0.1, 1},
			{"Grand Total RM4.20", 0.1, 1},
		}, map[string]any{"total": 4.20}},
		{"only the total before rounding is readable: the adjustment is added", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total (Incl GST, 0%) RM14.18", 0.1, 1},
			{"Rounding RMO.02", 0.1, 1},
			{"Total Paid RM20.20", 0.1, 1},
			{"Change RMB. 00", 0.1, 1},
		}, map[string]any{"total": 14.20}},
		{"a rounding line with no readable amount: payment lines that add up to the total on the cash grid round it", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total Inclusive GST 10.44", 0.1, 1},
			{"Rounding Adj ie 0", 0.1, 1},
			{"CASH 20.00", 0.1, 1},
			{"Change 9.55", 0.1, 1},
		}, map[string]any{"total": 10.45}},
		{"with no rounding line the shop rounded the payment, not the total", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total: 17.22", 0.1, 1},
			{"CASH 20.00", 0.1, 1},
			{"Change Due 2.80", 0.1, 1},
		}, map[string]any{"total": 17.22}},
		{"a total less the prepayment printed under it is the amount due", receiptSpec, []pl{
			{"CRONUS AG", 0.2, 1.3},
			{"Bruttosumme 1.021,91", 0.1, 1},
			{"Erhaltene Anzahlungen 500,00", 0.1, 1},
			{"Zahlbetrag 521,91", 0.1, 1},
		}, map[string]any{"total": 521.91}},
		{"and in English", receiptSpec, []pl{
			{"ACME LTD", 0.2, 1.3},
			{"Total incl. VAT 1,200.00", 0.1, 1},
			{"Less deposit 200.00", 0.1, 1},
			{"Balance due 1,000.00", 0.1, 1},
		}, map[string]any{"total": 1000.0}},
		{"a due line the prepayment does not explain stays below the gross total", receiptSpec, []pl{
			{"CRONUS AG", 0.2, 1.3},
			{"Bruttosumme 1.021,91", 0.1, 1},
			{"Erhaltene Anzahlungen 300,00", 0.1, 1},
			{"Zahlbetrag 521,91", 0.1, 1},
		}, map[string]any{"total": 1021.91}},
		{"the grand total line lost: the tax summary's net and tax, rounded by the rounding line above it", receiptSpec, []pl{
			{"TEO HENG STATIONERY & BOOKS", 0.2, 1.3},
			{"SUB-TOTAL (EX) : 26.00", 0.1, 1},
			{"TOTAL TAX : 1.56", 0.1, 1},
			{"ROUNDING :-0.01", 0.1, 1},
			{"GST SUMMARY", 0.1, 1},
			{"SR 6.00 26.00 1.56", 0.1, 1},
			{"TOTAL : 26.00 1.56", 0.1, 1},
		}, map[string]any{"total": 27.55}},
		{"two amounts on a total row that are no net and its tax stay the larger one", receiptSpec, []pl{
			{"TEO HENG STATIONERY & BOOKS", 0.2, 1.3},
			{"TOTAL : 26.00 1.66", 0.1, 1},
		}, map[string]any{"total": 26.0}},
		{"an adjustment that misses the cash grid is not added", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"Total (Incl GST, 0%) RM14.18", 0.1, 1},
			{"Rounding RM0.01", 0.1, 1},
		}, map[string]any{"total": 14.18}},
		{"no total line OCR could read: the amount before tax plus the tax under it", receiptSpec, []pl{
			{"KEDAI RUNCIT CHONG HWA", 0.2, 1.3},
			{"fata sates Inc}, oo) @ 6 PW33 9)", 0.1, 1},
			{"Tendered: R M100.0", 0.1, 1},
			{"Change: RM 66.10", 0.1, 1},
			{"Nett of Tax: RM31.98", 0.1, 1},
			{"GST 6%: RM1.92", 0.1, 1},
		}, map[string]any{"total": 33.90}},
		{"the net amount of one tax rate is not the whole net", receiptSpec, []pl{
			{"GARDENIA BAKERIES (KL) SDN BHD", 0.2, 1.3},
			{"Total 6% supplies (excl. GST): 7.20", 0.1, 1},
			{"GST: 0.43", 0.1, 1},
		}, map[string]any{"total": nil}},
		{"a net total is no amount before tax", receiptSpec, []pl{
			{"KEDAI RUNCIT CHONG HWA", 0.2, 1.3},
			{"Nett Total: 31.98", 0.1, 1},
			{"GST 6%: 1.92", 0.1, 1},
		}, map[string]any{"total": 31.98}},
		{"what a Payment line tendered minus the change is the total when its line is unreadable", receiptSpec, []pl{
			{"DOMINO'S PIZZA SDN BHD", 0.2, 1.3},
			{"Grand Total :", 0.1, 1},
			{"Payment : 101.00", 0.1, 1},
			{"Change Due : 70.10", 0.1, 1},
		}, map[string]any{"total": 30.90}},
		{"a Total Payment line is the sum to pay, not what was handed over", receiptSpec, []pl{
			{"DOMINO'S PIZZA SDN BHD", 0.2, 1.3},
			{"Total Payment : 30.90", 0.1, 1},
			{"Cash : 50.00", 0.1, 1},
			{"Change : 19.10", 0.1, 1},
		}, map[string]any{"total": 30.90}},
		{"a zero read as the letter O after the currency", receiptSpec, []pl{
			{"STAR CAKE HOUSE SDN BHD", 0.2, 1.3},
			{"TOTAL RMO.90", 0.1, 1},
		}, map[string]any{"total": 0.90}},
		{"the department on the sender line is not the issuer's name", supplierSpec, []pl{
			{"Orion Télécom Service Clients", 0.05, 1},
			{"75000 Paris", 0.05, 1},
			{"Facture n°1234 du 02 juillet 2015", 0.05, 1},
		}, map[string]any{"issuer": "Orion Télécom"}},
		{"brand with a title on its line", supplierSpec, []pl{
			{"Northwind Traders Invoice", 0.4, 1.8},
			{"Invoice Summary", 0.4, 1.2},
			{"Invoice Number: 42", 0.4, 1},
			{"TOTAL AMOUNT DUE ON August 3, 2014 $4.11", 0.08, 1},
		}, map[string]any{"issuer": "Northwind Traders", "amount": 4.11}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := values(Extract(printedLayout(c.lines), c.spec, Options{}))
			for k, want := range c.want {
				if got[k] != want {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

// TestTotalRank pins which total lines may be the document total and how
// they rank.
func TestTotalRank(t *testing.T) {
	t.Parallel()
	cases := []struct {
		label string
		want  float64
	}{
		{"Grand Total", 3}, {"Nett Total", 3}, {"Total Incl. GST @6%", 3}, {"Total Sales (Inclusive of GST)", 3},
		{"Net Total Rounded (MYR)", 3}, {"Total Amt Payable", 3}, {"Amount Due", 3}, {"Balance Due", 3},
		{"Genel Toplam", 3}, {"Gesamtbetrag", 3}, {"Total TTC", 3}, {"Total after rounding adj", 3},
		{"Gesamtbetrag inkl. MwSt", 3}, {"Totaal incl. BTW", 3}, {"Totale IVA compresa", 3},
		{"Total", 2}, {"Total Amount", 2}, {"TOPLAM", 2}, {"Net Total", 1.5},
		{"Net Amt", 1.5}, {"Net Amount", 1.5}, {"Nett Amount", 3}, {"Amount", 0},
		{"Total Qty", 0}, {"5 Item(s) Total (MYR)", 0}, {"Sub Total", 0}, {"SUB-TOTAL (EX)", 0}, {"Total Excluding GST", 0},
		{"Total GST", 0}, {"TOTAL TAX", 0}, {"Total Discount", 0}, {"Rounding Adj", 0}, {"Cash", 0}, {"Change", 0},
		{"Ara Toplam", 0}, {"Zwischensumme", 0}, {"Total HT", 0}, {"TOTAL EXCL.GST", 0}, {"Total Incl.VAT", 3},
		{"Exclusive Total", 0},
		{"Due to global inflation our payment term has changed to", 0},
		{"Due", 3}, {"Due Date", 0}, {"Date Due", 0}, // "Due 7.50" alone is the amount due
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			t.Parallel()
			var toks []string
			for _, w := range strings.Fields(c.label) {
				if tk := labelTok(w); tk != "" {
					toks = append(toks, tk)
				}
			}
			if got := totalRank(toks); got != c.want {
				t.Errorf("totalRank(%q) = %v, want %v", c.label, got, c.want)
			}
		})
	}
}

// TestRepairName: OCR slips a company name cannot contain are undone, and
// nothing else is touched.
func TestRepairName(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"AMANO MALAYSIA SON BHD", "AMANO MALAYSIA SDN BHD"},
		{"BEMED {SP} SON. BHD.", "BEMED (SP) SDN. BHD."},
		{"Subang Healthcare Sin Bho", "Subang Healthcare Sdn Bhd"},
		{"‘99 SPEED MART S/B", "99 SPEED MART S/B"},
		{"AEON CO. {M) BHD", "AEON CO. (M) BHD"},
		{"7.8.9 Leisure Sdn Bhd", "7.8.9 Leisure Sdn Bhd"},
		{"SON OF A BHD FAN", "SON OF A BHD FAN"},
		{"Muster GmbH", "Muster GmbH"},
		{"MR. D.I.¥. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"},
		{"ACE D.I.Y.-(M) SDN BHD", "ACE D.I.Y. (M) SDN BHD"}, // a space read as a hyphen before a bracket
		{"SIN-HUAT (M) SDN BHD", "SIN-HUAT (M) SDN BHD"},
		{"SUNRISE BAKERI ES KL) SDN BHD", "SUNRISE BAKERIES (KL) SDN BHD"}, // a word split in two, a bracket lost
		{"ACME HARD WARE (M) SDN BHD", "ACME HARDWARE (M) SDN BHD"},
		{"THE BOOK SHOP SDN BHD", "THE BOOK SHOP SDN BHD"}, // two words that are words stay two
		{"ABC KL) PHOTO STUDIO", "ABC KL) PHOTO STUDIO"},   // no legal form after it: left alone
		{"KING’S CONFECTIONERY S/B", "KING'S CONFECTIONERY S/B"},
		{"KING'S CONFECTIONERY §/B", "KING'S CONFECTIONERY S/B"},
		{"Esjay Fuel Enterprise | 7", "Esjay Fuel Enterprise"},
		{"BEMED (SP) SDN. BHD. (p J", "BEMED (SP) SDN. BHD."},
		{"ACME TRADING SDN BHD AB", "ACME TRADING SDN BHD AB"}, // capitals may be a name's own
		{"Corner | Shop", "Corner | Shop"},
		{"THE MARCO POLO KITCH .", "THE MARCO POLO KITCH"},
		{"UNIHAKKA INTERNATIONAL SDN BHD.", "UNIHAKKA INTERNATIONAL SDN BHD"},
		{"BEMED (SP) SDN. BHD.", "BEMED (SP) SDN. BHD."},
		{"GARDENIA BAKERIES (KL) SDN BID", "GARDENIA BAKERIES (KL) SDN BHD"},
		{"GARDENIA BAKERIES (KL)SDN BID X)", "GARDENIA BAKERIES (KL) SDN BHD"}, // a bracket glued to the next word; a scrap after the misread pair
		{"SUN BED X)", "SUN BED X)"},                                           // the scrap stays where no legal form ends the name
		{"Segi Cash & Carry Sdn. 8hd.", "Segi Cash & Carry Sdn. Bhd."},
		{"SUN BED TRADING", "SUN BED TRADING"},                               // one edit from the pair, but not at the end
		{"RESTAURANT JIAWE| JIAWE! HOUSE", "RESTAURANT JIAWEI JIAWEI HOUSE"}, // a bar or a bang ending a word of capitals is an I
		{"Corner Shop!", "Corner Shop!"},                                     // not after small letters
		{"MR. D.1.Y. (M) SDN BHD", "MR. D.I.Y. (M) SDN BHD"},
		{"T.A.5 LEISURE SDN BHD", "T.A.S LEISURE SDN BHD"},
		{"A1 BAKERY", "A1 BAKERY"}, // not dotted initials
		{"99 SPEED MART 5/B", "99 SPEED MART S/B"},
		{"99 SPEED MART $/8.", "99 SPEED MART S/B."},
		{"GARDENIA BAKERIES (KL SDN BHD", "GARDENIA BAKERIES (KL) SDN BHD"},
		{"AEON CO. (M BHD", "AEON CO. (M) BHD"},
		{"ENTERPRISE (SETIA ALAM) SDN BHD", "ENTERPRISE (SETIA ALAM) SDN BHD"}, // closed later
		{"ACME (NORTH BRANCH TRADING", "ACME (NORTH BRANCH TRADING"},           // no form after it
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			t.Parallel()
			if got := strings.Join(repairName(strings.Fields(c.in)), " "); got != c.want {
				t.Errorf("repairName(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

// A total found by arithmetic (tendered minus change) keeps a box: the
// total line's when its amount is unreadable, else where the same amount
// is printed.
func TestPaidTotalKeepsABox(t *testing.T) {
	t.Parallel()
	for name, lines := range map[string][]pl{
		"total line unreadable": {
			{"Total (Inclusive of GST): $,50", 0.1, 1},
			{"CASH : 10.50", 0.1, 1},
			{"CHANGE : 1.00", 0.1, 1},
		},
		"amount printed under a label that is not ranked": {
			{"Total Includes GST 0% 8.20", 0.1, 1},
			{"Cash 20.20", 0.1, 1},
			{"Change 12.00", 0.1, 1},
		},
		"total excluding tax glued to the tax's name, the sum printed alone": {
			{"0412638 2 14.90 29.80", 0.1, 1},
			{"TOTAL EXCL.GST 28.11", 0.1, 1},
			{"ADD : GST @ 6% On 1.69", 0.1, 1},
			{"29.80", 0.6, 1},
			{"CASH 50.00", 0.1, 1},
			{"CHANGE 20.20", 0.1, 1},
		},
		"paid exactly, with no total line": {
			{"Net Amt: 36.0O", 0.1, 1},
			{"Received 36.00", 0.1, 1},
			{"Change : 0.00", 0.1, 1},
		},
	} {
		var got api.ExtractedField
		for _, g := range Extract(printedLayout(lines), receiptSpec, Options{}).Groups {
			for _, f := range g.Fields {
				if f.Name == "total" {
					got = f
				}
			}
		}
		if got.Value == nil || got.BBox == nil {
			t.Errorf("%s: total = %v with box %v, want a value with a box", name, got.Value, got.BBox)
		}
		if strings.HasPrefix(name, "total excluding") && (got.Value != 29.8 || got.BBox != nil && got.BBox.YMin < 0.1) {
			t.Errorf("%s: total = %v at %v, want 29.8 on the line that prints it alone", name, got.Value, got.BBox)
		}
		if name == "paid exactly, with no total line" && got.Value != 36.0 {
			t.Errorf("%s: total = %v, want 36", name, got.Value)
		}
	}
}

// TestGluedRegistrationLine: a registration line whose label is glued to
// its number ("ROC:123456-X", one word) sits between the name and the
// address and does not end the header block before the address.
func TestGluedRegistrationLine(t *testing.T) {
	t.Parallel()
	for _, reg := range []string{"ROC:123456-X", "CO-REG:7654321-K", "CO-REG: 7654321-K"} {
		l := printedLayout([]pl{{"KEDAI MAWAR TRADING SDN BHD", 0.2, 1}, {reg, 0.3, 1},
			{"NO. 5, JALAN MAWAR 3,", 0.2, 1}, {"43000 KAJANG, SELANGOR", 0.2, 1}, {"TAX INVOICE", 0.3, 1}})
		got := map[string]any{}
		for _, f := range Extract(l, receiptSpec, Options{}).Groups[0].Fields {
			got[f.Name] = f.Value
		}
		if got["company"] != "KEDAI MAWAR TRADING SDN BHD" {
			t.Errorf("%s: company %v", reg, got["company"])
		}
		if want := "NO. 5, JALAN MAWAR 3, 43000 KAJANG, SELANGOR"; got["address"] != want {
			t.Errorf("%s: address %v, want %q", reg, got["address"], want)
		}
	}
}

// TestResultPaid: the extraction reports what the payment lines say was
// paid for the total field, also when the total line answered otherwise,
// so that Vote can weigh it against other readings.
func TestResultPaid(t *testing.T) {
	t.Parallel()
	res := Extract(printedLayout([]pl{
		{"DOMINO'S PIZZA SDN BHD", 0.2, 1.3},
		{"Grand Total : 30.30", 0.1, 1},
		{"Payment : 101.00", 0.1, 1},
		{"Change Due : 70.10", 0.1, 1},
	}), receiptSpec, Options{})
	if got := values(res)["total"]; got != 30.30 {
		t.Errorf("total = %v, want 30.3 (one reading cannot tell which line OCR bent)", got)
	}
	if got := res.Paid["total"]; got != 30.90 {
		t.Errorf("Paid[total] = %v, want 30.9", got)
	}
	res = Extract(printedLayout([]pl{
		{"Total Payment : 30.90", 0.1, 1},
		{"Cash : 50.00", 0.1, 1},
		{"Change : 19.10", 0.1, 1},
	}), receiptSpec, Options{})
	if got := res.Paid["total"]; got != 30.90 {
		t.Errorf("Paid[total] = %v, want 30.9 (cash minus change; a Total Payment is no tender)", got)
	}
	res = Extract(printedLayout([]pl{{"Grand Total : 30.30", 0.1, 1}}), receiptSpec, Options{})
	if len(res.Paid) != 0 {
		t.Errorf("Paid = %v with no payment lines, want none", res.Paid)
	}
	if len(res.Rounding) != 0 {
		t.Errorf("Rounding = %v with no rounding line, want none", res.Rounding)
	}
	res = Extract(printedLayout([]pl{
		{"Grand Total : 30.30", 0.1, 1},
		{"Rounding Adj : ie", 0.1, 1},
	}), receiptSpec, Options{})
	if !res.Rounding["total"] {
		t.Errorf("Rounding = %v, want total (a rounding line whose amount is unreadable still counts)", res.Rounding)
	}
}
