package server

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/quarrydev/quarry/internal/store"
)

// platformCollector reads the platform's counters from the database at
// scrape time, so every process behind a balancer reports the same
// totals, whichever of them did the work. Labels are closed sets.
type platformCollector struct {
	st                        store.Store
	jobs, credits, deliveries *prometheus.Desc
	refusals                  *prometheus.CounterVec
}

// jobStatuses are the /v1 job states, the only values of the status label.
var jobStatuses = []string{"queued", "running", "completed", "failed"}

func newPlatformCollector(st store.Store) *platformCollector {
	return &platformCollector{st: st,
		jobs:       prometheus.NewDesc("quarry_jobs", "Jobs (extractions) by status.", []string{"status"}, nil),
		credits:    prometheus.NewDesc("quarry_credits", "Credits in the ledger by state: held (admitted work) or charged (completed work).", []string{"state"}, nil),
		deliveries: prometheus.NewDesc("quarry_platform_webhook_deliveries", "Delivery attempts of /v1 webhooks by outcome.", []string{"outcome"}, nil),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "quarry_quota_refusals_total", Help: "Documents refused because the workspace had no credits left or its trial had ended (this process).",
		}, []string{"reason"}),
	}
}

func (c *platformCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.jobs
	ch <- c.credits
	ch <- c.deliveries
	c.refusals.Describe(ch)
}

func (c *platformCollector) Collect(ch chan<- prometheus.Metric) {
	c.refusals.Collect(ch)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	t, err := c.st.PlatformTotals(ctx)
	if err != nil {
		return // a scrape without these series says the database did not answer
	}
	byJob := map[string]int64{}
	for state, n := range t.ExtractionsByState {
		byJob[v1JobStatus(state)] += n
	}
	for _, s := range jobStatuses {
		ch <- prometheus.MustNewConstMetric(c.jobs, prometheus.GaugeValue, float64(byJob[s]), s)
	}
	ch <- prometheus.MustNewConstMetric(c.credits, prometheus.GaugeValue, float64(t.CreditsHeld), "held")
	ch <- prometheus.MustNewConstMetric(c.credits, prometheus.GaugeValue, float64(t.CreditsCharged), "charged")
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, float64(t.DeliveriesOK), "delivered")
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.GaugeValue, float64(t.DeliveriesFailed), "failed")
}

// refused counts a quota refusal; code is QUOTA_EXCEEDED or TRIAL_EXPIRED.
func (c *platformCollector) refused(code string) {
	reason := "quota_exceeded"
	if code == v1TrialExpired {
		reason = "trial_expired"
	}
	c.refusals.WithLabelValues(reason).Inc()
}
