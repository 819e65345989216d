package dataset

import (
	"maps"
	"slices"

	"github.com/quarrydev/quarry/internal/export"
)

// Profile is a version's aggregate statistics, computed once at build
// time. The first block is the contract's shape (E17); the rest are the
// figures issue 14 adds. Scores are on Quarry's 0-100 scale.
type Profile struct {
	Quality               ProfileQuality     `json:"quality"`
	Privacy               ProfilePrivacy     `json:"privacy"`
	Formats               []string           `json:"formats"`
	Columns               []string           `json:"columns"`
	PIITypeSummary        map[string]int     `json:"pii_type_summary"`
	QualityDistribution   map[string]int     `json:"quality_distribution"`
	GDPRCategories        []string           `json:"gdpr_categories"`
	DetectedCountries     []string           `json:"detected_countries"`
	ApplicableRegulations []string           `json:"applicable_regulations"`
	RowCount              int                `json:"row_count"`
	AvgScore              float64            `json:"avg_score"`
	FieldFillRates        map[string]float64 `json:"field_fill_rates"`
	Languages             map[string]int     `json:"languages"`
	DocumentTypes         map[string]int     `json:"document_types"`
	KVKKCategories        []string           `json:"kvkk_categories"`
	DataCategories        map[string]int     `json:"data_categories"`
	Masked                bool               `json:"masked"`
}

// ProfileQuality is the grade distribution and score summary.
type ProfileQuality struct {
	GradeDistribution map[string]int `json:"grade_distribution"`
	AvgScore          float64        `json:"avg_score"`
	// BelowThresholdCount counts records under grade B, the threshold the
	// platform recommends for training and retrieval.
	BelowThresholdCount int `json:"below_threshold_count"`
}

// ProfilePrivacy counts findings and records with and without them.
type ProfilePrivacy struct {
	PIIFindingsCount  int `json:"pii_findings_count"`
	MaskedRecordCount int `json:"masked_record_count"`
	CleanRecordCount  int `json:"clean_record_count"`
}

// profiler accumulates a Profile one record at a time; its memory grows
// with the distinct field names, PII types and languages, not with rows.
type profiler struct {
	p        Profile
	scoreSum float64
	filled   map[string]int
}

func newProfiler(mask bool) *profiler {
	return &profiler{filled: map[string]int{}, p: Profile{
		Quality:        ProfileQuality{GradeDistribution: map[string]int{}},
		PIITypeSummary: map[string]int{}, FieldFillRates: map[string]float64{},
		Languages: map[string]int{}, DocumentTypes: map[string]int{}, Masked: mask,
	}}
}

func (pr *profiler) add(r *export.Record) {
	p := &pr.p
	p.RowCount++
	if r.QualityGrade != "" {
		p.Quality.GradeDistribution[r.QualityGrade]++
	}
	if gradeRank(r.QualityGrade) < gradeRank("B") {
		p.Quality.BelowThresholdCount++
	}
	pr.scoreSum += r.QualityScore
	findings := 0
	for t, n := range r.PII {
		p.PIITypeSummary[t] += n
		findings += n
	}
	p.Privacy.PIIFindingsCount += findings
	switch {
	case findings == 0:
		p.Privacy.CleanRecordCount++
	case r.PIIMasked:
		p.Privacy.MaskedRecordCount++
	}
	if r.Language != "" {
		p.Languages[r.Language]++
	}
	if r.DocType != "" {
		p.DocumentTypes[r.DocType]++
	}
	for name, v := range r.Fields {
		if filled(v) {
			pr.filled[name]++
		}
	}
}

// filled reports whether a value carries anything.
func filled(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		for _, e := range x {
			if filled(e) {
				return true
			}
		}
		return false
	}
	return true
}

// finish completes the profile with the schema's columns and what the PII
// types seen imply for compliance.
func (pr *profiler) finish(schema export.Schema) Profile {
	p := pr.p
	if p.RowCount > 0 {
		p.AvgScore = round2(pr.scoreSum / float64(p.RowCount))
	}
	p.Quality.AvgScore = p.AvgScore
	p.QualityDistribution = maps.Clone(p.Quality.GradeDistribution)
	for _, f := range schema.Fields {
		rate := 0.0
		if p.RowCount > 0 {
			rate = round2(float64(pr.filled[f.Name]) / float64(p.RowCount))
		}
		p.FieldFillRates[f.Name] = rate
	}
	p.Columns = Columns(schema, slices.Sorted(maps.Keys(p.PIITypeSummary)))
	for _, f := range export.Formats() {
		p.Formats = append(p.Formats, f.ID)
	}
	c := classifyPII(p.PIITypeSummary)
	p.GDPRCategories, p.KVKKCategories, p.DataCategories = c.art9, c.kvkk, c.categories
	p.DetectedCountries, p.ApplicableRegulations = c.countries, c.regulations
	return p
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
