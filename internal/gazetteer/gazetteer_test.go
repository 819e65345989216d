package gazetteer

import (
	"fmt"
	"testing"
)

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"İSTANBUL": "istanbul", "Istanbul": "istanbul", "Düsseldorf": "dusseldorf", "Straße": "strasse",
		"Kraków": "krakow", "Łódź": "lodz", "Çağrı": "cagri", "Ayşe": "ayse", "ÖZTÜRK": "ozturk",
		"Gdańsk": "gdansk", "Œuvre": "oeuvre", "São": "sao", "Ιθάκη": "ιθάκη",
	} {
		if got := FoldString(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
		b, h := FoldHash(nil, in)
		if string(b) != want || h != Hash([]byte(want)) {
			t.Errorf("FoldHash(%q) = %q/%x, want %q/%x", in, b, h, want, Hash([]byte(want)))
		}
	}
}

// TestNames checks that each of the eight languages has its common given
// names and surnames, and that ordinary words are flagged as such.
func TestNames(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		word string
		want Flags
	}{
		{"ayse", Given}, {"mehmet", Given}, {"yilmaz", Surname}, {"ozturk", Surname},
		{"jurgen", Given}, {"schneider", Surname}, {"nathalie", Given}, {"lefebvre", Surname},
		{"javier", Given}, {"fernandez", Surname}, {"giuseppe", Given}, {"esposito", Surname},
		{"pieter", Given}, {"jansen", Surname}, {"katarzyna", Given}, {"kowalski", Surname},
		{"emily", Given}, {"thompson", Surname},
	} {
		if got := Word([]byte(c.word)); got&c.want == 0 {
			t.Errorf("Word(%q) = %b, want %b set", c.word, got, c.want)
		}
	}
	for _, w := range []string{"will", "may", "rose", "mark"} {
		if Word([]byte(w))&Common == 0 {
			t.Errorf("%q is an ordinary word too: want Common", w)
		}
	}
	if Word([]byte("rechnung")) != 0 {
		t.Error(`"rechnung" is no name and no place`)
	}
}

func TestPlaces(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, cc string
		kind     Kind
		minPop   int
	}{
		{"berlin", "DE", Region, 3000000}, {"munchen", "DE", City, 1000000}, {"munih", "DE", City, 1000000},
		{"istanbul", "TR", Region, 10000000}, {"frankfurt am main", "DE", City, 500000}, {"new york", "US", Region, 8000000},
		{"paris", "FR", City, 2000000}, {"warszawa", "PL", City, 1000000}, {"almanya", "DE", Country, 0},
		{"deutschland", "DE", Country, 0}, {"allemagne", "DE", Country, 0}, {"scotland", "GB", Region, 0},
		{"bayern", "DE", Region, 0},
	} {
		p, ok := PlaceOf([]byte(c.name))
		if !ok || p.Country != c.cc || p.Kind != c.kind || p.Population < c.minPop {
			t.Errorf("PlaceOf(%q) = %+v %v, want %s kind %d population >= %d", c.name, p, ok, c.cc, c.kind, c.minPop)
		}
	}
	// Generated forms: Polish cases, German genitives; none that is an
	// ordinary word.
	for _, w := range []string{"krakowie", "krakowa", "gdansku", "poznania", "wroclawiu", "warszawie", "niemczech",
		"munchens", "deutschlands"} {
		if _, ok := PlaceOf([]byte(w)); !ok {
			t.Errorf("inflected form %q missing", w)
		}
	}
	if _, ok := PlaceOf([]byte("islands")); ok {
		t.Error(`"islands" is English before it is the genitive of Island`)
	}
	if Word([]byte("new"))&PlaceHead == 0 || Word([]byte("berlin"))&PlaceWord == 0 {
		t.Error("place flags missing on word look-ups")
	}
	if MaxPlaceWords() < 3 || MaxPlaceWords() > 5 {
		t.Errorf("MaxPlaceWords = %d", MaxPlaceWords())
	}
}

// TestCommonFilter checks the dictionary filter both ways: words it holds
// are always found, and made-up words only at the documented rate.
func TestCommonFilter(t *testing.T) {
	t.Parallel()
	for _, w := range []string{"rechnung", "invoice", "facture", "fattura", "factuur", "faktura", "fatura", "the", "und"} {
		if !IsCommon([]byte(w)) {
			t.Errorf("IsCommon(%q) = false", w)
		}
	}
	hits := 0
	const n = 20000
	for i := 0; i < n; i++ {
		if IsCommon([]byte(fmt.Sprintf("qzx%dvw", i))) {
			hits++
		}
	}
	if rate := float64(hits) / n; rate > 0.05 {
		t.Errorf("false positive rate %.3f above 0.05", rate)
	} else {
		t.Logf("false positive rate on made-up words: %.4f", rate)
	}
}

func TestBloomRoundTrip(t *testing.T) {
	t.Parallel()
	data := BuildBloom([][]byte{[]byte("alpha"), []byte("beta")}, 10, 4)
	var b bloom
	if err := b.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if !b.has([]byte("alpha")) || !b.has([]byte("beta")) {
		t.Error("lost a word")
	}
	if err := b.UnmarshalBinary(data[:len(data)-1]); err == nil {
		t.Error("truncated filter accepted")
	}
}

func BenchmarkWord(b *testing.B) {
	Load()
	words := []string{"Einzelheiten", "Buchung", "Müller", "Payment", "İstanbul", "Thompson"}
	var buf []byte
	for i := 0; i < b.N; i++ {
		var h uint64
		buf, h = FoldHash(buf[:0], words[i%len(words)])
		WordHashed(buf, h)
	}
}
