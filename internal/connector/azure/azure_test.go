package azure

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"

	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob/container"

	"github.com/quarrydev/quarry/internal/connector"
	"github.com/quarrydev/quarry/internal/connector/connectortest"
)

var containers atomic.Int64

func openSource(t *testing.T, name, key, endpoint string) connector.Source {
	t.Helper()
	s, err := connector.Open(context.Background(), "azure_blob", connector.Config{
		"account_name": devAccount, "container_name": name, "account_key": key, "endpoint": endpoint,
	}, connector.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// newContainer creates a container with the SDK directly, as an operator
// would in the portal.
func newContainer(t *testing.T) (string, *container.Client) {
	t.Helper()
	name := fmt.Sprintf("c%d-%d", containers.Add(1), os.Getpid())
	cred, err := container.NewSharedKeyCredential(devAccount, devKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := container.NewClientWithSharedKeyCredential(azuriteURL+"/"+name, cred, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Create(testCtx(t), nil); err != nil {
		t.Fatal(err)
	}
	return name, c
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr + "/" + devAccount
}

// A valid base64 key that is not the account's: Azurite checks the
// shared-key signature as Azure does.
const wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ=="

func TestConformance(t *testing.T) {
	t.Parallel()
	needAzurite(t)
	connectortest.Exercise(t, connectortest.Harness{
		// Azurite is one Node process serving every request: 10,000
		// uploads cost about 30 s of CPU, most of the package's budget
		// on a 2-core machine. 3,000 still spans three pages; the
		// 10,000-object case runs on S3 and Memory, and here with
		// QUARRY_CONNECTOR_FULL=1.
		Many: connectortest.ManyOr(3000),
		NewBucket: func(t *testing.T) connectortest.Bucket {
			name, c := newContainer(t)
			return connectortest.Bucket{
				Source: openSource(t, name, devKey, azuriteURL),
				Delete: func(t *testing.T) {
					if _, err := c.Delete(testCtx(t), nil); err != nil {
						t.Fatal(err)
					}
				},
			}
		},
		// Azurite answers a bad shared-key signature with 403
		// AuthorizationFailure, which Azure itself sends for network
		// rules and missing rights (a wrong key there is 403
		// AuthenticationFailed, mapped to KindAuth: TestClassify).
		BadCredentialsKind: connector.KindDenied,
		BadCredentials: func(t *testing.T) connector.Source {
			name, _ := newContainer(t)
			return openSource(t, name, wrongKey, azuriteURL)
		},
		// Shared-key access is all or nothing in Azurite: no key lacks
		// a permission. TestClassify maps a crafted 403.
		Denied:      nil,
		Unreachable: func(t *testing.T) connector.Source { return openSource(t, "c", devKey, closedPort(t)) },
	})
}
