package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strconv"
)

// rag: a JSON array of chunks of each document's (masked) text, with the
// metadata a vector store filters on. Records below Options.MinQuality
// are left out. Chunks never span two documents.
func init() { register("rag", writeRAG) }

// RAGChunk is one element of the rag export.
type RAGChunk struct {
	ChunkID    string      `json:"chunk_id"`
	ChunkIndex int         `json:"chunk_index"`
	Text       string      `json:"text"`
	TokenCount int         `json:"token_count"`
	Metadata   RAGMetadata `json:"metadata"`
}

// RAGMetadata describes the document a chunk comes from.
type RAGMetadata struct {
	ExecutionID    string  `json:"execution_id"`
	DocumentID     string  `json:"document_id"`
	DocType        string  `json:"doc_type"`
	Language       string  `json:"language"`
	QualityGrade   string  `json:"quality_grade"`
	QualityScore   float64 `json:"quality_score"`
	PIIMasked      bool    `json:"pii_masked"`
	SourceFilename string  `json:"source_filename"`
	Pages          []int   `json:"pages"`
	PageStart      int     `json:"page_start"`
	PageEnd        int     `json:"page_end"`
}

func writeRAG(ctx context.Context, w io.Writer, src Source, _ Layout, opt Options) error {
	minRank := -1 // no filter: ungraded records too
	if opt.MinQuality != "" {
		minRank = gradeRank(opt.MinQuality)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // masked text goes out byte for byte
	n := 0
	bw.WriteByte('[')
	err := records(ctx, src, func(r *Record) error {
		if gradeRank(r.QualityGrade) < minRank {
			return nil
		}
		for i, c := range ChunkPages(r.Pages, ChunkTargetTokens, ChunkOverlapTokens) {
			if n > 0 {
				bw.WriteByte(',')
			}
			bw.WriteByte('\n')
			n++
			err := enc.Encode(RAGChunk{
				ChunkID:    r.ExecutionID + "-" + strconv.Itoa(i),
				ChunkIndex: i,
				Text:       c.Text,
				TokenCount: c.Tokens,
				Metadata: RAGMetadata{
					ExecutionID: r.ExecutionID, DocumentID: r.DocumentID,
					DocType: r.DocType, Language: r.Language,
					QualityGrade: r.QualityGrade, QualityScore: r.QualityScore,
					PIIMasked: r.PIIMasked, SourceFilename: r.SourceFilename,
					Pages: c.Pages, PageStart: c.Pages[0], PageEnd: c.Pages[len(c.Pages)-1],
				},
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
