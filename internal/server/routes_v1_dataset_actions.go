package server

import "net/http"

// routeV1DatasetActions serves POST /v1/datasets/{id}/index and
// /v1/datasets/{id}/export-s3 through one pattern. Each literal pattern
// would conflict in ServeMux with POST /v1/datasets/build-from-execution/{id}
// (both match /v1/datasets/build-from-execution/index and neither is more
// specific), so ServeMux would refuse the pair at start; a pattern more
// general than both is allowed and dispatches on its last segment. The
// OpenAPI document lists each action under its own path.
const datasetActionsPattern = "POST /v1/datasets/{id}/{action}"

// DatasetActionRoutes are the routes datasetActionsPattern serves, for the
// tests that read routes from the source (documentation, isolation).
var DatasetActionRoutes = []string{"POST /v1/datasets/{id}/index", "POST /v1/datasets/{id}/export-s3"}

func (s *Server) routeV1DatasetActions() {
	actions := map[string]http.HandlerFunc{
		"index":     s.v1DatasetIndex,
		"export-s3": s.v1DatasetExportS3,
	}
	s.mux.HandleFunc(datasetActionsPattern, func(w http.ResponseWriter, r *http.Request) {
		h, ok := actions[r.PathValue("action")]
		if !ok {
			v1Fail(w, r, v1NotFound, "No route "+r.Method+" "+r.URL.Path+".")
			return
		}
		h(w, r)
	})
}
