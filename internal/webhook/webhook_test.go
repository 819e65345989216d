package webhook

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	res := fakeResolver{
		"public.example":  {"93.184.215.14"},
		"public6.example": {"2606:2800:21f:cb07:6820:80da:af6b:8b2c"},
		"mixed.example":   {"93.184.215.14", "10.0.0.7"}, // one bad address is enough to refuse
		"meta.example":    {"169.254.169.254"},
		"v6local.example": {"fd12::1"},
		"mapped.example":  {"::ffff:127.0.0.1"},
		"nat64.example":   {"64:ff9b::a00:1"},
		"zoned.example":   {"fe80::1%eth0"},
	}
	cases := []struct {
		name         string
		url          string
		allowPrivate bool
		ok           bool
		forbidden    bool // refusal must wrap ErrForbiddenAddress
	}{
		// Allowed.
		{"PublicName", "https://public.example/hook", false, true, false},
		{"PublicNameV6", "https://public6.example/hook", false, true, false},
		{"PublicNameTrailingDot", "https://public.example./hook", false, true, false},
		{"PublicIPv4", "http://93.184.215.14:8080/x", false, true, false},
		{"PublicIPv6", "http://[2606:4700::1111]/", false, true, false},
		{"PrivateAllowed", "http://127.0.0.1/", true, true, false},
		{"ZonedAllowed", "http://[::1%25lo]:9/", true, true, false},

		// Shape.
		{"Credentials", "http://user:pw@public.example/", false, false, false},
		{"FileScheme", "file:///etc/passwd", false, false, false},
		{"FTPSchemeEvenIfAllowed", "ftp://127.0.0.1/", true, false, false},
		{"Relative", "/relative", false, false, false},
		{"EmptyHost", "http://:80/", false, false, false},
		{"GopherScheme", "gopher://public.example/", false, false, false},
		{"UnresolvableName", "http://nowhere.example/", false, false, false},
		{"FullWidthDigits", "http://\uff11\uff12\uff17.0.0.1/", false, false, false},

		// Names resolving to blocked addresses.
		{"NameMixed", "https://mixed.example/hook", false, false, true},
		{"NameMetadata", "http://meta.example/", false, false, true},
		{"NameUniqueLocal", "http://v6local.example/", false, false, true},
		{"NameMapped", "http://mapped.example/", false, false, true},
		{"NameNAT64", "http://nat64.example/", false, false, true},
		{"NameZoned", "http://zoned.example/", false, false, true},
		{"Localhost", "http://localhost:8080/", false, false, true},
		{"LocalhostUpperDot", "http://LOCALHOST./", false, false, true},
		{"SubLocalhost", "http://a.b.localhost/", false, false, true},

		// IPv4 literals, one per special-purpose range.
		{"ThisNetwork", "http://0.0.0.0/", false, false, true},
		{"ThisNetwork2", "http://0.1.2.3/", false, false, true},
		{"Private10", "http://10.1.2.3/", false, false, true},
		{"CGNAT", "http://100.64.0.1/", false, false, true},
		{"Loopback", "http://127.0.0.1/", false, false, true},
		{"LoopbackOther", "http://127.255.255.254:9/", false, false, true},
		{"LinkLocalMetadata", "http://169.254.169.254/latest/meta-data/", false, false, true},
		{"Private172", "http://172.31.255.255/", false, false, true},
		{"IETFAssignments", "http://192.0.0.9/", false, false, true},
		{"TestNet1", "http://192.0.2.1/", false, false, true},
		{"AS112v4", "http://192.31.196.1/", false, false, true},
		{"AMT", "http://192.52.193.1/", false, false, true},
		{"SixToFourRelay", "http://192.88.99.1/", false, false, true},
		{"Private192", "http://192.168.1.1/", false, false, true},
		{"AS112Delegation", "http://192.175.48.1/", false, false, true},
		{"Benchmarking", "http://198.19.0.1/", false, false, true},
		{"TestNet2", "http://198.51.100.7/", false, false, true},
		{"TestNet3", "http://203.0.113.7/", false, false, true},
		{"Multicast", "http://224.0.0.1/", false, false, true},
		{"Reserved", "http://240.0.0.1/", false, false, true},
		{"Broadcast", "http://255.255.255.255/", false, false, true},

		// Numeric IPv4 spellings.
		{"Decimal", "http://2130706433/", false, false, true},
		{"HexDotted", "http://0x7f.1/", false, false, true},
		{"Octal", "http://017700000001/", false, false, true},
		{"ShortDotted", "http://127.1/", false, false, true},
		{"HexWhole", "http://0x7f000001/", false, false, true},
		{"OctalDotted", "http://0177.0.0.01/", false, false, true},
		{"MetadataDecimal", "http://2852039166/", false, false, true},
		{"TrailingDotLoopback", "http://127.0.0.1./", false, false, true},
		{"ZeroShort", "http://0/", false, false, true},
		{"PublicDecimalNotCanonical", "http://1572395790/", false, false, false},
		{"BadOctal", "http://08.0.0.1/", false, false, false},
		{"TooManyParts", "http://1.2.3.4.5/", false, false, false},
		{"NumericLastLabel", "http://public.example.123/", false, false, false},

		// IPv6 literals.
		{"Unspecified6", "http://[::]/", false, false, true},
		{"Loopback6", "http://[::1]/", false, false, true},
		{"Loopback6Zoned", "http://[::1%25lo]:8080/", false, false, true},
		{"LinkLocal6Zoned", "http://[fe80::1%25lo]/", false, false, true},
		{"LinkLocal6", "http://[fe80::1]/", false, false, true},
		{"Compatible", "http://[::127.0.0.1]/", false, false, true},
		{"CompatiblePublic", "http://[::93.184.215.14]/", false, false, true},
		{"Mapped", "http://[::ffff:10.0.0.1]/", false, false, true},
		{"MappedHex", "http://[::ffff:7f00:1]/", false, false, true},
		{"MappedPublic", "http://[::ffff:93.184.215.14]/", false, false, true},
		{"SIIT", "http://[::ffff:0:7f00:1]/", false, false, true},
		{"NAT64", "http://[64:ff9b::7f00:1]/", false, false, true},
		{"NAT64Local", "http://[64:ff9b:1::a00:1]/", false, false, true},
		{"Discard", "http://[100::1]/", false, false, true},
		{"Teredo", "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", false, false, true},
		{"IETF6", "http://[2001:2::1]/", false, false, true},
		{"Documentation6", "http://[2001:db8::1]/", false, false, true},
		{"SixToFour", "http://[2002:7f00:1::1]/", false, false, true},
		{"AS112v6", "http://[2620:4f:8000::1]/", false, false, true},
		{"Documentation3fff", "http://[3fff::1]/", false, false, true},
		{"SRv6", "http://[5f00::1]/", false, false, true},
		{"UniqueLocal", "http://[fd00::1]/", false, false, true},
		{"SiteLocal", "http://[fec0::1]/", false, false, true},
		{"Multicast6", "http://[ff02::1]/", false, false, true},
		{"Unassigned6", "http://[4000::1]/", false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := Guard{AllowPrivate: c.allowPrivate, Resolver: res}.CheckURL(context.Background(), c.url)
			if (err == nil) != c.ok {
				t.Fatalf("CheckURL(%q) = %v, want ok=%v", c.url, err, c.ok)
			}
			if errors.Is(err, ErrForbiddenAddress) != c.forbidden {
				t.Fatalf("CheckURL(%q) = %v, want forbidden=%v", c.url, err, c.forbidden)
			}
		})
	}
}

func TestDialControl(t *testing.T) {
	t.Parallel()
	// The Control hook sees the socket address actually connected to,
	// whatever DNS said at submit.
	cases := []struct {
		name, addr string
		ok         bool
	}{
		{"Loopback", "127.0.0.1:80", false},
		{"UniqueLocal", "[fd00::1]:443", false},
		{"Metadata", "169.254.169.254:80", false},
		{"Zoned", "[fe80::1%lo]:80", false},
		{"ZonedLoopback", "[::1%lo]:80", false},
		{"Mapped", "[::ffff:127.0.0.1]:80", false},
		{"NotAnAddress", "example.com:80", false},
		{"Public", "93.184.215.14:443", true},
		{"Public6", "[2606:4700::1111]:443", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if err := (Guard{}).dialControl("tcp", c.addr, nil); (err == nil) != c.ok {
				t.Fatalf("dialControl(%s) = %v, want ok=%v", c.addr, err, c.ok)
			}
		})
	}
}

// flipResolver answers a public address first and a private one after,
// the DNS-rebinding pattern: the submit-time check passes, the connection
// must not.
type flipResolver struct {
	mu    sync.Mutex
	calls int
	later string
}

func (f *flipResolver) LookupNetIP(_ context.Context, _, _ string) ([]netip.Addr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.calls == 1 {
		return []netip.Addr{netip.MustParseAddr("93.184.215.14")}, nil
	}
	return []netip.Addr{netip.MustParseAddr(f.later)}, nil
}

func TestDialBlocksRebinding(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	url := "http://rebind.example:" + port + "/hook"

	cases := []struct {
		name  string
		later string
	}{
		{"Loopback", "127.0.0.1"},
		{"Mapped", "::ffff:127.0.0.1"},
		{"Metadata", "169.254.169.254"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := &flipResolver{later: c.later}
			out := NewClient("k", Guard{Resolver: res}, time.Second).Deliver(context.Background(), url, []byte(`{}`))
			if out.Err == nil || out.Retryable || !errors.Is(out.Err, ErrForbiddenAddress) {
				t.Fatalf("rebinding delivery = %+v", out)
			}
			if res.calls < 2 {
				t.Fatalf("resolver asked %d times: the dial did not re-resolve", res.calls)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("receiver on loopback got %d requests", n)
	}

	// A resolver answering loopback with private targets allowed reaches
	// the receiver, which proves the refusals above came from the guard,
	// not the network.
	out := NewClient("k", Guard{AllowPrivate: true, Resolver: fakeResolver{"rebind.example": {"127.0.0.1"}}}, time.Second).
		Deliver(context.Background(), url, []byte(`{}`))
	if out.Err != nil || hits.Load() != 1 {
		t.Fatalf("allowed delivery = %+v, hits %d", out, hits.Load())
	}
}

func TestDeliverRefusesLoopbackLiteral(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := NewClient("k", Guard{Resolver: fakeResolver{}}, time.Second)
	out := c.Deliver(context.Background(), srv.URL, []byte(`{}`))
	if out.Err == nil || out.Retryable || !errors.Is(out.Err, ErrForbiddenAddress) {
		t.Fatalf("loopback delivery = %+v", out)
	}
	// Bypassing CheckURL, the transport itself still refuses.
	req, _ := http.NewRequest(http.MethodPost, srv.URL, nil)
	if resp, err := c.HTTP.Do(req); err == nil || !errors.Is(err, ErrForbiddenAddress) {
		if resp != nil {
			resp.Body.Close()
		}
		t.Fatalf("transport reached loopback: %v", err)
	}
}

func TestDeliverVerdicts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status    int
		ok, retry bool
	}{
		{200, true, false}, {204, true, false}, {301, false, false}, {400, false, false}, {410, false, false},
		{429, false, true}, {500, false, true}, {503, false, true},
	}
	for _, c := range cases {
		t.Run(http.StatusText(c.status), func(t *testing.T) {
			var sig string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sig = r.Header.Get(SignatureHeader)
				if c.status == 301 {
					http.Redirect(w, r, "http://169.254.169.254/", c.status)
					return
				}
				w.WriteHeader(c.status)
			}))
			defer srv.Close()
			body := []byte(`{"event_id":"x"}`)
			out := NewClient("secret", Guard{AllowPrivate: true}, time.Second).Deliver(context.Background(), srv.URL, body)
			if (out.Err == nil) != c.ok || out.Retryable != c.retry || out.Status != c.status {
				t.Fatalf("outcome = %+v", out)
			}
			if !Verify("secret", body, sig) || Verify("other", body, sig) {
				t.Fatalf("signature %q does not verify", sig)
			}
		})
	}
	out := NewClient("s", Guard{AllowPrivate: true}, time.Second).Deliver(context.Background(), "http://127.0.0.1:1/", nil)
	if out.Err == nil || !out.Retryable {
		t.Fatalf("connection refused must be retryable: %+v", out)
	}
}

func TestSignKnownVector(t *testing.T) {
	t.Parallel()
	// RFC 4231 test case 2.
	got := Sign("Jefe", []byte("what do ya want for nothing?"))
	if got != "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatal(got)
	}
}

func TestDeliverRefusalVerdicts(t *testing.T) {
	t.Parallel()
	// Only a refusal that may change (a lookup failing now) is retried.
	res := fakeResolver{"meta.example": {"169.254.169.254"}}
	cases := []struct {
		name, url string
		retry     bool
		sentinel  error
	}{
		{"Malformed", "ftp://public.example/", false, ErrInvalidURL},
		{"NonCanonicalPublic", "http://1572395790/", false, ErrInvalidURL},
		{"Forbidden", "http://meta.example/", false, ErrForbiddenAddress},
		{"Unresolvable", "http://nowhere.example/", true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			out := NewClient("k", Guard{Resolver: res}, time.Second).Deliver(context.Background(), c.url, []byte(`{}`))
			if out.Err == nil || out.Retryable != c.retry || (c.sentinel != nil && !errors.Is(out.Err, c.sentinel)) {
				t.Fatalf("Deliver(%s) = %+v, want retry=%v wrapping %v", c.url, out, c.retry, c.sentinel)
			}
		})
	}
}
