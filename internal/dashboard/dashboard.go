//go:build !nodashboard

// Package dashboard is Quarry's browser dashboard: plain HTML, CSS and
// JavaScript embedded in the binary (nothing is fetched from elsewhere,
// so it works offline). The page talks to the /v1 and /api/v1 JSON APIs
// itself; this package only serves the files. Build with -tags
// nodashboard to leave it out (stub.go): GET / is then the plain home
// page.
package dashboard

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var files embed.FS

// Enabled reports whether the dashboard is built in.
const Enabled = true

// Handler serves the dashboard: index.html at / and the assets under
// /ui/. It sets a strict Content-Security-Policy: the page runs only its
// own script and style, and talks only to its own origin.
func Handler() http.Handler {
	static, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	assets := http.StripPrefix("/ui/", http.FileServerFS(static))
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		panic(err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if strings.HasPrefix(r.URL.Path, "/ui/") {
			h.Set("Cache-Control", "no-cache")
			assets.ServeHTTP(w, r)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(index)
	})
}
