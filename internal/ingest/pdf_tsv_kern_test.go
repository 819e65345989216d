package ingest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// ordinaryLines are TSV rows of n lines of six words spaced as a
// document's text usually is: 2.5 apart at a height of 8.85 (0.28).
func ordinaryLines(n int) []string {
	var rows []string
	for l := range n {
		top := 100 + 12*float64(l)
		rows = append(rows, fmt.Sprintf("4\t1\t0\t0\t%d\t0\t43.95\t%.2f\t200\t8.85\t-1\t###LINE###", 100+l, top))
		for i, w := range strings.Fields("Es bestehen Rabatt oder Bonus Vereinbarungen") {
			rows = append(rows, fmt.Sprintf("5\t1\t0\t0\t%d\t%d\t%.2f\t%.2f\t30.0\t8.85\t100\t%s", 100+l, i, 43.95+float64(i)*32.5, top, w))
		}
	}
	return rows
}

// TestKernedWordsJoin: pieces of one word that a PDF writer's kerning
// pushed past pdftotext's word break (a gap of about a tenth of the
// height) are one word again; a space (a quarter of the height or more),
// another baseline or another line keeps words apart.
func TestKernedWordsJoin(t *testing.T) {
	t.Parallel()
	rows := []string{
		"level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
		"1\t1\t0\t0\t0\t0\t0\t0\t595.28\t841.89\t-1\t###PAGE###",
	}
	rows = append(rows, ordinaryLines(5)...) // 25 gaps: the document's spacing
	rows = append(rows,
		"4\t1\t0\t0\t0\t0\t43.95\t316.88\t200\t8.85\t-1\t###LINE###",
		"5\t1\t0\t0\t0\t0\t43.95\t316.88\t13.71\t8.85\t100\tVer",    // ends at 57.66
		"5\t1\t0\t0\t0\t1\t58.73\t316.88\t26.51\t8.85\t100\tkäufer", // 1.07 later: 0.12 of the height
		"5\t1\t0\t0\t0\t2\t86.31\t316.88\t2.0\t8.85\t100\t:",
		"5\t1\t0\t0\t0\t3\t90.80\t316.88\t30.0\t8.85\t100\tNummer",  // 2.49 later: a space
		"5\t1\t0\t0\t0\t4\t121.80\t316.88\t2.0\t8.85\t100\t:",       // a thin space before a colon
		"5\t1\t0\t0\t0\t5\t124.80\t316.88\t20.0\t8.85\t100\t32",     // and after it: the colon ends a label
		"5\t1\t0\t0\t0\t6\t146.80\t318.00\t20.0\t6.00\t100\t549910", // smaller type on another baseline
		"4\t1\t0\t0\t1\t0\t43.95\t330.00\t200\t8.85\t-1\t###LINE###",
		"5\t1\t0\t0\t1\t0\t43.95\t330.00\t20.0\t8.85\t100\tBr",
		"5\t1\t0\t0\t1\t1\t64.95\t330.00\t40.0\t8.85\t100\tuttosumme",
		"4\t1\t0\t0\t2\t0\t105.0\t330.00\t200\t8.85\t-1\t###LINE###",
		"5\t1\t0\t0\t2\t0\t105.0\t330.00\t20.0\t8.85\t100\t518,99", // a line of its own, however near
	)
	l, err := ParsePDFTextTSV([]byte(strings.Join(rows, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range l.Words[30:] {
		got = append(got, w.Text)
	}
	want := []string{"Verkäufer:", "Nummer:", "32", "549910", "Bruttosumme", "518,99"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("words = %q, want %q", got, want)
	}
	if b := l.Words[30].Box; b.X0 > 0.074 || b.X1 < 0.145 {
		t.Errorf("joined word's box %+v does not span its pieces", b)
	}
	if !strings.Contains(l.Text, "Vereinbarungen\nVerkäufer: Nummer: 32 549910\nBruttosumme\n518,99") {
		t.Errorf("text = %q", l.Text)
	}
}

// TestKernNeedsSpacing: before a document has shown its spacing (its
// first gaps), nothing is joined.
func TestKernNeedsSpacing(t *testing.T) {
	t.Parallel()
	rows := []string{
		"1\t1\t0\t0\t0\t0\t0\t0\t595.28\t841.89\t-1\t###PAGE###",
		"4\t1\t0\t0\t0\t0\t43.95\t300.00\t200\t8.85\t-1\t###LINE###",
		"5\t1\t0\t0\t0\t0\t43.95\t300.00\t30.0\t8.85\t100\tRechnung",
		"5\t1\t0\t0\t0\t1\t76.45\t300.00\t30.0\t8.85\t100\t2024-17", // one space: too little to go on
		"4\t1\t0\t0\t1\t0\t43.95\t316.88\t200\t8.85\t-1\t###LINE###",
		"5\t1\t0\t0\t1\t0\t43.95\t316.88\t13.71\t8.85\t100\tVer",
		"5\t1\t0\t0\t1\t1\t58.73\t316.88\t26.51\t8.85\t100\tkäufer",
	}
	l, err := ParsePDFTextTSV([]byte(strings.Join(rows, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Words) != 4 {
		t.Fatalf("%q: want the two pieces as printed", l.Text)
	}
}

// TestTightSpacingKept: a document set in a tight font, whose spaces are
// all about 0.16 of the height, keeps its words apart.
func TestTightSpacingKept(t *testing.T) {
	t.Parallel()
	rows := []string{"1\t1\t0\t0\t0\t0\t0\t0\t595.28\t841.89\t-1\t###PAGE###"}
	words := strings.Fields("and Implementing the National Cybersecurity Strategy")
	for l := range 6 {
		top := 100 + float64(l)*12
		rows = append(rows, fmt.Sprintf("4\t1\t0\t0\t%d\t0\t72\t%.2f\t400\t10\t-1\t###LINE###", l, top))
		x := 72.0
		for i, w := range words {
			width := 5 * float64(len(w))
			rows = append(rows, fmt.Sprintf("5\t1\t0\t0\t%d\t%d\t%.2f\t%.2f\t%.2f\t10\t100\t%s", l, i, x, top, width, w))
			x += width + 1.56
		}
	}
	l, err := ParsePDFTextTSV([]byte(strings.Join(rows, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Words) != 6*len(words) {
		t.Fatalf("%d words, want %d: %q", len(l.Words), 6*len(words), l.Text)
	}
}
