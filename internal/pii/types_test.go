package pii

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestCatalogueCoversReference(t *testing.T) {
	t.Parallel()
	ref := strings.Fields(`email credit_card ip ip_v6 iban phone_intl name national_id_tr tax_id_tr phone_tr iban_tr
	mersis_no sgk_no emeklilik_no isyeri_sicil_no bagkur_no postal_code_tr province_tr company_name_tr national_id_de
	tax_id_de social_id_de social_id_at national_id_fr tax_id_fr siret_fr company_id_fr social_id_fr national_id_it
	tax_id_it national_id_nl tax_id_nl company_id_nl national_id_be national_id_es tax_id_es national_id_pl tax_id_pl
	tax_id_pt national_id_se national_id_dk national_id_fi social_id_uk tax_id_uk phone_de phone_fr phone_it phone_nl
	phone_es phone_pl phone_uk iban_intl ssn tax_id_us national_id_us phone_us date_of_birth address passport_mrz
	licence_plate_tr bic crypto_wallet passport_us itin_us nhs_uk`)
	types := Types()
	have := map[string]TypeInfo{}
	for _, ti := range types {
		have[ti.Name] = ti
	}
	for _, n := range ref {
		ti, ok := have[n]
		if !ok {
			t.Errorf("catalogue lacks %s", n)
			continue
		}
		switch ti.Jurisdiction {
		case JurisdictionTR, JurisdictionEU, JurisdictionUS, JurisdictionGlobal:
		default:
			t.Errorf("%s: jurisdiction %q", n, ti.Jurisdiction)
		}
		if ti.Description == "" || ti.Example == "" {
			t.Errorf("%s: missing description or example", n)
		}
	}
	if len(types) < 46 {
		t.Errorf("catalogue has %d types, want >= 46", len(types))
	}
	b, _ := json.Marshal(types[0])
	for _, k := range []string{`"name"`, `"jurisdiction"`, `"country"`, `"description"`, `"example"`, `"checksum"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("TypeInfo JSON %s lacks %s", b, k)
		}
	}
}

func TestRegisterDuplicatePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if recover() == nil {
			t.Fatal("duplicate registration did not panic")
		}
	}()
	register(&detector{TypeInfo: TypeInfo{Name: "email", Example: "x"}, synth: func(*rand.Rand) string { return "" }})
}

// findAs runs the detector alone on "label: value" and reports whether it
// finds exactly value.
func findAs(t *testing.T, d *detector, value string, all bool) (Finding, bool) {
	t.Helper()
	text := d.label + ": " + value + "\n"
	if strings.Contains(value, "\n") {
		text = d.label + ":\n" + value + "\n"
	}
	opts := Options{Types: []string{d.Name}, MinScore: 0.01}
	if all {
		opts = Options{}
	}
	for _, f := range Detect(text, opts) {
		if f.Value == value {
			return f, f.Type == d.Name
		}
	}
	return Finding{}, false
}

func TestExamplesAndSyntheticValuesPassTheirOwnCheck(t *testing.T) {
	t.Parallel()
	build()
	for _, d := range registry {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			if _, ok := findAs(t, d, d.Example, false); !ok {
				t.Errorf("example %q not found as %s", d.Example, d.Name)
			}
			if f, ok := findAs(t, d, d.Example, true); !ok {
				t.Errorf("example %q with label %q and every detector on: got %+v", d.Example, d.label, Detect(d.label+": "+d.Example+"\n", Options{}))
			} else if f.Score < DefaultMinScore {
				t.Errorf("score %v", f.Score)
			}
			r := rand.New(rand.NewPCG(7, uint64(d.idx)))
			for k := 0; k < 40; k++ {
				v := d.synth(r)
				if _, ok := findAs(t, d, v, false); !ok {
					t.Errorf("synthetic %q not found as %s", v, d.Name)
				}
			}
		})
	}
}
