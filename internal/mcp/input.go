package mcp

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/jsonschema-go/jsonschema"
)

// document names the file a tool works on: one of a local path (stdio
// only), base64 bytes or an https URL (fetched through the SSRF guard).
type document struct {
	Path          string `json:"path,omitempty" jsonschema:"absolute path of a file on this machine (local stdio sessions only)"`
	ContentBase64 string `json:"content_base64,omitempty" jsonschema:"the file's bytes in standard base64"`
	URL           string `json:"url,omitempty" jsonschema:"an https URL Quarry downloads the file from (public hosts only)"`
	Filename      string `json:"filename,omitempty" jsonschema:"the file's name with its extension; helps type detection (default: from path or URL)"`
}

// read returns the document's name and bytes, or a message an agent can
// act on. Sizes are checked before anything large is held.
func (s *Server) read(ctx context.Context, d document) (string, []byte, error) {
	given := 0
	for _, v := range []string{d.Path, d.ContentBase64, d.URL} {
		if v != "" {
			given++
		}
	}
	if given != 1 {
		if s.opt.Local {
			return "", nil, errors.New("give exactly one of path, content_base64 or url")
		}
		return "", nil, errors.New("give exactly one of content_base64 or url")
	}
	limit := s.opt.MaxFileBytes
	switch {
	case d.Path != "":
		if !s.opt.Local {
			return "", nil, errors.New("path is only read in local (stdio) sessions; send content_base64 or an https url")
		}
		name := nameOr(d.Filename, filepath.Base(d.Path))
		f, err := os.Open(d.Path)
		if err != nil {
			return "", nil, fmt.Errorf("path: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && (st.IsDir() || st.Size() > limit) {
			if st.IsDir() {
				return "", nil, fmt.Errorf("path %s is a folder, not a file", d.Path)
			}
			return "", nil, fmt.Errorf("the file is %d bytes; the limit is %d", st.Size(), limit)
		}
		data, err := readCapped(f, limit)
		return name, data, err
	case d.ContentBase64 != "":
		if int64(base64.StdEncoding.DecodedLen(len(d.ContentBase64))) > limit+3 {
			return "", nil, fmt.Errorf("the file is larger than the limit of %d bytes", limit)
		}
		data, err := base64.StdEncoding.DecodeString(d.ContentBase64)
		if err != nil {
			return "", nil, fmt.Errorf("content_base64 is not valid base64: %v", err)
		}
		return nameOr(d.Filename, "document"), data, nil
	default:
		return s.fetch(ctx, d)
	}
}

// fetch downloads an https document with the guarded client: private,
// loopback and link-local addresses are refused at dial time, redirects
// included, and the body is cut at the size limit.
func (s *Server) fetch(ctx context.Context, d document) (string, []byte, error) {
	u, err := url.Parse(d.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return "", nil, errors.New("url must be an absolute https URL")
	}
	if s.opt.Fetch == nil {
		return "", nil, errors.New("this server does not download URLs; send content_base64")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", nil, err
	}
	res, err := s.opt.Fetch.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("downloading the url failed: %v", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("downloading the url answered HTTP %d", res.StatusCode)
	}
	if res.ContentLength > s.opt.MaxFileBytes {
		return "", nil, fmt.Errorf("the file is %d bytes; the limit is %d", res.ContentLength, s.opt.MaxFileBytes)
	}
	data, err := readCapped(res.Body, s.opt.MaxFileBytes)
	if err != nil {
		return "", nil, err
	}
	name := lastSegment(u.Path)
	return nameOr(d.Filename, nameOr(name, "document")), data, nil
}

func lastSegment(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("the file is larger than the limit of %d bytes", limit)
	}
	return data, nil
}

func nameOr(a, b string) string {
	if a = strings.TrimSpace(a); a != "" {
		return a
	}
	return b
}

// schemaFor infers T's input schema, dropping the properties the session
// does not offer (path for remote clients, url without a fetcher) so an
// agent is never shown an argument it cannot use.
func (s *Server) schemaFor(schema *jsonschema.Schema, drop ...string) *jsonschema.Schema {
	if !s.opt.Local {
		drop = append(drop, "path")
	}
	if s.opt.Fetch == nil {
		drop = append(drop, "url")
	}
	var walk func(*jsonschema.Schema)
	walk = func(sc *jsonschema.Schema) {
		if sc == nil {
			return
		}
		for _, d := range drop {
			delete(sc.Properties, d)
		}
		for _, p := range sc.Properties {
			walk(p)
			walk(p.Items)
		}
	}
	walk(schema)
	return schema
}

// mustSchema infers T's schema; a failure is a programming error.
func mustSchema[T any]() *jsonschema.Schema {
	sc, err := jsonschema.For[T](nil)
	if err != nil {
		panic(err)
	}
	return sc
}
