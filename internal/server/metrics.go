package server

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are per server (own registry) so tests can run several servers.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	stages   *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quarry_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "quarry_http_request_duration_seconds", Help: "HTTP request latency by route, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"route", "method", "status"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "quarry_pipeline_stage_duration_seconds", Help: "Pipeline stage latency by stage and trace status.",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"stage", "status"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.stages,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// knownMethods is the closed set of method labels. Any other token a
// client sends (HTTP allows arbitrary ones) is counted as "other": a label
// taken from the request would let clients grow the series without bound.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
	http.MethodConnect: true, http.MethodTrace: true,
}

// methodLabel maps a request method onto knownMethods or "other".
func methodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "other"
}

// routeLabel keeps the mux pattern that matched, which is one of the
// patterns registered at start (wildcards by name, never the path), and
// maps "no pattern" (404s and 405s outside /api/, redirects) to
// "unmatched".
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	return pattern
}

// statusLabel keeps valid HTTP status codes; a handler that wrote nothing
// answered 200 (net/http's default), and anything else is "other".
func statusLabel(status int) string {
	switch {
	case status == 0:
		return "200"
	case status < 100 || status > 599:
		return "other"
	}
	return strconv.Itoa(status)
}

func (m *metrics) observeRequest(route, method string, status int, d time.Duration) {
	route, method, st := routeLabel(route), methodLabel(method), statusLabel(status)
	m.requests.WithLabelValues(route, method, st).Inc()
	m.latency.WithLabelValues(route, method, st).Observe(d.Seconds())
}

// ObserveStage implements pipeline.StageObserver.
func (m *metrics) ObserveStage(stage, status string, d time.Duration) {
	m.stages.WithLabelValues(stage, status).Observe(d.Seconds())
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
