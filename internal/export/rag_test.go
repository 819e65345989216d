package export

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// longPages builds pages of numbered sentences in paragraphs of five, so
// each sentence can be traced to its page and order.
func longPages(pages, sentencesPerPage int) []string {
	out := make([]string, pages)
	n := 0
	for p := range out {
		var b strings.Builder
		for s := 0; s < sentencesPerPage; s++ {
			if s > 0 && s%5 == 0 {
				b.WriteString("\n\n")
			} else if s > 0 {
				b.WriteByte(' ')
			}
			n++
			fmt.Fprintf(&b, "Sentence s%d on this page holds a few more words to count.", n)
		}
		out[p] = b.String()
	}
	return out
}

func TestChunksFitTargetAndOverlap(t *testing.T) {
	t.Parallel()
	pages := longPages(3, 60) // 180 sentences of 12 words = 16 tokens each
	chunks := ChunkPages(pages, ChunkTargetTokens, ChunkOverlapTokens)
	if len(chunks) < 5 {
		t.Fatalf("%d chunks for ~2900 tokens, want at least 5", len(chunks))
	}
	for i, c := range chunks {
		if c.Tokens > ChunkTargetTokens || c.Tokens != EstimateTokens(c.Text) {
			t.Errorf("chunk %d: %d tokens (estimate %d), target %d", i, c.Tokens, EstimateTokens(c.Text), ChunkTargetTokens)
		}
		if !strings.HasPrefix(c.Text, "Sentence s") || !strings.HasSuffix(c.Text, "count.") {
			t.Errorf("chunk %d does not start and end on a sentence boundary: %.40q...%.40q", i, c.Text, c.Text[len(c.Text)-40:])
		}
		if i > 0 {
			// The previous chunk's last sentence opens this one (overlap).
			prev := chunks[i-1].Text
			last := prev[strings.LastIndex(prev, "Sentence s"):]
			if !strings.Contains(c.Text, last) {
				t.Errorf("chunk %d does not repeat %q from chunk %d", i, last, i-1)
			}
		}
	}
	// Every sentence is in some chunk, in order.
	all := strings.Join(pages, " ")
	for n := 1; n <= 180; n++ {
		s := fmt.Sprintf("Sentence s%d on", n)
		if !strings.Contains(all, s) {
			t.Fatal("fixture broken")
		}
		found := false
		for _, c := range chunks {
			found = found || strings.Contains(c.Text, s)
		}
		if !found {
			t.Errorf("sentence %d lost", n)
		}
	}
	if p := chunks[0].Pages; len(p) != 1 || p[0] != 1 {
		t.Errorf("first chunk pages %v, want [1]", p)
	}
	if p := chunks[len(chunks)-1].Pages; p[len(p)-1] != 3 {
		t.Errorf("last chunk pages %v, want to end on 3", p)
	}
}

func TestChunkerSplitsAnOverlongSentenceAndKeepsShortDocsWhole(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("word ", 2000) // one 2667-token sentence
	chunks := ChunkPages([]string{long}, 512, 64)
	if len(chunks) < 6 {
		t.Fatalf("%d chunks", len(chunks))
	}
	for _, c := range chunks {
		if c.Tokens > 512 {
			t.Errorf("chunk of %d tokens", c.Tokens)
		}
	}
	short := ChunkPages([]string{"Toplam: 100 TL.\n\nTeşekkürler."}, 512, 64)
	if len(short) != 1 || short[0].Text != "Toplam: 100 TL.\n\nTeşekkürler." || short[0].Tokens != 5 {
		t.Errorf("short doc chunks = %+v", short)
	}
	if got := ChunkPages([]string{"", "  \n\n "}, 512, 64); len(got) != 0 {
		t.Errorf("blank pages gave %d chunks", len(got))
	}
}

func TestRAGExportMetadataAndMinQuality(t *testing.T) {
	t.Parallel()
	src := hostileSource()
	read := func(opt Options) []RAGChunk {
		b, err := os.ReadFile(exportFile(t, "rag", src, opt))
		if err != nil {
			t.Fatal(err)
		}
		var cs []RAGChunk
		if err := json.Unmarshal(b, &cs); err != nil {
			t.Fatalf("rag is not a JSON array of chunks: %v", err)
		}
		return cs
	}
	all := read(Options{})
	// exec_01 (A, 2 pages) and exec_03 (B) have text; exec_02 has none.
	if len(all) != 2 {
		t.Fatalf("%d chunks, want 2: %+v", len(all), all)
	}
	c := all[0]
	if c.ChunkID != "exec_01-0" || c.ChunkIndex != 0 || c.TokenCount != EstimateTokens(c.Text) {
		t.Errorf("chunk ids/tokens: %+v", c)
	}
	m := c.Metadata
	if m.DocType != "invoice" || m.Language != "tr" || m.QualityGrade != "A" || m.QualityScore != 91.5 ||
		!m.PIIMasked || m.SourceFilename != "fatura-İş.pdf" || fmt.Sprint(m.Pages) != "[1 2]" || m.PageStart != 1 || m.PageEnd != 2 {
		t.Errorf("metadata = %+v", m)
	}
	if got := read(Options{MinQuality: "a"}); len(got) != 1 || got[0].Metadata.QualityGrade != "A" {
		t.Errorf("min_quality A kept %+v", got)
	}
	if got := read(Options{MinQuality: "B"}); len(got) != 2 {
		t.Errorf("min_quality B kept %d chunks, want 2", len(got))
	}
}
