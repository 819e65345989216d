// Package einvoice reads structured e-invoices (UBL 2.1 incl. Peppol BIS,
// XRechnung and UBL-TR, UN/CEFACT CII D16B incl. Factur-X/ZUGFeRD and the
// XML attached to their PDF/A-3, and FatturaPA 1.2) into one model named
// in EN 16931 terms.
//
// It is a layer-1 engine: bytes in, types out. It imports no store, queue,
// server or pipeline code. The entry points are Detect (a cheap sniff of a
// file's head), Parse (an XML document), FromPDF (the invoice XML attached
// to a hybrid PDF) and (*Invoice).Fields (the values under stable concept
// names for the extraction layer).
package einvoice

// Syntax is the XML vocabulary a document is written in, as Detect sees it
// from the root element.
type Syntax string

// The syntaxes Parse reads.
const (
	SyntaxUBL       Syntax = "ubl"       // OASIS UBL 2.1 Invoice or CreditNote
	SyntaxCII       Syntax = "cii"       // UN/CEFACT CrossIndustryInvoice D16B
	SyntaxZUGFeRD1  Syntax = "zugferd1"  // ZUGFeRD 1.0 CrossIndustryDocument
	SyntaxFatturaPA Syntax = "fatturapa" // FatturaElettronica 1.2.x
)

// Formats refine the syntax by the profile the document declares. They are
// what Invoice.Format holds.
const (
	FormatUBL          = "ubl"
	FormatPeppolBIS    = "peppol-bis"
	FormatXRechnungUBL = "xrechnung-ubl"
	FormatUBLTR        = "ubl-tr"
	FormatCII          = "cii"
	FormatXRechnungCII = "xrechnung-cii"
	FormatFacturX      = "factur-x" // Factur-X 1.0 = ZUGFeRD 2.x
	FormatZUGFeRD1     = "zugferd"  // ZUGFeRD 1.0
	FormatFatturaPA    = "fatturapa"
)

// Envelopes an invoice may arrive in.
const (
	EnvelopeCAdES = "cades" // a CAdES (.p7m) signature
	EnvelopeSBDH  = "sbdh"  // a Peppol Standard Business Document
)

// Kind is the EN 16931 document kind.
type Kind string

// The two kinds EN 16931 distinguishes.
const (
	KindInvoice    Kind = "invoice"
	KindCreditNote Kind = "credit_note"
)

// Amount is a decimal as the document writes it. Raw keeps the text (no
// float ever touches it); Value is the same number in canonical form
// ("100.50" -> "100.5", "-0.00" -> "0"), empty when Raw is not a decimal.
type Amount struct {
	Raw   string `json:"raw"`
	Value string `json:"value"`
}

// IsZero reports whether the document gave no value at all.
func (a Amount) IsZero() bool { return a.Raw == "" }

// ID is an identifier with the scheme its document names (ISO 6523 ICD,
// "VA", "FC", "VKN", "TCKN", ...). Scheme may be empty.
type ID struct {
	Scheme string `json:"scheme,omitempty"`
	Value  string `json:"value"`
}

// Address is a postal address (BG-5 / BG-8).
type Address struct {
	Lines       []string `json:"lines,omitempty"`
	City        string   `json:"city,omitempty"`
	PostalCode  string   `json:"postal_code,omitempty"`
	Subdivision string   `json:"subdivision,omitempty"`
	Country     string   `json:"country,omitempty"` // ISO 3166-1 code where the syntax has one
}

// Contact is a party's contact (BG-6 / BG-9).
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Party is the seller (BG-4) or the buyer (BG-7).
type Party struct {
	Name        string  `json:"name,omitempty"`         // BT-27 / BT-44
	TradingName string  `json:"trading_name,omitempty"` // BT-28 / BT-45
	VATID       string  `json:"vat_id,omitempty"`       // BT-31 / BT-48; UBL-TR: the VKN or TCKN
	TaxIDs      []ID    `json:"tax_ids,omitempty"`      // BT-32 and national tax numbers (FC, CodiceFiscale, VKN, TCKN)
	LegalID     ID      `json:"legal_id,omitzero"`      // BT-30 / BT-47
	IDs         []ID    `json:"ids,omitempty"`          // BT-29 / BT-46
	Endpoint    ID      `json:"endpoint,omitzero"`      // BT-34 / BT-49
	Address     Address `json:"address,omitzero"`
	Contact     Contact `json:"contact,omitzero"`
}

// PaymentMeans is one way to pay (BG-16).
type PaymentMeans struct {
	Code        string `json:"code,omitempty"` // UNCL4461, or FatturaPA's MPxx
	IBAN        string `json:"iban,omitempty"` // BT-84 (an account id, IBAN when the means is a transfer)
	BIC         string `json:"bic,omitempty"`  // BT-86
	AccountName string `json:"account_name,omitempty"`
	Reference   string `json:"reference,omitempty"` // BT-83 remittance information
	DueDate     string `json:"due_date,omitempty"`
	Amount      Amount `json:"amount,omitzero"`
}

// TaxSubtotal is one row of the VAT breakdown (BG-23).
type TaxSubtotal struct {
	Category        string `json:"category,omitempty"` // BT-118 (UNCL5305), FatturaPA's Natura
	Scheme          string `json:"scheme,omitempty"`   // VAT, or a national tax type
	Rate            Amount `json:"rate,omitzero"`      // BT-119, percent
	Base            Amount `json:"base,omitzero"`      // BT-116
	Amount          Amount `json:"amount,omitzero"`    // BT-117
	ExemptionReason string `json:"exemption_reason,omitempty"`
}

// Totals are the document totals (BG-22).
type Totals struct {
	LineTotal  Amount `json:"line_total,omitzero"`  // BT-106
	Allowances Amount `json:"allowances,omitzero"`  // BT-107
	Charges    Amount `json:"charges,omitzero"`     // BT-108
	WithoutVAT Amount `json:"without_vat,omitzero"` // BT-109
	VAT        Amount `json:"vat,omitzero"`         // BT-110
	WithVAT    Amount `json:"with_vat,omitzero"`    // BT-112
	Prepaid    Amount `json:"prepaid,omitzero"`     // BT-113
	Rounding   Amount `json:"rounding,omitzero"`    // BT-114
	Due        Amount `json:"due,omitzero"`         // BT-115
}

// Line is one invoice line (BG-25); sub-lines are not lines.
type Line struct {
	ID                string `json:"id,omitempty"`          // BT-126
	Name              string `json:"name,omitempty"`        // BT-153
	Description       string `json:"description,omitempty"` // BT-154
	Quantity          Amount `json:"quantity,omitzero"`     // BT-129
	Unit              string `json:"unit,omitempty"`        // BT-130
	UnitPrice         Amount `json:"unit_price,omitzero"`   // BT-146
	PriceBaseQuantity Amount `json:"price_base_quantity,omitzero"`
	LineAmount        Amount `json:"line_amount,omitzero"` // BT-131
	VATCategory       string `json:"vat_category,omitempty"`
	VATRate           Amount `json:"vat_rate,omitzero"` // BT-152
}

// Attachment is a file embedded in the invoice (BG-24 / FatturaPA
// Allegati), handed back so the caller can fan it out like an archive
// member. Data is nil when the file was over Limits.MaxAttachmentBytes or
// its base64 was broken; Omitted then says why.
type Attachment struct {
	Filename    string `json:"filename,omitempty"`
	MIME        string `json:"mime,omitempty"`
	Description string `json:"description,omitempty"`
	Data        []byte `json:"-"`
	Omitted     string `json:"omitted,omitempty"`
}

// Reasons an attachment's Data is nil.
const (
	OmittedTooLarge  = "too_large"
	OmittedBadBase64 = "invalid_base64"
	OmittedTooMany   = "too_many"
)

// Invoice is one e-invoice in EN 16931 terms.
type Invoice struct {
	Syntax          Syntax         `json:"syntax"`
	Envelope        string         `json:"envelope,omitempty"` // EnvelopeCAdES, EnvelopeSBDH, or "" for a bare document
	Format          string         `json:"format"`
	Kind            Kind           `json:"kind"`
	TypeCode        string         `json:"type_code,omitempty"`        // BT-3 (UNCL1001, UBL-TR or FatturaPA code)
	CustomizationID string         `json:"customization_id,omitempty"` // BT-24
	ProfileID       string         `json:"profile_id,omitempty"`       // BT-23
	Number          string         `json:"number,omitempty"`           // BT-1
	IssueDate       string         `json:"issue_date,omitempty"`       // BT-2, YYYY-MM-DD
	DueDate         string         `json:"due_date,omitempty"`         // BT-9, YYYY-MM-DD
	Currency        string         `json:"currency,omitempty"`         // BT-5
	TaxCurrency     string         `json:"tax_currency,omitempty"`     // BT-6
	BuyerReference  string         `json:"buyer_reference,omitempty"`  // BT-10
	OrderReference  string         `json:"order_reference,omitempty"`  // BT-13
	Notes           []string       `json:"notes,omitempty"`            // BT-22
	Seller          Party          `json:"seller"`
	Buyer           Party          `json:"buyer"`
	PaymentTerms    string         `json:"payment_terms,omitempty"` // BT-20
	PaymentMeans    []PaymentMeans `json:"payment_means,omitempty"`
	TaxBreakdown    []TaxSubtotal  `json:"tax_breakdown,omitempty"`
	Totals          Totals         `json:"totals"`
	Lines           []Line         `json:"lines,omitempty"`
	Attachments     []Attachment   `json:"attachments,omitempty"`
}
