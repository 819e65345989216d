package dataset

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"time"

	"github.com/quarrydev/quarry/internal/audit"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/pii"
)

// ErrPlan: the workspace's plan does not include the feature.
var ErrPlan = errors.New("dataset: the plan does not include this")

// kvkkCategory names, in Turkish as the KVKK inventory (VERBIS) does, the
// personal-data category each of Quarry's data categories falls under.
// Company identifiers are not personal data and have none.
var kvkkCategory = map[string]string{
	"identification":     "kimlik verisi",
	"contact":            "iletişim verisi",
	"financial":          "finansal veri",
	"social_security":    "sosyal güvenlik verisi",
	"online_identifiers": "işlem güvenliği verisi",
	"health":             "sağlık verisi (özel nitelikli)",
	"special_category":   "özel nitelikli kişisel veri",
	"vehicle":            "araç verisi",
}

// art9Category names the GDPR Article 9 special category a data category
// belongs to; most belong to none.
var art9Category = map[string]string{
	"health":           "health",
	"special_category": "racial_ethnic_political_or_religious",
}

// regulationOf names the data-protection law of a country whose PII types
// were found, beyond GDPR (which covers the EU and EEA members below).
var regulationOf = map[string]string{
	"TR": "KVKK", "GB": "UK GDPR", "CH": "FADP", "BR": "LGPD", "CA": "PIPEDA", "SG": "PDPA",
	"ZA": "POPIA", "IN": "DPDP Act", "KR": "PIPA", "AU": "Privacy Act 1988", "CN": "PIPL", "NG": "NDPA", "PH": "DPA (PH)",
	"TH": "PDPA (TH)",
}

var gdprCountries = map[string]bool{"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true,
	"EE": true, "FI": true, "FR": true, "DE": true, "GR": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true,
	"LU": true, "MT": true, "NL": true, "PL": true, "PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
	"IS": true, "LI": true, "NO": true}

// piiClasses is what a set of PII types implies for compliance.
type piiClasses struct {
	categories  map[string]int // data category -> findings
	kvkk, art9  []string
	countries   []string
	regulations []string
}

// classifyPII files the PII types seen under data categories (the same
// filing as the audit trail's Article 30 record), KVKK and GDPR Article 9
// categories, the countries their detectors belong to, and the laws that
// follow. GDPR is listed for EU/EEA types and also for types no country
// owns (e-mail, IBAN, names): their subjects may be in the EU, so the
// conservative reading applies. KVKK follows Turkish types.
func classifyPII(summary map[string]int) piiClasses {
	c := piiClasses{categories: map[string]int{}}
	country := map[string]string{}
	for _, t := range pii.Types() {
		country[t.Name] = t.Country
	}
	kvkk, art9, countries, regs := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for t, n := range summary {
		if n <= 0 {
			continue
		}
		cat := audit.Category(t)
		c.categories[cat] += n
		if k, ok := kvkkCategory[cat]; ok {
			kvkk[k] = true
		}
		if a, ok := art9Category[cat]; ok {
			art9[a] = true
		}
		cc := country[t]
		switch {
		case cc == "":
			regs["GDPR"] = true
		case gdprCountries[cc]:
			regs["GDPR"] = true
			countries[cc] = true
		default:
			countries[cc] = true
			if r, ok := regulationOf[cc]; ok {
				regs[r] = true
			}
		}
	}
	if len(countries) > 0 && countries["TR"] {
		regs["KVKK"] = true
	}
	c.kvkk, c.art9 = sortedKeys(kvkk), sortedKeys(art9)
	c.countries, c.regulations = sortedKeys(countries), sortedKeys(regs)
	return c
}

func sortedKeys(m map[string]bool) []string {
	out := slices.Sorted(maps.Keys(m))
	if out == nil {
		out = []string{}
	}
	return out
}

// Report is a dataset's KVKK/GDPR transparency report: what personal
// data the current version holds, by category, with counts (E19's shape
// plus the detail). It names categories and counts only, never values.
type Report struct {
	DatasetID             string           `json:"dataset_id"`
	DatasetName           string           `json:"dataset_name"`
	Version               int              `json:"version"`
	GeneratedAt           string           `json:"generated_at"`
	RowCount              int              `json:"row_count"`
	Masked                bool             `json:"masked"`
	PIIFindingsCount      int              `json:"pii_findings_count"`
	KVKKCategories        []string         `json:"kvkk_categories"`
	GDPRCategories        []string         `json:"gdpr_categories"`
	ApplicableRegulations []string         `json:"applicable_regulations"`
	DetectedCountries     []string         `json:"detected_countries"`
	PlanCoverage          string           `json:"plan_coverage"`
	PIITypeSummary        map[string]int   `json:"pii_type_summary"`
	Categories            []ReportCategory `json:"categories"`
}

// ReportCategory is one data category held, with its legal names.
type ReportCategory struct {
	Category    string   `json:"category"`
	KVKK        string   `json:"kvkk_category"`
	GDPRArt9    string   `json:"gdpr_article_9"`
	PIITypes    []string `json:"pii_types"`
	Findings    int      `json:"findings"`
	RecordsNote string   `json:"records_note"`
}

// ComplianceAllowed reports whether a plan includes the compliance report
// (the contract lists it from Pro up).
func ComplianceAllowed(plan string) bool {
	return plan != billing.PlanTrial && plan != billing.PlanStarter
}

// Compliance builds the report of the dataset's current version.
func (s *Service) Compliance(ctx context.Context, workspaceID, id string) (*Report, error) {
	ws, err := s.store.WorkspaceGet(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	d, prof, err := s.Profile(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	if !ComplianceAllowed(ws.Plan) {
		return nil, ErrPlan
	}
	r := &Report{DatasetID: d.ID, DatasetName: d.Name, Version: d.Version, GeneratedAt: s.now().Format(time.RFC3339),
		RowCount: prof.RowCount, Masked: prof.Masked, PIIFindingsCount: prof.Privacy.PIIFindingsCount,
		KVKKCategories: nonNil(prof.KVKKCategories), GDPRCategories: nonNil(prof.GDPRCategories),
		ApplicableRegulations: nonNil(prof.ApplicableRegulations), DetectedCountries: nonNil(prof.DetectedCountries),
		PlanCoverage: ws.Plan, PIITypeSummary: prof.PIITypeSummary, Categories: []ReportCategory{}}
	byCat := map[string][]string{}
	for t := range prof.PIITypeSummary {
		cat := audit.Category(t)
		byCat[cat] = append(byCat[cat], t)
	}
	for _, cat := range slices.Sorted(maps.Keys(byCat)) {
		types := byCat[cat]
		slices.Sort(types)
		note := "values removed: the dataset is masked"
		if !prof.Masked {
			note = "values held as found: the dataset is not masked"
		}
		r.Categories = append(r.Categories, ReportCategory{Category: cat, KVKK: kvkkCategory[cat], GDPRArt9: art9Category[cat],
			PIITypes: types, Findings: prof.DataCategories[cat], RecordsNote: note})
	}
	return r, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// profileOf decodes a stored profile.
func profileOf(raw []byte) (*Profile, error) {
	var p Profile
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
