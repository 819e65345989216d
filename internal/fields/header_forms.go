package fields

import "strings"

// Word lists for the header block (header_block.go). Tokens are in
// labelTok form: folded, outer punctuation trimmed, inner dots and hyphens
// removed ("S.A." -> "sa", "Sdn." -> "sdn", "A.Ş." -> "as").

// companyForms are legal-form tokens of companies world-wide: a line that
// ends in (or carries) one names a company. Forms that are also common
// words ("as", "se", "kg", "pt", "sb") are handled in isCompanyForm.
var companyForms = setOf(
	// English-speaking countries, India, Singapore, Malaysia
	"ltd", "limited", "llc", "inc", "incorporated", "corp", "corporation", "plc", "llp", "lp", "pty", "pvt", "pte",
	"co", "company", "sdn", "bhd", "berhad", "plt", "s/b", "llc", "pllc",
	// German-speaking
	"gmbh", "ag", "ohg", "ug", "ek", "gbr", "kgaa", "mbh",
	// French, Spanish, Portuguese, Italian, Benelux
	"sa", "sas", "sasu", "sarl", "eurl", "sca", "snc", "sl", "slu", "sll", "ltda", "eireli", "spa", "srl", "srls", "sapa",
	"bv", "nv", "vof", "bvba", "sprl", "scrl",
	// Turkish, Polish, Nordic, Central and Eastern Europe
	"sti", "zoo", "spzoo", "aps", "ab", "oy", "oyj", "asa", "kft", "zrt", "nyrt", "sro", "doo", "dd", "ad", "ood", "eood", "srl",
	// Asia
	"kk", "tbk", "jsc", "pjsc", "ooo", "zao", "oao",
	// Trade names the brief of a receipt prints in place of a form
	"enterprise", "enterprises", "trading",
)

// businessWords name a kind of business. They are weaker evidence than a
// legal form: "RESTORAN WAN SHENG", "BEYOND BROTHERS HARDWARE".
var businessWords = setOf(
	"restaurant", "restoran", "restaurante", "ristorante", "cafe", "coffee", "bistro", "bakery", "bakeries", "kitchen",
	"hardware", "stationery", "pharmacy", "farmasi", "apotheke", "eczane", "pharmacie", "farmacia",
	"mart", "supermarket", "hypermarket", "minimarket", "market", "store", "stores", "shop", "boutique", "kedai", "syarikat",
	"pasaraya", "perniagaan", "services", "service", "holdings", "industries", "marketing", "ventures", "hotel", "motors",
	"electrical", "bookstore", "books", "seafood", "pizza", "clinic", "klinik", "petrol", "confectionery", "healthcare",
	"lokanta", "magaza", "backerei", "boulangerie", "tienda", "supermercado", "winkel",
)

// headerStops are tokens that end a header block: contact, registration
// and tax-id lines, document titles and the first transaction lines.
var headerStops = setOf(
	"tel", "telephone", "phone", "fax", "hp", "mobile", "handphone", "email", "mail", "www", "http", "https", "website",
	"gst", "sst", "vat", "reg", "registration", "roc", "regno", "coreg", "tax", "invoice", "receipt", "cashier", "date", "time",
	"table", "pax", "order", "counter", "terminal", "tin", "vkn", "nip", "regon", "krs", "ust", "ustidnr", "steuernummer",
	"tva", "siret", "siren", "kvk", "btw", "cif", "nif", "iban", "bic", "swift", "account", "customer", "bill",
	"fatura", "rechnung", "facture", "factura", "factuur", "fattura", "telefon", "telefono", "telefone", "vergi", "mersis",
	"taxinvoice", // OCR glues "TAX INVOICE" into one word
)

// documentTitles are printed next to the issuer's name in some headers
// ("Amazon Web Services Invoice"); they are not part of the name.
var documentTitles = setOf(
	"invoice", "receipt", "bill", "statement", "quotation", "quote", "fatura", "fis", "makbuz", "rechnung", "quittung",
	"beleg", "facture", "recu", "ticket", "factura", "recibo", "fattura", "ricevuta", "factuur", "bon", "kwitansi", "taxinvoice",
)

// addressWords mark a line as part of a postal address.
var addressWords = setOf(
	"jalan", "jln", "lorong", "lot", "taman", "tmn", "kawasan", "persiaran", "bandar", "seksyen", "kampung", "kg",
	"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "drive", "dr", "blvd", "boulevard", "way", "floor", "level",
	"suite", "building", "bldg", "block", "blk", "unit", "po", "box", "industrial", "park", "plaza", "square", "centre", "center",
	"strasse", "str", "weg", "platz", "allee", "gasse", "rue", "bd", "chemin", "place", "calle", "avda", "av", "avenida",
	"plaza", "via", "viale", "piazza", "corso", "straat", "laan", "plein", "cadde", "caddesi", "cad", "sokak", "sok", "sk",
	"mahalle", "mahallesi", "mah", "mh", "bulvar", "ul", "ulica", "al", "aleja", "os", "osiedle",
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// isCompanyForm reports whether token i of a line is a legal form. raw is
// the printed word. Forms that double as words count only where a form
// stands: "A.Ş." with its dots, "KG" not after a number (1 KG is a
// weight), "SB" at the end, "PT" at the start.
func isCompanyForm(toks, raw []string, i int) bool {
	t := toks[i]
	// "SDN BHD" read as "SON BHD" or "SDN BH)": the pair is unmistakable
	// even with one letter wrong.
	if (t == "sdn" || t == "son") && i+1 < len(toks) && strings.HasPrefix(toks[i+1], "bh") {
		return true
	}
	// "S/B" read with a look-alike ("5/B", "5/8", "$/B") after the name,
	// at the end or before the registration number: "99 SPEED MART 5/8
	// (519537-Y)".
	if i > 0 && reSlashB.MatchString(raw[i]) && (i == len(raw)-1 || strings.HasPrefix(raw[i+1], "(") || hasDigit(raw[i+1])) {
		return true
	}
	switch t {
	case "as":
		return strings.Contains(raw[i], ".") || strings.ContainsAny(raw[i], "Şş")
	case "se", "kg":
		return raw[i] == strings.ToUpper(raw[i]) && i > 0 && !isDigits(strings.Trim(raw[i-1], ".,")) && (t == "kg" || i == len(toks)-1)
	case "sb":
		return i == len(toks)-1 && i > 0
	case "pt", "cv":
		return i == 0 && len(toks) > 1 && raw[i] == strings.ToUpper(raw[i])
	case "z":
		// "sp. z o.o." (Polish): sp, z, oo
		return i > 0 && i+1 < len(toks) && toks[i-1] == "sp" && toks[i+1] == "oo"
	}
	return companyForms[t]
}
