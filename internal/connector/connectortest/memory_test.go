package connectortest_test

import (
	"testing"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/connector/connectortest"
)

// TestMemory runs the suite against connector.Memory, so the fake the
// service tests use behaves like the real drivers (page order, tokens,
// kinds). Memory has no credentials or buckets: a failure set with Fail
// stands in for both.
func TestMemory(t *testing.T) {
	t.Parallel()
	connectortest.Exercise(t, connectortest.Harness{
		NewBucket: func(t *testing.T) connectortest.Bucket {
			m := connector.NewMemory()
			return connectortest.Bucket{Source: m, Delete: func(*testing.T) {
				m.Fail(connector.Errorf(connector.KindBucketMissing, nil, "Bucket memory does not exist"))
			}}
		},
		BadCredentials: func(t *testing.T) connector.Source {
			m := connector.NewMemory()
			m.Fail(connector.Errorf(connector.KindAuth, nil, "The access key or secret is wrong"))
			return m
		},
	})
}
