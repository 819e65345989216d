package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders for the image files a page can be
	_ "image/jpeg"
	"image/png"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	_ "golang.org/x/image/bmp"
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/execution"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/store"
)

// Page images: one page of an extraction's file as a PNG, for the
// dashboard to draw field and PII boxes over (their boxes are fractions
// of the page, so any resolution lines up). A PDF page is rendered once
// per resolution by pdftoppm and kept in the blob store; an image file
// is its own single page.
const (
	pageDPIDefault = 110
	pageDPIMin     = 36
	pageDPIMax     = 200
	// pagePixelsMax bounds one rendered page (about an A3 page at 200 dpi,
	// 40 MB of RGBA while encoding): a larger page is rendered at the
	// resolution that fits.
	pagePixelsMax = 10_000_000
	// pageRendersAtOnce bounds the pdftoppm processes of this server.
	pageRendersAtOnce = 2
	// pageCacheEntries bounds the in-memory index from (file, page, dpi)
	// to the blob holding the PNG.
	pageCacheEntries = 4096
)

// pageCache maps a rendering's name to its blob key. The blob store is
// content addressed, so the index is what finds a rendering again; after
// a restart a page renders once more.
type pageCache struct {
	mu    sync.Mutex
	keys  map[string]string
	slots chan struct{}
}

func (c *pageCache) get(name string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.keys[name]
	return k, ok
}

func (c *pageCache) put(name, key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil {
		c.keys = map[string]string{}
	}
	if len(c.keys) >= pageCacheEntries {
		for k := range c.keys { // drop an arbitrary entry: the blob stays, only its index goes
			delete(c.keys, k)
			break
		}
	}
	c.keys[name] = key
}

func (s *Server) routePages() {
	s.pages.slots = make(chan struct{}, pageRendersAtOnce)
	s.mux.HandleFunc("GET /api/v1/extractions/{id}/pages/{page}", func(w http.ResponseWriter, r *http.Request) {
		fail := func(code, msg string) { writeProblem(w, r, problem.New(code, "%s", msg)) }
		e, err := s.store.ExtractionGet(r.Context(), s.workspace(r.Context()), r.PathValue("id"))
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				fail(problem.NotFound, "No extraction "+r.PathValue("id")+".")
			} else {
				fail(problem.Internal, "Reading the extraction failed.")
			}
			return
		}
		s.servePage(w, r, e, fail)
	})
	s.mux.HandleFunc("GET /v1/executions/{id}/pages/{page}", func(w http.ResponseWriter, r *http.Request) {
		fail := func(code, msg string) { v1Fail(w, r, v1CodeOf(code), msg) }
		id := r.PathValue("id")
		if !strings.HasPrefix(id, "exec_") {
			fail(problem.NotFound, "No execution "+id+".")
			return
		}
		e, err := s.store.ExtractionGet(r.Context(), s.workspace(r.Context()), "ext_"+strings.TrimPrefix(id, "exec_"))
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				fail(problem.NotFound, "No execution "+id+".")
			} else {
				fail(problem.Internal, "Reading the execution failed.")
			}
			return
		}
		s.servePage(w, r, e, fail)
	})
}

// v1CodeOf names a page problem's code in the /v1 envelope.
func v1CodeOf(code string) string {
	switch code {
	case problem.NotFound:
		return v1NotFound
	case problem.InvalidRequest, problem.UnsupportedFile, problem.LimitExceeded:
		return v1Validation
	}
	return v1Internal
}

var pageName = regexp.MustCompile(`^([1-9][0-9]{0,4})\.png$`)

// servePage answers one page of e's file as a PNG.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, e *store.Extraction, fail func(code, msg string)) {
	m := pageName.FindStringSubmatch(r.PathValue("page"))
	if m == nil {
		fail(problem.InvalidRequest, "The page is named N.png, with N from 1.")
		return
	}
	page, _ := strconv.Atoi(m[1])
	dpi := pageDPIDefault
	if v := r.URL.Query().Get("dpi"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < pageDPIMin || n > pageDPIMax {
			fail(problem.InvalidRequest, fmt.Sprintf("dpi must be a whole number from %d to %d.", pageDPIMin, pageDPIMax))
			return
		}
		dpi = n
	}
	fileIdx := 0
	if v := r.URL.Query().Get("file"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fail(problem.InvalidRequest, "file must be the file's index in the request, from 0.")
			return
		}
		fileIdx = n
	}
	req, err := execution.LoadRequest(r.Context(), s.blobs, e.Request)
	if err != nil {
		fail(problem.NotFound, "The extraction's file is no longer stored.")
		return
	}
	if fileIdx >= len(req.Files) {
		fail(problem.NotFound, fmt.Sprintf("The extraction has %d file(s); there is no file %d.", len(req.Files), fileIdx))
		return
	}
	f := req.Files[fileIdx]
	sum := sha256.Sum256(f.Data)
	name := fmt.Sprintf("%s/%d/%d", hex.EncodeToString(sum[:]), page, dpi)
	etag := `"` + name + `"`
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if key, ok := s.pages.get(name); ok {
		if data, err := s.blobs.Get(r.Context(), key); err == nil {
			writePNG(w, data)
			return
		}
	}
	data, code, msg := s.renderPage(r.Context(), f, page, dpi)
	if code != "" {
		w.Header().Del("Cache-Control")
		w.Header().Del("ETag")
		fail(code, msg)
		return
	}
	if key, err := s.blobs.Put(r.Context(), data); err == nil {
		s.pages.put(name, key)
	}
	writePNG(w, data)
}

func writePNG(w http.ResponseWriter, data []byte) {
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// renderPage makes the PNG of one page, or says why it cannot.
func (s *Server) renderPage(ctx context.Context, f api.FileInput, page, dpi int) ([]byte, string, string) {
	mt := ingest.Sniff(f.Data, f.Filename, "")
	switch {
	case mt == "application/pdf":
		select {
		case s.pages.slots <- struct{}{}:
			defer func() { <-s.pages.slots }()
		case <-ctx.Done():
			return nil, problem.Unavailable, "The request ended while waiting to render."
		}
		return ingest.RenderPDFPage(ctx, f.Data, page, dpi, ingest.PageImageLimits{
			MaxPages: s.cfg.Limits.MaxPages, MinDPI: pageDPIMin, MaxPixels: pagePixelsMax, Timeout: s.cfg.Limits.ToolTimeout})
	case strings.HasPrefix(mt, "image/"):
		if page != 1 {
			return nil, problem.NotFound, "An image file has one page."
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(f.Data))
		if err != nil {
			return nil, problem.UnsupportedFile, "This image format (" + mt + ") has no page preview."
		}
		if cfg.Width*cfg.Height > pagePixelsMax {
			return nil, problem.LimitExceeded, fmt.Sprintf("The image has %d×%d pixels; previews stop at %d pixels.", cfg.Width, cfg.Height, pagePixelsMax)
		}
		if mt == "image/png" {
			return f.Data, "", ""
		}
		img, _, err := image.Decode(bytes.NewReader(f.Data))
		if err != nil {
			return nil, problem.UnsupportedFile, "The image could not be decoded."
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return nil, problem.Internal, "The image could not be encoded."
		}
		return buf.Bytes(), "", ""
	}
	return nil, problem.UnsupportedFile, "Files of type " + mt + " have no page images; only PDFs and images do."
}
