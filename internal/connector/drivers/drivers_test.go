package drivers

import (
	"context"
	"slices"
	"testing"

	"github.com/quarrydev/quarry/internal/connector"
)

func TestEveryWireTypeIsRegistered(t *testing.T) {
	t.Parallel()
	if got, want := connector.Types(), []string{"azure_blob", "gcs", "s3"}; !slices.Equal(got, want) {
		t.Fatalf("registered types %v, want %v", got, want)
	}
	// Open validates first: an incomplete config is a config error
	// naming the field, for every type.
	for _, typ := range connector.Types() {
		_, err := connector.Open(context.Background(), typ, connector.Config{}, connector.Options{})
		if connector.KindOf(err) != connector.KindConfig {
			t.Errorf("%s with an empty config: %v, want a config error", typ, err)
		}
		d, _ := connector.Lookup(typ)
		if d.Endpoint == nil || d.Endpoint(connector.Config{"endpoint": "http://x"}) != "http://x" {
			t.Errorf("%s: Endpoint does not return the caller's endpoint", typ)
		}
	}
}
