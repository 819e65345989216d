package corpuseval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/fields"
	"github.com/quarrydev/quarry/internal/ingest"
)

// Tally counts one field's results.
type Tally struct {
	Tries, Right int
	Boxed        int // right values that came with a box
}

// Rate is the share of right values, 0 when nothing was tried.
func (t Tally) Rate() float64 {
	if t.Tries == 0 {
		return 0
	}
	return float64(t.Right) / float64(t.Tries)
}

// Report is the outcome over one set.
type Report struct {
	Set    string
	Docs   int
	Fields map[string]*Tally
	Misses []string // "doc: field = got, want want"
}

// All sums every field.
func (r Report) All() Tally {
	var t Tally
	for _, f := range r.Fields {
		t.Tries += f.Tries
		t.Right += f.Right
		t.Boxed += f.Boxed
	}
	return t
}

// Names lists the fields in a stable order.
func (r Report) Names() []string {
	var out []string
	for k := range r.Fields {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (r *Report) count(docName, field string, ok, boxed bool, got any, want string) {
	if r.Fields == nil {
		r.Fields = map[string]*Tally{}
	}
	t := r.Fields[field]
	if t == nil {
		t = &Tally{}
		r.Fields[field] = t
	}
	t.Tries++
	if ok {
		t.Right++
		if boxed {
			t.Boxed++
		}
		return
	}
	r.Misses = append(r.Misses, fmt.Sprintf("%s: %s = %v, want %q", docName, field, got, want))
}

// Options steer a run.
type Options struct {
	// CacheDir, when set, keeps each file's layout there so a rerun skips
	// OCR (bench iterations). Tests leave it empty.
	CacheDir string
	// Workers reads files in parallel (default 1).
	Workers int
	// Only, when > 0, evaluates every Only-th case (a fixed sample).
	Every int
}

// DefaultLoader reads a file through Quarry's loader with default limits
// and the engines found on this machine.
func DefaultLoader(ctx context.Context, name string, data []byte) (*Read, error) {
	return LoaderWith(ingest.DefaultLimits())(ctx, name, data)
}

// LoaderWith reads files through Quarry's loader with the given limits
// (a bench that honours QUARRY_OCR_VOTE or QUARRY_OCR_LINEREC).
func LoaderWith(lim ingest.Limits) Loader {
	return func(ctx context.Context, name string, data []byte) (*Read, error) {
		files, err := ingest.NewLoader(lim, ingest.FindEngines()).Load(ctx, ingest.Input{Name: name, Data: data})
		if err != nil {
			return nil, err
		}
		if len(files) == 0 || files[0].Layout == nil {
			return nil, fmt.Errorf("%s: no layout", name)
		}
		return &Read{Layout: files[0].Layout, Readings: files[0].Readings}, nil
	}
}

// reads reads every case's file, in parallel, through the cache.
func reads(ctx context.Context, cases []Case, o Options, load Loader) ([]*Read, []error) {
	out := make([]*Read, len(cases))
	errs := make([]error, len(cases))
	work := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(1, o.Workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				out[i], errs[i] = cachedRead(ctx, cases[i].Path, o.CacheDir, load)
			}
		}()
	}
	for i := range cases {
		work <- i
	}
	close(work)
	wg.Wait()
	return out, errs
}

func cachedRead(ctx context.Context, path, cacheDir string, load Loader) (*Read, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cacheFile string
	if cacheDir != "" {
		cacheFile = filepath.Join(cacheDir, fileKey(data)+".read.json")
		if raw, err := os.ReadFile(cacheFile); err == nil {
			var rd Read
			if json.Unmarshal(raw, &rd) == nil && rd.Layout != nil {
				return &rd, nil
			}
		}
	}
	l, err := load(ctx, filepath.Base(path), data)
	if err != nil {
		return nil, err
	}
	if cacheFile != "" {
		if raw, err := json.Marshal(l); err == nil {
			_ = os.MkdirAll(cacheDir, 0o755)
			_ = os.WriteFile(cacheFile, raw, 0o644)
		}
	}
	return l, nil
}

// extract runs the deterministic extractor, settles its values against
// the other readings as the pipeline does (fields.Vote), and flattens the
// top-level fields by name.
func extract(rd *Read, spec api.DocumentTypeSpec) map[string]api.ExtractedField {
	res := fields.Extract(rd.Layout, spec, fields.Options{})
	groups := res.Groups
	var others []fields.Reading
	for _, l := range rd.Readings {
		o := fields.Extract(l, spec, fields.Options{})
		others = append(others, fields.NewReading(l, o))
	}
	fields.Vote(spec, fields.NewReading(rd.Layout, res), others)
	got := map[string]api.ExtractedField{}
	for _, g := range groups {
		for _, f := range g.Fields {
			got[f.Name] = f
		}
	}
	return got
}

func sample(cases []Case, every int) []Case {
	if every <= 1 {
		return cases
	}
	var out []Case
	for i := 0; i < len(cases); i += every {
		out = append(out, cases[i])
	}
	return out
}

// judge tells whether an extracted field matches a case's truth value.
type judge func(c Case, name string, f api.ExtractedField, want string) bool

// evaluate reads every case's layout, extracts spec and scores the named
// fields of the truth with right: the loop both sets share.
func evaluate(ctx context.Context, set string, cases []Case, o Options, load Loader, spec api.DocumentTypeSpec, names []string, right judge) Report {
	cases = sample(cases, o.Every)
	r := Report{Set: set, Docs: len(cases)}
	ls, errs := reads(ctx, cases, o, load)
	for i, c := range cases {
		var got map[string]api.ExtractedField
		if errs[i] == nil {
			got = extract(ls[i], spec)
		}
		for _, name := range names {
			want, ok := c.Truth[name]
			if !ok {
				continue
			}
			f := got[name]
			r.count(c.Name, name, right(c, name, f, want), f.BBox != nil, f.Value, want)
		}
	}
	return r
}

// EvaluateReceipts reads the receipts under dir and scores company, date,
// address and total as the SROIE task does.
func EvaluateReceipts(ctx context.Context, dir string, o Options, load Loader) (Report, error) {
	cases, err := Receipts(dir)
	if err != nil {
		return Report{}, err
	}
	return evaluate(ctx, "receipts", cases, o, load, ReceiptSchema(), []string{"company", "date", "address", "total"},
		func(_ Case, name string, f api.ExtractedField, want string) bool {
			switch name {
			case "date":
				return SameDate(f.Value, want)
			case "total":
				return SameAmount(f.Value, want)
			}
			s, _ := f.Value.(string)
			return SameText(s, want)
		}), nil
}

// Markdown renders reports as one table: field, right/tries, rate, boxed.
func Markdown(rs ...Report) string {
	var b strings.Builder
	b.WriteString("| set | field | right | rate | right with a box |\n|---|---|---|---|---|\n")
	for _, r := range rs {
		for _, n := range r.Names() {
			t := r.Fields[n]
			fmt.Fprintf(&b, "| %s | %s | %d/%d | %.1f %% | %d |\n", r.Set, n, t.Right, t.Tries, 100*t.Rate(), t.Boxed)
		}
		a := r.All()
		fmt.Fprintf(&b, "| %s | **all** | %d/%d | **%.1f %%** | %d |\n", r.Set, a.Right, a.Tries, 100*a.Rate(), a.Boxed)
	}
	return b.String()
}
