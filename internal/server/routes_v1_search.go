package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/quarrydev/quarry/internal/search"
	"github.com/quarrydev/quarry/internal/searchindex"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// Search error codes beyond the contract's catalogue. Both are answered
// to a request that could succeed on another server configuration, not
// to a malformed one: EMBEDDINGS_NOT_CONFIGURED when semantic or hybrid
// mode is asked for and no embedding model is set (auto falls back to
// structured instead), EMBEDDINGS_UNAVAILABLE when the model failed.
const (
	v1NoEmbeddings     = "EMBEDDINGS_NOT_CONFIGURED"
	v1EmbeddingsFailed = "EMBEDDINGS_UNAVAILABLE"
)

func init() {
	v1Status[v1NoEmbeddings] = http.StatusUnprocessableEntity
	v1Status[v1EmbeddingsFailed] = http.StatusBadGateway
	v1Docs = append(v1Docs,
		v1Doc{http.MethodPost, "/v1/search", "Search processed documents and indexed datasets (mode auto, structured, semantic or hybrid)", "Search",
			v1SearchRequest{}, v1SearchAnswer{}, 200, []string{v1Validation, v1PlanUpgrade, v1NoEmbeddings, v1EmbeddingsFailed}, false, false},
		v1Doc{http.MethodPost, "/v1/datasets/{id}/index", "Index the dataset's current version for search (Pro and up)", "Search",
			nil, v1IndexAccepted{}, 202, []string{v1Forbidden, v1NotFound, v1Conflict, v1PlanUpgrade}, false, false},
		v1Doc{http.MethodGet, "/v1/datasets/{id}/index/status", "The dataset's indexing state", "Search",
			nil, v1IndexStatus{}, 200, []string{v1NotFound, v1PlanUpgrade}, false, false},
		v1Doc{http.MethodGet, "/v1/datasets/{id}/chunks", "A page of an indexed dataset's chunks (quality_grade=A,B; pii_masked)", "Search",
			nil, []v1Chunk{}, 200, []string{v1NotFound, v1PlanUpgrade, v1Validation}, false, false},
	)
}

// v1SearchRequest is the body of POST /v1/search (E23). alpha is a
// Quarry addition: the hybrid weight of the vector score.
type v1SearchRequest struct {
	Query   string           `json:"query"`
	TopK    *int             `json:"top_k,omitempty"`
	Mode    string           `json:"mode,omitempty"`
	Alpha   *float64         `json:"alpha,omitempty"`
	Filters *v1SearchFilters `json:"filters,omitempty"`
}

type v1SearchFilters struct {
	DocumentType string `json:"document_type,omitempty"`
	Language     string `json:"language,omitempty"`
	QualityGrade string `json:"quality_grade,omitempty"`
	PIIMasked    *bool  `json:"pii_masked,omitempty"`
	// DatasetID is a string id; the integer form one client sends is
	// read as its decimal text (it then matches no dataset).
	DatasetID any `json:"dataset_id,omitempty"`
}

// v1ChunkMeta is a chunk's metadata (E22; search adds mode).
type v1ChunkMeta struct {
	DocType        string  `json:"doc_type"`
	Language       string  `json:"language"`
	QualityGrade   string  `json:"quality_grade"`
	QualityScore   float64 `json:"quality_score"`
	PIIMasked      bool    `json:"pii_masked"`
	SourceFilename string  `json:"source_filename"`
	Mode           string  `json:"mode,omitempty"`
}

// v1Chunk is one chunk as E22 lists it, with the execution and page it
// comes from.
type v1Chunk struct {
	ChunkID     string      `json:"chunk_id"`
	ChunkIndex  int         `json:"chunk_index"`
	Text        string      `json:"text"`
	TokenCount  int         `json:"token_count"`
	ExecutionID string      `json:"execution_id"`
	DocumentID  string      `json:"document_id"`
	Page        int         `json:"page"`
	Metadata    v1ChunkMeta `json:"metadata"`
}

// v1SearchResult is one hit (E23). dataset_id and dataset_name are null
// for a processed document's own chunks. snippet is HTML-escaped text
// around the matches with the query's terms in <mark>.
type v1SearchResult struct {
	ChunkID     string      `json:"chunk_id"`
	DatasetID   *string     `json:"dataset_id"`
	DatasetName *string     `json:"dataset_name"`
	Score       float64     `json:"score"`
	Text        string      `json:"text"`
	Snippet     string      `json:"snippet"`
	ChunkIndex  int         `json:"chunk_index"`
	TokenCount  int         `json:"token_count"`
	ExecutionID string      `json:"execution_id"`
	DocumentID  string      `json:"document_id"`
	Page        int         `json:"page"`
	Metadata    v1ChunkMeta `json:"metadata"`
}

type v1SearchAnswer struct {
	Results      []v1SearchResult `json:"results"`
	Query        string           `json:"query"`
	TotalResults int              `json:"total_results"`
	Mode         string           `json:"mode"`
	Alpha        *float64         `json:"alpha"`
}

type v1IndexAccepted struct {
	Status    string `json:"status"`
	Message   string `json:"message"`
	DatasetID string `json:"dataset_id"`
}

type v1IndexStatus struct {
	Status        string `json:"status"`
	ChunksIndexed int    `json:"chunks_indexed"`
	TotalChunks   int    `json:"total_chunks"`
}

func execIDOf(extID string) string { return "exec_" + strings.TrimPrefix(extID, "ext_") }

func chunkMeta(c *store.SearchChunk, mode string) v1ChunkMeta {
	return v1ChunkMeta{DocType: c.DocType, Language: c.Language, QualityGrade: c.QualityGrade, QualityScore: c.QualityScore,
		PIIMasked: c.PIIMasked, SourceFilename: c.SourceFilename, Mode: mode}
}

func (s *Server) routeV1Search() {
	s.mux.HandleFunc("POST /v1/search", s.v1Search)
	s.mux.HandleFunc("GET /v1/datasets/{id}/index/status", func(w http.ResponseWriter, r *http.Request) {
		st, err := s.search.Status(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if s.v1SearchErr(w, r, err) {
			return
		}
		v1OK(w, http.StatusOK, v1IndexStatus{Status: st.Status, ChunksIndexed: st.ChunksIndexed, TotalChunks: st.TotalChunks})
	})
	s.mux.HandleFunc("GET /v1/datasets/{id}/chunks", s.v1Chunks)
}

func (s *Server) v1Search(w http.ResponseWriter, r *http.Request) {
	var in v1SearchRequest
	if !decodeV1(w, r, &in) {
		return
	}
	q := searchindex.Query{WorkspaceID: s.workspace(r.Context()), Text: in.Query, Mode: in.Mode, Alpha: in.Alpha}
	if in.TopK != nil {
		if *in.TopK < 1 || *in.TopK > search.MaxTopK {
			v1Fail(w, r, v1Validation, "top_k must be 1-"+strconv.Itoa(search.MaxTopK)+".")
			return
		}
		q.TopK = *in.TopK
	}
	if f := in.Filters; f != nil {
		q.Filter = store.SearchFilter{DocType: f.DocumentType, Language: strings.ToLower(f.Language),
			QualityGrade: strings.ToUpper(f.QualityGrade), PIIMasked: f.PIIMasked}
		switch v := f.DatasetID.(type) {
		case nil:
		case string:
			q.Filter.DatasetID = v
		case float64:
			q.Filter.DatasetID = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			v1Fail(w, r, v1Validation, "filters.dataset_id must be a dataset id.")
			return
		}
	}
	ans, err := s.search.Search(r.Context(), q)
	if s.v1SearchErr(w, r, err) {
		return
	}
	out := v1SearchAnswer{Results: make([]v1SearchResult, 0, len(ans.Hits)), Query: strings.TrimSpace(in.Query), Mode: ans.Mode, Alpha: ans.Alpha}
	for _, h := range ans.Hits {
		c := h.Chunk
		res := v1SearchResult{ChunkID: c.ID, Score: h.Score, Text: c.Text, Snippet: h.Snippet, ChunkIndex: c.ChunkIndex,
			TokenCount: c.TokenCount, ExecutionID: execIDOf(c.ExtractionID), DocumentID: c.DocumentID, Page: c.Page,
			Metadata: chunkMeta(c, ans.Mode)}
		if c.DatasetID != "" {
			res.DatasetID, res.DatasetName = &c.DatasetID, &c.DatasetName
		}
		out.Results = append(out.Results, res)
	}
	out.TotalResults = len(out.Results)
	v1OK(w, http.StatusOK, out)
}

// v1Chunks pages an indexed dataset's chunks (E22).
func (s *Server) v1Chunks(w http.ResponseWriter, r *http.Request) {
	page, size, offset, ok := v1Paging(w, r)
	if !ok {
		return
	}
	p := store.SearchChunkPageParams{WorkspaceID: s.workspace(r.Context()), DatasetID: r.PathValue("id"), Limit: size, Offset: offset}
	q := r.URL.Query()
	if v := q.Get("quality_grade"); v != "" {
		for _, g := range strings.Split(v, ",") {
			g = strings.ToUpper(strings.TrimSpace(g))
			if len(g) != 1 || !strings.Contains("ABCD", g) {
				v1Fail(w, r, v1Validation, "quality_grade is a comma list of A, B, C and D.")
				return
			}
			p.Grades = append(p.Grades, g)
		}
	}
	if v := q.Get("pii_masked"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			v1Fail(w, r, v1Validation, "pii_masked must be true or false.")
			return
		}
		p.PIIMasked = &b
	}
	cp, err := s.search.Chunks(r.Context(), p)
	if s.v1SearchErr(w, r, err) {
		return
	}
	items := make([]v1Chunk, 0, len(cp.Chunks))
	for _, c := range cp.Chunks {
		items = append(items, v1Chunk{ChunkID: c.ID, ChunkIndex: c.ChunkIndex, Text: c.Text, TokenCount: c.TokenCount,
			ExecutionID: execIDOf(c.ExtractionID), DocumentID: c.DocumentID, Page: c.Page, Metadata: chunkMeta(c, "")})
	}
	v1OK(w, http.StatusOK, map[string]any{"items": items, "total": cp.Total, "page": page, "page_size": size})
}

// v1SearchErr answers a search service error; false when there was none.
func (s *Server) v1SearchErr(w http.ResponseWriter, r *http.Request, err error) bool {
	var inv *searchindex.InvalidError
	var emb *searchindex.EmbedError
	switch {
	case err == nil:
		return false
	case errors.As(err, &inv):
		v1Fail(w, r, v1Validation, inv.Msg)
	case errors.Is(err, searchindex.ErrPlan):
		v1Fail(w, r, v1PlanUpgrade, "Semantic and hybrid search, dataset indexing and chunks come with the Pro and Enterprise plans; "+
			"structured search is on every plan.")
	case errors.Is(err, searchindex.ErrNoEmbeddings):
		v1Fail(w, r, v1NoEmbeddings, "Semantic and hybrid search need an embedding model (QUARRY_EMBEDDING_MODEL, or the workspace's "+
			"model settings); use mode structured or auto.")
	case errors.As(err, &emb):
		v1Fail(w, r, v1EmbeddingsFailed, "The embedding model did not answer; retry, or use mode structured.")
	case errors.Is(err, searchindex.ErrNotFound):
		v1Fail(w, r, v1NotFound, "No dataset "+r.PathValue("id")+".")
	case errors.Is(err, searchindex.ErrNotIndexed):
		v1Fail(w, r, v1NotFound, "The dataset "+r.PathValue("id")+" is not indexed; POST /v1/datasets/"+r.PathValue("id")+"/index first.")
	case errors.Is(err, searchindex.ErrNotReady):
		v1Fail(w, r, v1Conflict, "The dataset has no ready version yet; poll its build job.")
	default:
		v1Fail(w, r, v1Internal, "The search failed.")
	}
	return true
}

// v1DatasetIndex starts indexing a dataset (POST /v1/datasets/{id}/index,
// dispatched by routeV1DatasetActions).
func (s *Server) v1DatasetIndex(w http.ResponseWriter, r *http.Request) {
	if !s.v1Allow(w, r, tenant.RoleMember) {
		return
	}
	id := r.PathValue("id")
	if s.v1SearchErr(w, r, s.search.IndexDataset(r.Context(), s.workspace(r.Context()), id)) {
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"status": "accepted", "error": nil,
		"data": v1IndexAccepted{Status: store.IndexIndexing, Message: "Indexing started", DatasetID: id},
		"meta": map[string]string{"poll": "/v1/datasets/" + id + "/index/status"}})
}
