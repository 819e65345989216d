package einvoice

import "strings"

// UBL-TR (the Turkish GİB profile of UBL 2.1 for e-Fatura and e-Arşiv)
// declares CustomizationID "TR1.2" (earlier "TR1.0") and a Turkish
// ProfileID. Parties carry their tax number as PartyIdentification/ID
// with schemeID VKN (companies, 10 digits) or TCKN (persons, 11 digits),
// and PartyTaxScheme names the tax office instead of a VAT number.

// trProfiles are the GİB scenario profiles.
var trProfiles = map[string]bool{
	"TEMELFATURA": true, "TICARIFATURA": true, "EARSIVFATURA": true,
	"IHRACAT": true, "YOLCUBERABERFATURA": true, "KAMU": true, "HKS": true,
	"ENERJI": true, "ILAC_TIBBICIHAZ": true, "YATIRIMTESVIK": true, "IDIS": true,
	"OZELFATURA": true,
}

// ublFormat names the profile a UBL invoice declares.
func ublFormat(root *node, inv *Invoice) string {
	cust := strings.ToLower(inv.CustomizationID)
	switch {
	case strings.HasPrefix(inv.CustomizationID, "TR1.") || trProfiles[strings.ToUpper(inv.ProfileID)]:
		return FormatUBLTR
	case strings.Contains(cust, "xrechnung"):
		return FormatXRechnungUBL
	case strings.Contains(cust, "peppol"):
		return FormatPeppolBIS
	}
	return FormatUBL
}

// trTaxIDs records the VKN/TCKN among the tax ids and gives it as the
// party's VAT id: in Turkey the VKN/TCKN is the number KDV (VAT) is
// registered under, and GİB validates parties by it, so it wins over a
// PartyTaxScheme CompanyID should a document carry both.
func trTaxIDs(p *Party) {
	var trID string
	var ids []ID
	for _, id := range p.IDs {
		s := strings.ToUpper(id.Scheme)
		if s != "VKN" && s != "TCKN" {
			continue
		}
		ids = append(ids, ID{Scheme: s, Value: id.Value})
		if trID == "" {
			trID = id.Value
		}
	}
	if trID == "" {
		return
	}
	if p.VATID != "" && p.VATID != trID {
		ids = append(ids, ID{Scheme: "VAT", Value: p.VATID})
	}
	p.VATID = trID
	p.TaxIDs = append(ids, p.TaxIDs...)
}
