package audit

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

// ROPA is a GDPR Article 30 record of processing activities, built from
// a workspace's real history: the PII types its jobs found and the
// document types they read.
type ROPA struct {
	Controller           string     `json:"controller"`
	ProcessingActivities []Activity `json:"processing_activities"`
	GeneratedAt          string     `json:"generated_at"`
	Period               struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"period"`
	DocumentsProcessed int            `json:"documents_processed"`
	PIITypesSeen       map[string]int `json:"pii_types_seen"`
}

// Activity is one processing activity of the record.
type Activity struct {
	Category           string   `json:"category"`
	Purpose            string   `json:"purpose"`
	DataSubjects       []string `json:"data_subjects"`
	DataCategories     []string `json:"data_categories"`
	RetentionPeriod    string   `json:"retention_period"`
	TechnicalMeasures  []string `json:"technical_measures"`
	Recipients         []string `json:"recipients"`
	ThirdCountryTransf bool     `json:"third_country_transfers"`
}

// BuildROPA reads the job.completed events of the trail (oldest first).
func BuildROPA(controller string, retention time.Duration, events []*store.AuditEvent, now time.Time) ROPA {
	r := ROPA{Controller: controller, GeneratedAt: now.UTC().Format(time.RFC3339), PIITypesSeen: map[string]int{}}
	cats, subjects := map[string]bool{}, map[string]bool{}
	masked := false
	for _, e := range events {
		if e.Action != "job.completed" {
			continue
		}
		if r.DocumentsProcessed == 0 {
			r.Period.From = e.At.UTC().Format(time.RFC3339)
		}
		r.Period.To = e.At.UTC().Format(time.RFC3339)
		r.DocumentsProcessed++
		if types, ok := e.Details["pii_types"].(map[string]any); ok {
			for t, n := range types {
				c, _ := n.(float64)
				r.PIITypesSeen[t] += int(c)
				cats[Category(t)] = true
			}
		}
		if dt, ok := e.Details["document_type"].(string); ok {
			for _, s := range subjectsOf(dt) {
				subjects[s] = true
			}
		}
		if m, _ := e.Details["masked"].(bool); m {
			masked = true
		}
	}
	measures := []string{"access_control", "hashed_api_keys", "audit_trail", "retention_enforcement", "tenant_isolation"}
	if masked {
		measures = append([]string{"pseudonymization"}, measures...)
	}
	if len(subjects) == 0 && r.DocumentsProcessed > 0 {
		subjects["customers"] = true
	}
	r.ProcessingActivities = []Activity{{Category: "document_processing",
		Purpose:      "extracting structured data from business documents submitted by the controller",
		DataSubjects: keys(subjects), DataCategories: keys(cats), TechnicalMeasures: measures,
		RetentionPeriod: days(retention), Recipients: []string{}}}
	return r
}

// Category files a PII type under the data category a record of
// processing names.
func Category(t string) string {
	switch {
	case strings.HasPrefix(t, "email"), strings.HasPrefix(t, "phone"), t == "address", strings.HasPrefix(t, "postal_code"), t == "location", t == "province_tr":
		return "contact"
	case strings.HasPrefix(t, "iban"), t == "credit_card", t == "bic", strings.HasPrefix(t, "bank_account"), t == "crypto_wallet", strings.HasPrefix(t, "vat"):
		return "financial"
	case t == "ip", t == "ip_v6", t == "mac_address", t == "url":
		return "online_identifiers"
	case strings.HasPrefix(t, "mbi"), strings.HasPrefix(t, "npi"), strings.HasPrefix(t, "health"), strings.HasPrefix(t, "medical"), strings.Contains(t, "kvnr"), strings.HasPrefix(t, "medicare"):
		return "health"
	case strings.Contains(t, "plate"), strings.Contains(t, "vehicle"):
		return "vehicle"
	case t == "nrp":
		return "special_category"
	case strings.HasPrefix(t, "sgk"), strings.HasPrefix(t, "social"), strings.HasPrefix(t, "emeklilik"), strings.HasPrefix(t, "bagkur"), strings.HasPrefix(t, "isyeri"):
		return "social_security"
	case strings.HasPrefix(t, "company"), strings.HasPrefix(t, "mersis"), strings.HasPrefix(t, "siret"):
		return "business_identifiers"
	}
	return "identification"
}

// subjectsOf names whose data a document type carries.
func subjectsOf(docType string) []string {
	switch docType {
	case "payslip", "payroll", "expense_report", "timesheet", "cv", "resume":
		return []string{"employees"}
	case "invoice", "credit_note", "purchase_order", "receipt", "delivery_note", "sales_proposal", "quote":
		return []string{"vendors", "customers"}
	case "bank_statement", "id_card", "passport", "contract":
		return []string{"customers"}
	}
	return nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func days(d time.Duration) string {
	if n := int(d / (24 * time.Hour)); n != 1 {
		return strconv.Itoa(n) + " days"
	}
	return "1 day"
}
