package export

import (
	"math"
	"regexp"
	"strings"
)

// RAG chunking parameters (docs/export.md, "rag"). 512 tokens fits the
// input of the common embedding models (many stop at 512) with room for
// a title; 64 tokens of overlap (1/8) carries a sentence or two across a
// cut so a fact split by it is still whole in one chunk.
const (
	ChunkTargetTokens  = 512
	ChunkOverlapTokens = 64
)

// EstimateTokens is the platform's token estimate: round(words × 4/3).
// It needs no tokenizer and is close to BPE counts for European text.
func EstimateTokens(s string) int {
	return int(math.Round(float64(len(strings.Fields(s))) * 4 / 3))
}

// Chunk is one piece of a document's text.
type Chunk struct {
	Text   string
	Tokens int
	Pages  []int // 1-based pages the chunk draws from, ascending
}

// piece is the unit the chunker packs: a sentence (or a word window of an
// over-long sentence), with the page it is on and whether it starts a
// paragraph (so joined text keeps the paragraph break).
type piece struct {
	text     string
	tokens   int
	page     int
	paraHead bool
	paraID   int
}

var (
	paragraphBreak = regexp.MustCompile(`\n[ \t]*\n`)
	// A sentence ends at . ! ? … (optionally closed by a quote or
	// bracket) followed by white space; a single newline inside a
	// paragraph also ends one, since extracted lines rarely wrap mid
	// sentence in invoices and receipts.
	sentenceEnd = regexp.MustCompile(`[.!?…]["'”’)\]]*\s+|\n`)
)

// ChunkPages splits a document's pages into chunks of about target
// tokens: paragraphs first, sentences when a paragraph is too long, word
// windows only for a sentence longer than a chunk. Consecutive chunks
// share up to overlap tokens of whole sentences.
func ChunkPages(pages []string, target, overlap int) []Chunk {
	if target <= 0 {
		target = ChunkTargetTokens
	}
	if overlap < 0 || overlap >= target {
		overlap = 0
	}
	pieces := splitPieces(pages, target)
	var (
		out   []Chunk
		cur   []piece
		sum   int
		fresh int // pieces in cur that no emitted chunk holds yet
	)
	emit := func() {
		if fresh == 0 {
			return
		}
		fresh = 0
		out = append(out, joinPieces(cur))
		// Carry the last sentences that fit the overlap into the next chunk.
		keep, ks := len(cur), 0
		for keep > 0 && ks+cur[keep-1].tokens <= overlap {
			keep--
			ks += cur[keep].tokens
		}
		if keep == 0 { // never carry the whole chunk: the next must advance
			keep, ks = len(cur), 0
		}
		cur = append([]piece(nil), cur[keep:]...)
		sum = ks
	}
	for i := 0; i < len(pieces); i++ {
		p := pieces[i]
		if p.paraHead && sum > target/2 {
			// Prefer to cut before a paragraph that will not fit whole.
			if sum+paragraphTokens(pieces[i:]) > target {
				emit()
			}
		}
		if sum+p.tokens > target && sum > 0 {
			emit()
			if sum+p.tokens > target { // the overlap leaves no room
				cur, sum = nil, 0
			}
		}
		cur = append(cur, p)
		sum += p.tokens
		fresh++
	}
	// A tail of carried-over sentences alone would repeat the last chunk.
	emit()
	return out
}

func paragraphTokens(ps []piece) int {
	n := 0
	for i, p := range ps {
		if i > 0 && p.paraHead {
			break
		}
		n += p.tokens
	}
	return n
}

func splitPieces(pages []string, target int) []piece {
	var out []piece
	para := 0
	for pi, page := range pages {
		for _, par := range paragraphBreak.Split(page, -1) {
			par = strings.TrimSpace(par)
			if par == "" {
				continue
			}
			para++
			head := true
			for _, s := range splitSentences(par) {
				for _, win := range wordWindows(s, target) {
					out = append(out, piece{text: win, tokens: EstimateTokens(win), page: pi + 1, paraHead: head, paraID: para})
					head = false
				}
			}
		}
	}
	return out
}

func splitSentences(par string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(par, -1) {
		if s := strings.TrimSpace(par[start:m[1]]); s != "" {
			out = append(out, s)
		}
		start = m[1]
	}
	if s := strings.TrimSpace(par[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

// wordWindows cuts a sentence longer than a chunk into windows of whole
// words that each fit.
func wordWindows(s string, target int) []string {
	if EstimateTokens(s) <= target {
		return []string{s}
	}
	words := strings.Fields(s)
	per := max(1, target*3/4)
	var out []string
	for i := 0; i < len(words); i += per {
		out = append(out, strings.Join(words[i:min(len(words), i+per)], " "))
	}
	return out
}

func joinPieces(ps []piece) Chunk {
	var b strings.Builder
	var pages []int
	for i, p := range ps {
		if i > 0 {
			if p.paraID != ps[i-1].paraID {
				b.WriteString("\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p.text)
		if len(pages) == 0 || pages[len(pages)-1] != p.page {
			pages = append(pages, p.page)
		}
	}
	text := b.String()
	return Chunk{Text: text, Tokens: EstimateTokens(text), Pages: pages}
}
