package fields

import (
	"fmt"
	"strings"
	"testing"
)

func TestConsensus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		win    string
		others []string
		want   string
	}{{
		name:   "each reading's own stray letter loses to the words the others agree on",
		win:    "NO.53, JAIAN BESAR, 45600 BATANG BERJUNTAI",
		others: []string{"NO.53, JALAN BESAR, 45600 BATANG BERJUNTAl", "NO.53, JALAN BESAR, 4S600 BATANG BERJUNTAI", "N0.53, JALAN BESAR, 45600 BATANG BERJUNTAI"},
		want:   "NO.53, JALAN BESAR, 45600 BATANG BERJUNTAI",
	}, {
		name:   "a word most readings print is added, a word most leave out is dropped",
		win:    "KEDAI RUNCIT . SRI JAYA",
		others: []string{"KEDAI RUNCIT SRI MAJU JAYA", "KEDAI RUNCIT SRI MAJU JAYA", "KEDAI RUNCIT SRI MAJU JAYA"},
		want:   "KEDAI RUNCIT SRI MAJU JAYA",
	}, {
		name:   "two readings that print a comma glued to the next word set it so",
		win:    "81200 JOHOR BAHRU, JOHOR",
		others: []string{"81200 JOHOR BAHRU, JOHOR", "81200 JOHOR BAHRU,JOHOR", "81200 JOHOR BAHRU, JOHOR", "81200 JOHOR BAHRU,JOHOR"},
		want:   "81200 JOHOR BAHRU,JOHOR",
	}, {
		name:   "and a full stop",
		win:    "NO. 32 & 33, JALAN SR 1/9",
		others: []string{"NO.32 & 33, JALAN SR 1/9", "NO. 32 & 33, JALAN SR 1/9", "NO.32 & 33, JALAN SR 1/9"},
		want:   "NO.32 & 33, JALAN SR 1/9",
	}, {
		name:   "readings that set a space after the winner's glued comma vote on both words, not beside them",
		win:    "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN",
		others: []string{"12, JALAN TAMPOI 7/4 KAWASAN PERINDUSTRIAN", "12, JALAN TAMPOI 7/4 KAWASAN PERINDUSTRIAN", "12, JALAN TAMPOI 7/4 ,KAWASAN PERINDUSTRIAN", "12, JALAN TAMPOI 7/4 ,KAWASAN PERINDUSTRIAN", "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN", "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN"},
		want:   "12, JALAN TAMPOI 7/4,KAWASAN PERINDUSTRIAN",
	}, {
		name:   "a reading that stops short does not cut a glued word in two",
		win:    "BANDAR BARU PERMAS JAYA, MASAI,JOHOR",
		others: []string{"BANDAR BARU PERMAS JAYA,", "BANDAR BARU PERMAS JAYA, MASAICORAA"},
		want:   "BANDAR BARU PERMAS JAYA, MASAI,JOHOR",
	}, {
		name:   "the part of a glued word a reading bent is still voted on",
		win:    "54, JALAN SS23/11 TAMAN SEA,47400 PETALING JAYA",
		others: []string{"54, JALAN SS23/11 TAMAN SEA,4740O PETALING JAYA", "54, JALAN SS23/11 TAMAN SEA,47400 PETALING JAYA", "54, JALAN SS23/11 TAMAN 5EA,47400 PETALING JAYA"},
		want:   "54, JALAN SS23/11 TAMAN SEA,47400 PETALING JAYA",
	}, {
		name:   "one reading that glues them does not",
		win:    "81200 JOHOR BAHRU, JOHOR",
		others: []string{"81200 JOHOR BAHRU, JOHOR", "81200 JOHOR BAHRU,JOHOR", "81200 JOHOR BAHRU, JOHOR"},
		want:   "81200 JOHOR BAHRU, JOHOR",
	}, {
		name:   "a tie keeps the winner's word",
		win:    "SANYU STATIONERY SHOP",
		others: []string{"SANYO STATIONERY SHOP"},
		want:   "SANYU STATIONERY SHOP",
	}, {
		name:   "a reading of another line has no say",
		win:    "UNIHAKKA INTERNATIONAL SDN BHD",
		others: []string{"TAX INVOICE", "TAX INVOICE", "TAX INVOICE"},
		want:   "UNIHAKKA INTERNATIONAL SDN BHD",
	}, {
		name:   "two readings against one replace, whatever the fourth says",
		win:    "TMN DESA",
		others: []string{"TAMAN DESA", "TAMAN DESA", "THN DESA"},
		want:   "TAMAN DESA",
	}, {
		name:   "a known address word outvoted by a bent one still wins",
		win:    "47301 PETALING JAYA, SELA:IGOR DARUL EHSAN",
		others: []string{"47301 PETALING JAYA, SELA:IGOR DARUL EHSAN", "47301 PETALING JAYA, SELANGOR DARUL EHSAN", "47301 PETALING JAYA, SELA:IGOR DARUL EHSAN"},
		want:   "47301 PETALING JAYA, SELANGOR DARUL EHSAN",
	}, {
		name:   "a short word that lost its first letter takes the known word one reading printed",
		win:    "OT 1-0-2, JLN 1/50, DIAMOND SQUARE",
		others: []string{"OT 1-0-2, JLN 1/50, DIAMOND SQUARE", "LOT 1-0-2, JLN 1/50, DIAMOND SQUARE", "OT 1-0-2, JLN 1/50, DIAMOND SQUARE"},
		want:   "LOT 1-0-2, JLN 1/50, DIAMOND SQUARE",
	}, {
		name:   "a number word and a joining word of a business name are known words",
		win:    "CNE ONE THREE SEAFOOD, KEDAI UHAT BAN RUNCIT",
		others: []string{"CNE ONE THREE SEAFOOD, KEDAI UHAT BAN RUNCIT", "ONE ONE THREE SEAFOOD, KEDAI UHAT DAN RUNCIT", "CNE ONE THREE SEAFOOD, KEDAI UHAT BAN RUNCIT"},
		want:   "ONE ONE THREE SEAFOOD, KEDAI UHAT DAN RUNCIT",
	}, {
		name:   "so are business words and legal forms",
		win:    "GARDENIA AKERIES SDN BHD, 99 SPEED MART S/D",
		others: []string{"GARDENIA AKERIES SDN BHD, 99 SPEED MART S/D", "GARDENIA BAKERIES SDN BHD, 99 SPEED MART S/B"},
		want:   "GARDENIA BAKERIES SDN BHD, 99 SPEED MART S/B",
	}, {
		name:   "a legal form of two letters is not: it sits one letter from too many scraps",
		win:    "JALAN SS 2, PJ",
		others: []string{"JALAN SS 2, PJ", "JALAN SA 2, PJ", "JALAN CO 2, PJ"},
		want:   "JALAN SS 2, PJ",
	}, {
		name:   "a short unlisted word is not turned into a listed one two edits away",
		win:    "BANDAR BARU PERMAS JAYA",
		others: []string{"BANDAR BARU PERMAS JAYA", "BANDAR BARU PERAK JAYA"},
		want:   "BANDAR BARU PERMAS JAYA",
	}, {
		name:   "a place name printed twice reads as most readings print it over both places",
		win:    "AEON TAMAN MALURI SC, TAMAN MALURT CHERAS",
		others: []string{"AEON TAMAN MALURI SC, TAMAN MALURT CHERAS", "AEON TAMAN MALURI SC, TAMAN MALURI CHERAS", "AEON TAMAN MALURI SC, TAMAN MALURI CHERAS", "AEON TAMAN MALURI SC, TAMAN MALURT CHERAS"},
		want:   "AEON TAMAN MALURI SC, TAMAN MALURI CHERAS",
	}, {
		name:   "twins change only where enough readings printed the winning form",
		win:    "JALAN BERKAT, TAMAN BERKAH",
		others: []string{"JALAN BERKAT, TAMAN BERKAH", "JALAN BERKAT, TAMAN BERKAH", "JALAN BERKAT, TAMAN BERKAH", "JALAN BERKAT, TAMAN BERKAT"},
		want:   "JALAN BERKAT, TAMAN BERKAH",
	}, {
		name:   "two address words one letter apart are two words",
		win:    "JALAN UTAMA, TAMAN UTARA",
		others: []string{"JALAN UTAMA, TAMAN UTARA", "JALAN UTAMA, TAMAN UTAMA", "JALAN UTAMA, TAMAN UTAMA", "JALAN UTAMA, TAMAN UTARA"},
		want:   "JALAN UTAMA, TAMAN UTARA",
	}, {
		name:   "a comma three readings see and four miss is printed; a full stop inside the value is read as one",
		win:    "NO 7, SIMPANG OFF BATU VILLAGE JALAN IPOH, 51200 KUALA LUMPUR",
		others: []string{"NO 7, SIMPANG OFF BATU VILLAGE JALAN IPOH, 51200 KUALA LUMPUR", "NO 7, SIMPANG OFF BATU VILLAGE JALAN IPOH, 51200 KUALA LUMPUR", "NO 7, SIMPANG OFF BATU VILLAGE JALAN IPOH, 51200 KUALA LUMPUR", "NO 7, SIMPANG OFF BATU VILLAGE. JALAN IPOH, 51200 KUALA LUMPUR.", "NO 7, SIMPANG OFF BATU VILLAGE. JALAN IPOH, 51200 KUALA LUMPUR.", "NO 7, SIMPANG OFF BATU VILLAGE. JALAN IPOH, 51200 KUALA LUMPUR."},
		want:   "NO 7, SIMPANG OFF BATU VILLAGE, JALAN IPOH, 51200 KUALA LUMPUR.",
	}, {
		name:   "a mark two readings see is not enough; a stop after a short word stays a stop",
		win:    "ABC SDN BHD, JALAN BESAR",
		others: []string{"ABC SDN BHD, JALAN BESAR", "ABC SDN BHD, JALAN BESAR", "ABC SDN BHD, JALAN BESAR", "ABC SDN. BHD, JALAN BESAR,", "ABC SDN. BHD, JALAN BESAR,", "ABC SDN. BHD, JALAN BESAR"},
		want:   "ABC SDN. BHD, JALAN BESAR",
	}, {
		name:   "a full stop three readings see after the word they bend still counts",
		win:    "BERJAYA TIMES SQUARE, KUALA LUMPUR",
		others: []string{"BERJAYA TIMES SQUARE, KUALA LUMPUR", "BERJAYA TIMES SQUARE, KUALA LUMPUR", "BERJAYA TIMES SQUARE, KUALA LUMPUR", "BERJAYA TIMES SQUARE, KUALA L.UMPUR.", "BERJAYA TIMES SQUARE, KUALA L.UMPUR.", "BERJAYA TIMES SQUARE, KUALA LUMPUr."},
		want:   "BERJAYA TIMES SQUARE, KUALA LUMPUR.",
	}, {
		name:   "a mark inside a bent word is not a mark after it",
		win:    "51200 KUALA LUMPUR MALAYSIA",
		others: []string{"51200 KUALA LUMPUR MALAYSIA", "51200 KUALA LUMPUR MALAYSIA", "51200 KUALA Lumur.m MALAYSIA", "51200 KUALA Lumur.m MALAYSIA", "51200 KUALA LUMPUR. MALAYSIA"},
		want:   "51200 KUALA LUMPUR MALAYSIA",
	}, {
		name:   "no other reading leaves the winner as it is",
		win:    "ABC  TRADING",
		others: nil,
		want:   "ABC  TRADING",
	}}
	for _, c := range cases {
		if got := consensus(c.win, c.others); got != c.want {
			t.Errorf("%s: consensus(%q) = %q, want %q", c.name, c.win, got, c.want)
		}
	}
}

func TestAlignWords(t *testing.T) {
	t.Parallel()
	at, gaps, from := alignWords([]string{"A", "JAIAN", "C"}, []string{"X", "A", "JALAN", "Y", "Z", "C", "W"})
	wantAt := []string{"A", "JALAN", "C"}
	wantFrom := []int{1, 2, 5}
	wantGaps := []string{"X", "", "Y Z", "W"}
	for i := range wantAt {
		if at[i] != wantAt[i] || from[i] != wantFrom[i] {
			t.Errorf("at[%d], from[%d] = %q, %d, want %q, %d", i, i, at[i], from[i], wantAt[i], wantFrom[i])
		}
	}
	for i := range wantGaps {
		if gaps[i] != wantGaps[i] {
			t.Errorf("gaps[%d] = %q, want %q", i, gaps[i], wantGaps[i])
		}
	}
}

func TestSplitMarks(t *testing.T) {
	t.Parallel()
	words, glued := splitMarks([]string{"NO.53,", "Bahru,Johor", "1.5", "D.E.", "A,"})
	want := []string{"NO.", "53,", "Bahru,", "Johor", "1.", "5", "D.", "E.", "A,"}
	wantGlued := []int{1, 0, 1, 0, 1, 0, 1, 0, 0}
	if strings.Join(words, "|") != strings.Join(want, "|") || fmt.Sprint(glued) != fmt.Sprint(wantGlued) {
		t.Errorf("splitMarks = %q %v, want %q %v", words, glued, want, wantGlued)
	}
}

// BenchmarkConsensus mends a receipt address from six other readings,
// the vote's work per free-text field of a till roll.
func BenchmarkConsensus(b *testing.B) {
	win := "12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor"
	others := []string{
		"12, Jalan Tampoi 7/4,Kawasan Petindustiian Tampoi.81200 Johor Bahru, Johor",
		"12, Jalan Tampol 7/4 Kawasan Perindustian Tampoi 81200 Johor Bahru, Johor",
		"12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi 81200 Johor Bahru,Johor",
		"12, Jalan Tampoli 7/4 Kawasan Perindustrian Tampoi 81200 Johor Bahru, Johor",
		"12, Jalan Tampoi 7/4,Kawasan Perindustrian Tampoi81200 Johor Bahru, ohr",
		"12, Jalan Tampoi 7/4 ,Kawasan Perindustrian Tampoi,81200 Johor Bahru, Johor",
	}
	b.ReportAllocs()
	for b.Loop() {
		consensus(win, others)
	}
}
