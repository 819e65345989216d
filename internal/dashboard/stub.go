//go:build nodashboard

package dashboard

import "net/http"

// Enabled reports whether the dashboard is built in.
const Enabled = false

// Handler is nil without the dashboard: the server keeps its plain home
// page at /.
func Handler() http.Handler { return nil }
