package pii

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

type tally struct{ tp, fp, fn int }

func (t tally) precision() float64 {
	if t.tp+t.fp == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.tp+t.fp)
}

func (t tally) recall() float64 {
	if t.tp+t.fn == 0 {
		return 1
	}
	return float64(t.tp) / float64(t.tp+t.fn)
}

func family(typ string) string {
	d := byName[typ]
	switch {
	case typ == "name" || typ == "address":
		return "names and addresses (near labels)"
	case d != nil && d.Checksum:
		return "checksum-backed"
	case strings.HasPrefix(typ, "phone_"):
		return "phones"
	}
	return "shape/label only"
}

func measure(docs []corpusDoc) (map[string]*tally, map[string]*tally, []string) {
	byType, byFam := map[string]*tally{}, map[string]*tally{}
	get := func(m map[string]*tally, k string) *tally {
		if m[k] == nil {
			m[k] = &tally{}
		}
		return m[k]
	}
	var errs []string
	for _, d := range docs {
		found := Detect(d.text, Options{})
		used := make([]bool, len(found))
		for _, w := range d.want {
			ok := false
			for i, f := range found {
				if !used[i] && f.Type == w.typ && f.Start == w.start && f.End == w.end {
					used[i], ok = true, true
					break
				}
			}
			if ok {
				get(byType, w.typ).tp++
				get(byFam, family(w.typ)).tp++
			} else {
				get(byType, w.typ).fn++
				get(byFam, family(w.typ)).fn++
				if len(errs) < 40 {
					errs = append(errs, fmt.Sprintf("FN %s %q in %q got %v", w.typ, d.text[w.start:w.end], lineAround(d.text, w.start), overlapping(found, w)))
				}
			}
		}
		for i, f := range found {
			if !used[i] {
				get(byType, f.Type).fp++
				get(byFam, family(f.Type)).fp++
				if len(errs) < 80 {
					errs = append(errs, fmt.Sprintf("FP %s %q in %q", f.Type, f.Value, lineAround(d.text, f.Start)))
				}
			}
		}
	}
	return byType, byFam, errs
}

func overlapping(fs []Finding, w span) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Start < w.end && w.start < f.End {
			out = append(out, f)
		}
	}
	return out
}

func lineAround(s string, off int) string {
	a := strings.LastIndexByte(s[:off], '\n') + 1
	b := strings.IndexByte(s[off:], '\n')
	if b < 0 {
		return s[a:]
	}
	return s[a : off+b]
}

func TestAccuracy(t *testing.T) { accuracy(t, genCorpus(2026, 60), "PII_ACCURACY_OUT", true) }

// TestAccuracyHardLayouts measures harder placements (mid-sentence, table
// rows, label on the line before, upper-case labels). It reports and
// fails only below looser limits.
func TestAccuracyHardLayouts(t *testing.T) {
	t.Parallel()
	accuracy(t, genCorpusMode(4242, 60, true), "PII_ACCURACY_HARD_OUT", false)
}

func accuracy(t *testing.T, docs []corpusDoc, env string, strict bool) {
	byType, byFam, errs := measure(docs)
	for _, e := range errs {
		t.Log(e)
	}
	limits := map[string][2]float64{
		"checksum-backed":                   {0.98, 0.98},
		"names and addresses (near labels)": {0.90, 0.85},
	}
	if !strict {
		limits = map[string][2]float64{"checksum-backed": {0.95, 0.90}, "names and addresses (near labels)": {0.85, 0.75}}
	}
	var table strings.Builder
	table.WriteString("| family | items | precision | recall |\n|---|---:|---:|---:|\n")
	fams := make([]string, 0, len(byFam))
	for f := range byFam {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		tl := byFam[f]
		fmt.Fprintf(&table, "| %s | %d | %.3f | %.3f |\n", f, tl.tp+tl.fn, tl.precision(), tl.recall())
		if lim, ok := limits[f]; ok && (tl.precision() < lim[0] || tl.recall() < lim[1]) {
			t.Errorf("%s: precision %.3f recall %.3f below %.2f/%.2f", f, tl.precision(), tl.recall(), lim[0], lim[1])
		}
	}
	table.WriteString("\n| type | family | items | precision | recall |\n|---|---|---:|---:|---:|\n")
	types := make([]string, 0, len(byType))
	for k := range byType {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		tl := byType[k]
		fmt.Fprintf(&table, "| %s | %s | %d | %.3f | %.3f |\n", k, family(k), tl.tp+tl.fn, tl.precision(), tl.recall())
	}
	t.Logf("\n%s", table.String())
	if p := os.Getenv(env); p != "" {
		_ = os.WriteFile(p, []byte(table.String()), 0o644)
	}
}
