// Package classify decides which document type a layout is, among the
// built-in types or the caller's declared ones, from keywords, title-zone
// cues and the labels of the declared fields. No language model involved.
package classify

import (
	"math"
	"sort"
	"strings"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fields"
)

// Unmatched is the verdict type when no declared type is convincing.
const Unmatched = "unmatched"

// Verdict is the classifier's answer.
type Verdict struct {
	Type        string
	Matched     bool
	Confidence  float64 // a clear winner scores about 0.9 or more; close calls stay low
	Description string
	// Ranking is every candidate type's score, best first (the declared
	// types, or the built-in ones when none are declared), so a caller can
	// tell a close race from a clear win.
	Ranking []Candidate
}

// Candidate is one declared type's score.
type Candidate struct {
	ID    string
	Score float64
}

// Classification converts the verdict to its wire form.
func (v Verdict) Classification() *api.Classification {
	c := &api.Classification{DocumentType: v.Type, Matched: v.Matched, Confidence: v.Confidence}
	if v.Description != "" {
		d := v.Description
		c.Description = &d
	}
	return c
}

// text is a layout as folded tokens, each flagged when it sits in the
// title zone (top quarter of the first page, or its first eight lines
// when there is no geometry).
type text struct {
	toks  []string
	title []bool
}

var wordSplit = strings.NewReplacer("-", " ", "/", " ", "'", " ", "’", " ", ".", " ")

// maxTokens bounds how much of a long document is read: types show
// themselves on the first pages.
const maxTokens = 6000

func newText(l *doc.Layout) text {
	var t text
	geo := l.HasGeometry()
	for i := range l.Words {
		if len(t.toks) >= maxTokens {
			break
		}
		w := &l.Words[i]
		for _, tok := range fields.Tokens(wordSplit.Replace(w.Text)) {
			t.toks = append(t.toks, tok)
			title := w.Page == 1 && ((geo && w.Box.Y1 < 0.25 && !w.Box.IsZero()) || (!geo && w.Line < 8))
			t.title = append(t.title, title)
		}
	}
	return t
}

// cueSet is a weighted phrase list prepared for scanning.
type cueSet struct {
	byFirst map[string][][]string
	weight  map[string]float64
}

func newCueSet(cues map[string]float64) cueSet {
	cs := cueSet{byFirst: map[string][][]string{}, weight: map[string]float64{}}
	for p, w := range cues {
		toks := fields.Tokens(p)
		if len(toks) == 0 {
			continue
		}
		k := strings.Join(toks, " ")
		if w > cs.weight[k] {
			if _, ok := cs.weight[k]; !ok {
				cs.byFirst[toks[0]] = append(cs.byFirst[toks[0]], toks)
			}
			cs.weight[k] = w
		}
	}
	return cs
}

// score sums the weights of the cues found; a cue counts fully once and
// half a second time (repetition says little more), and double in the
// title zone, where documents name themselves.
func (cs cueSet) score(t text) float64 {
	seen := map[string]int{}
	var s float64
	for i, tok := range t.toks {
		for _, ph := range cs.byFirst[tok] {
			if i+len(ph) > len(t.toks) {
				continue
			}
			ok := true
			for k := 1; k < len(ph); k++ {
				if t.toks[i+k] != ph[k] {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			k := strings.Join(ph, " ")
			n := seen[k]
			seen[k]++
			if n >= 2 {
				continue
			}
			w := cs.weight[k]
			if n == 1 {
				w /= 2
			}
			if t.title[i] {
				w *= 2
			}
			s += w
		}
	}
	return s
}

var builtinSets = func() map[string]cueSet {
	m := map[string]cueSet{}
	for id, cues := range builtinCues {
		m[id] = newCueSet(cues)
	}
	return m
}()

// ranked is one type's score.
type ranked struct {
	id    string
	score float64
}

func rank(scores map[string]float64) []ranked {
	var out []ranked
	for id, s := range scores {
		out = append(out, ranked{id, s})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id < out[j].id
	})
	return out
}

// confidence maps the winner's score and its lead over the runner-up to
// [0,1]: strong evidence with a wide margin approaches 1, a close race
// stays near the floor.
func confidence(best, second float64) float64 {
	if best <= 0 {
		return 0
	}
	strength := 1 - math.Exp(-best/3)
	margin := (best - second) / best
	c := 0.3 + 0.69*strength*(0.4+0.6*margin)
	return math.Round(c*1000) / 1000
}

// minBuiltinScore is the evidence a built-in type needs to beat general:
// one title-weight cue, or a few supporting ones.
const minBuiltinScore = 3

// ClassifyBuiltin picks the built-in type of a layout; general when no
// type has enough evidence.
func ClassifyBuiltin(l *doc.Layout) Verdict {
	return classifyBuiltinText(newText(l))
}

func classifyBuiltinText(t text) Verdict {
	scores := map[string]float64{}
	for id, cs := range builtinSets {
		scores[id] = cs.score(t)
	}
	r := rank(scores)
	ranking := make([]Candidate, 0, len(r))
	for _, c := range r {
		ranking = append(ranking, Candidate{ID: c.id, Score: c.score})
	}
	if r[0].score < minBuiltinScore {
		return Verdict{Type: "general", Matched: true, Confidence: 0.5, Description: builtinDescriptions["general"], Ranking: ranking}
	}
	return Verdict{Type: r[0].id, Matched: true, Confidence: confidence(r[0].score, r[1].score), Description: builtinDescriptions[r[0].id], Ranking: ranking}
}

// minDeclaredScore is the evidence a declared type needs to be matched.
const minDeclaredScore = 3

// Classify picks the declared type that best fits the layout. Each type is
// scored from its id, description and country, from the built-in cues of
// the built-in type it names (a type called "factura" or described as an
// invoice inherits the invoice cues in every language), and from how many
// of its fields' labels appear in the document.
func Classify(l *doc.Layout, types []api.DocumentTypeSpec) Verdict {
	return ClassifyIndexed(fields.NewIndex(l), types)
}

// ClassifyIndexed is Classify over an index the caller already built, so
// that classification and extraction of one file share it.
func ClassifyIndexed(x *fields.Index, types []api.DocumentTypeSpec) Verdict {
	if len(types) == 0 {
		return Verdict{Type: Unmatched}
	}
	t := newText(x.L)
	lang := x.Locale.Language
	scores := map[string]float64{}
	for i := range types {
		scores[types[i].ID] = declaredScore(&types[i], t, x, lang)
	}
	r := rank(scores)
	second := 0.0
	if len(r) > 1 {
		second = r[1].score
	}
	ranking := make([]Candidate, 0, len(r))
	for _, c := range r {
		ranking = append(ranking, Candidate{ID: c.id, Score: c.score})
	}
	if r[0].score < minDeclaredScore {
		return Verdict{Type: Unmatched, Confidence: math.Round((1-confidence(r[0].score, 0))*1000) / 1000, Ranking: ranking}
	}
	v := Verdict{Type: r[0].id, Matched: true, Confidence: confidence(r[0].score, second), Ranking: ranking}
	for i := range types {
		if types[i].ID == r[0].id {
			v.Description = types[i].Description
		}
	}
	return v
}

var stopwords = map[string]bool{
	"the": true, "and": true, "for": true, "with": true, "from": true, "this": true, "that": true, "document": true, "documents": true,
	"una": true, "del": true, "los": true, "las": true, "con": true, "para": true, "des": true, "les": true, "pour": true, "avec": true,
	"der": true, "die": true, "das": true, "und": true, "mit": true, "von": true, "bir": true, "ile": true, "icin": true, "veya": true,
	"issued": true, "sent": true, "type": true, "any": true, "each": true, "per": true,
}

func declaredScore(spec *api.DocumentTypeSpec, t text, x *fields.Index, lang string) float64 {
	cues := map[string]float64{}
	name := fields.SplitName(spec.ID)
	cues[name] = 3
	for _, w := range strings.Fields(name) {
		if len([]rune(w)) >= 4 && !stopwords[w] {
			cues[w] = math.Max(cues[w], 1.5)
		}
	}
	for _, w := range fields.Tokens(spec.Description) {
		if len([]rune(w)) >= 4 && !stopwords[w] {
			cues[w] = math.Max(cues[w], 0.7)
		}
	}
	// Inherit a built-in type's cues when the id or description names it.
	own := fields.Tokens(name + " " + spec.Description)
	ownText := text{toks: own, title: make([]bool, len(own))}
	for id, cs := range builtinSets {
		if id == fields.Fold(strings.ReplaceAll(name, " ", "_")) || cs.score(ownText) >= 3 {
			for p, w := range builtinCues[id] {
				cues[p] = math.Max(cues[p], w)
			}
		}
	}
	s := newCueSet(cues).score(t)
	// Field evidence: the share of declared fields whose label appears.
	var names [][2]string
	for _, g := range spec.FieldGroups {
		collectFields(g.Fields, &names, 0)
	}
	if len(names) > 0 {
		found := 0
		for _, nd := range names {
			if x.HasLabel(nd[0], nd[1]) {
				found++
			}
		}
		s += 4 * float64(found) / float64(len(names))
	}
	if c := strings.ToLower(spec.Country); c != "" && countryLanguage[c] == lang && lang != "" {
		s += 0.5
	}
	return s
}

// maxFieldsScored bounds the label checks per type for huge schemas.
const maxFieldsScored = 200

func collectFields(fs []api.Field, out *[][2]string, depth int) {
	for i := range fs {
		if len(*out) >= maxFieldsScored || depth > 4 {
			return
		}
		f := &fs[i]
		if f.EffectiveType() == api.TypeArray && f.Items != nil {
			collectFields(f.Items.Fields, out, depth+1)
			continue
		}
		if f.EffectiveType() == api.TypeObject {
			collectFields(f.Fields, out, depth+1)
			continue
		}
		*out = append(*out, [2]string{f.Name, f.Description})
	}
}

var countryLanguage = map[string]string{
	"us": "en", "gb": "en", "uk": "en", "ie": "en", "tr": "tr", "de": "de", "at": "de", "ch": "de",
	"fr": "fr", "be": "fr", "lu": "fr", "es": "es", "mx": "es", "ar": "es", "co": "es", "cl": "es",
}
