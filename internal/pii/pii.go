package pii

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
)

// Jurisdictions a type belongs to. UK types are filed under "eu" because
// the reference catalogue lists them with the GDPR family. Countries
// outside those families are filed under their lower-case ISO 3166 code
// (see jurisdictions.go).
const (
	JurisdictionTR     = "tr"
	JurisdictionEU     = "eu"
	JurisdictionUS     = "us"
	JurisdictionGlobal = "global"
)

// DefaultMinScore is the score a finding needs to be reported when
// Options.MinScore is zero.
const DefaultMinScore = 0.5

// Finding is one piece of personal data in a text.
type Finding struct {
	Type         string  `json:"type"`
	Jurisdiction string  `json:"jurisdiction"`
	Start        int     `json:"start"` // byte offset into the text
	End          int     `json:"end"`
	Score        float64 `json:"score"`
	// Value is the matched text. It never leaves the process in JSON.
	Value string `json:"-"`
}

// Options narrows detection. Empty lists and an empty locale enable every
// detector.
type Options struct {
	Jurisdictions []string // tr, eu, us, global
	Types         []string // catalogue names
	// Locale gates detectors by jurisdiction: "" , "all" and "und" enable
	// all; otherwise see localeJurisdictions.
	Locale string
	// MinScore drops weaker findings; 0 means DefaultMinScore.
	MinScore float64
}

// TypeInfo describes one catalogue entry.
type TypeInfo struct {
	Name         string `json:"name"`
	Jurisdiction string `json:"jurisdiction"`
	Country      string `json:"country"`
	Description  string `json:"description"`
	Example      string `json:"example"`
	Checksum     bool   `json:"checksum"`
	// Check names what a value must pass to be reported: the checksum
	// algorithm, or "label" for shapes only reported next to their label.
	Check string `json:"check"`
}

// kind says how the scanner reaches a detector.
type kind uint8

const (
	kindRun     kind = iota // candidate runs of digits/letters with separators
	kindTrigger             // found by a trigger character or a label (email, MRZ, names...)
)

// Separator classes seen between the tokens of a run.
const (
	sepSpace uint8 = 1 << iota
	sepDot
	sepDash
	sepSlash
	sepParen
)

// detector is one catalogue entry plus what the scanner needs to call it.
type detector struct {
	TypeInfo
	idx  int
	base float64 // score from shape (and checksum) alone
	kind kind
	// Run detectors: compact length range (separators removed), whether
	// letters may appear, which separators may appear, whether a leading
	// '+' is allowed.
	minLen, maxLen int
	alnum          bool
	seps           uint8
	plus           bool
	// maxAdj is the largest adjustment check can return; with base it
	// bounds the score without a label, so hopeless checks are skipped.
	maxAdj float64
	// natMax bounds the score of a phone number written without +CC/00.
	natMax float64
	// check validates a candidate and returns a score adjustment.
	check func(c *cand) (float64, bool)
	// valid validates a bare value (used for examples, synthetic values and
	// masking); nil means "run the scanner on it".
	synth func(r *rand.Rand) string
	// label is one typical label, used by tests and the corpus.
	label string
	lang  string // language hint for phones: label language or locale
	// labels lists folded label words (space-separated) that vouch for
	// this type, so a detector file brings its own labels; labelLang is
	// their language.
	labels, labelLang string
}

var (
	registry   []*detector
	byName     = map[string]*detector{}
	buildOnce  sync.Once
	runByLen   [64][]*detector // run detectors indexed by compact length
	runDigits  [64][]*detector // ... that accept an all-digit candidate
	runAlnum   [64][]*detector // ... that accept letters
	allTypeSet typeSet
)

// register adds a detector under the stable id "pii.<name>". It panics on a
// duplicate so two files cannot silently claim the same type.
func register(d *detector) {
	if _, dup := byName[d.Name]; dup {
		panic("pii: duplicate detector pii." + d.Name)
	}
	if d.Example == "" || d.synth == nil {
		panic("pii: detector pii." + d.Name + " needs an example and a synthesiser")
	}
	d.idx = len(registry)
	if d.idx >= 64*len(typeSet{}) {
		panic("pii: too many detectors for typeSet")
	}
	registry = append(registry, d)
	byName[d.Name] = d
}

func build() {
	buildOnce.Do(func() {
		for _, d := range registry {
			allTypeSet.add(d.idx)
			if d.lang == "" {
				d.lang = countryLang[d.Country]
			}
			if d.kind != kindRun {
				continue
			}
			for n := d.minLen; n <= d.maxLen && n < len(runByLen); n++ {
				runByLen[n] = append(runByLen[n], d)
				runDigits[n] = append(runDigits[n], d)
				if d.alnum {
					runAlnum[n] = append(runAlnum[n], d)
				}
			}
		}
		buildLabels()
		addDetectorLabels()
		addWordHooks()
		finishCatalogue()
		buildBuckets()
	})
}

// Types lists the catalogue in a stable order (jurisdiction, then name).
func Types() []TypeInfo {
	build()
	out := make([]TypeInfo, 0, len(registry))
	for _, d := range registry {
		out = append(out, d.TypeInfo)
	}
	sort.Slice(out, func(i, j int) bool {
		if oi, oj := jurisdictionOrder(out[i].Jurisdiction), jurisdictionOrder(out[j].Jurisdiction); oi != oj {
			return oi < oj
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// typeSet is a bit set over detector indices: 192 types in three words.
// The scanner copies and combines these sets for every candidate, so each
// word costs: four words made the whole scan 5 % slower than two.
type typeSet [3]uint64

func (s *typeSet) add(i int)     { s[i>>6] |= 1 << (uint(i) & 63) }
func (s typeSet) has(i int) bool { return s[i>>6]&(1<<(uint(i)&63)) != 0 }
func (s typeSet) empty() bool    { return s[0]|s[1]|s[2] == 0 }
func (s typeSet) or(o typeSet) typeSet {
	return typeSet{s[0] | o[0], s[1] | o[1], s[2] | o[2]}
}
func (s typeSet) and(o typeSet) typeSet {
	return typeSet{s[0] & o[0], s[1] & o[1], s[2] & o[2]}
}

// config is Options resolved against the registry.
type config struct {
	enabled  typeSet
	minScore float64
	lang     string // locale language, lower case
}

// resolve validates the options and returns the enabled set.
func resolve(o Options) (config, error) {
	build()
	c := config{minScore: o.MinScore}
	if c.minScore == 0 {
		c.minScore = DefaultMinScore
	}
	jur := map[string]bool{}
	for _, j := range o.Jurisdictions {
		j = strings.ToLower(strings.TrimSpace(j))
		switch {
		case knownJurisdiction(j):
			jur[j] = true
		case j == "none":
			jur[j] = true // internal: matches no detector
		default:
			return c, fmt.Errorf("unknown jurisdiction %q (want one of %s)", j, strings.Join(Jurisdictions(), ", "))
		}
	}
	loc := strings.ToLower(strings.TrimSpace(o.Locale))
	loc = strings.ReplaceAll(loc, "_", "-")
	var locJur map[string]bool
	if loc != "" && loc != "all" && loc != "und" {
		lang, region, _ := strings.Cut(loc, "-")
		c.lang = lang
		js, ok := localeJurisdictionsFor(lang, region)
		if ok {
			locJur = map[string]bool{JurisdictionGlobal: true}
			for _, j := range js {
				locJur[j] = true
			}
		}
		// An unknown language gates nothing: the text may still hold any
		// jurisdiction's data, and dropping it silently would be worse.
	}
	types := map[string]bool{}
	for _, t := range o.Types {
		t = strings.ToLower(strings.TrimSpace(t))
		if _, ok := byName[t]; !ok && t != "none" {
			return c, fmt.Errorf("unknown PII type %q (see the catalogue at pii.Types)", t)
		}
		types[t] = true
	}
	for _, d := range registry {
		if len(jur) > 0 && !jur[d.Jurisdiction] {
			continue
		}
		if locJur != nil && !locJur[d.Jurisdiction] {
			continue
		}
		if len(types) > 0 && !types[d.Name] {
			continue
		}
		c.enabled.add(d.idx)
	}
	return c, nil
}

// Detect returns the findings in text, sorted by start offset. Unknown
// jurisdiction or type names are skipped here (the known ones still
// filter); ValidateOptions and Handle report them.
func Detect(text string, opts Options) []Finding {
	c, err := resolve(opts)
	if err != nil {
		c, _ = resolve(dropUnknown(opts))
	}
	return detect(text, &c)
}

func dropUnknown(o Options) Options {
	var js, ts []string
	for _, j := range o.Jurisdictions {
		if knownJurisdiction(strings.ToLower(strings.TrimSpace(j))) {
			js = append(js, j)
		}
	}
	for _, t := range o.Types {
		if byName[strings.ToLower(strings.TrimSpace(t))] != nil {
			ts = append(ts, t)
		}
	}
	if len(o.Jurisdictions) > 0 && len(js) == 0 {
		js = []string{"none"} // every name was unknown: enable nothing
	}
	if len(o.Types) > 0 && len(ts) == 0 {
		ts = []string{"none"}
	}
	o.Jurisdictions, o.Types = js, ts
	return o
}

// ValidateOptions reports unknown jurisdiction or type names.
func ValidateOptions(opts Options) error {
	_, err := resolve(opts)
	return err
}
