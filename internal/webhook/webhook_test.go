package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
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
	res := fakeResolver{
		"public.example":  {"93.184.215.14"},
		"mixed.example":   {"93.184.215.14", "10.0.0.7"}, // one bad address is enough to refuse
		"meta.example":    {"169.254.169.254"},
		"v6local.example": {"fd12::1"},
	}
	cases := []struct {
		url          string
		allowPrivate bool
		ok           bool
	}{
		{"https://public.example/hook", false, true},
		{"https://mixed.example/hook", false, false},
		{"http://meta.example/", false, false},
		{"http://v6local.example/", false, false},
		{"http://nowhere.example/", false, false},
		{"http://127.0.0.1/", false, false},
		{"http://[::1]/", false, false},
		{"http://[::ffff:10.0.0.1]/", false, false},
		{"http://100.64.0.1/", false, false},
		{"http://0.0.0.0/", false, false},
		{"http://localhost:8080/", false, false},
		{"http://user:pw@public.example/", false, false},
		{"file:///etc/passwd", false, false},
		{"/relative", false, false},
		{"http://127.0.0.1/", true, true},
		{"ftp://127.0.0.1/", true, false},
	}
	for _, c := range cases {
		t.Run(c.url, func(t *testing.T) {
			err := Guard{AllowPrivate: c.allowPrivate, Resolver: res}.CheckURL(context.Background(), c.url)
			if (err == nil) != c.ok {
				t.Fatalf("CheckURL = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

func TestDialControlBlocksRebinding(t *testing.T) {
	// The dial-time check sees the address actually connected to, whatever
	// DNS said at submit.
	g := Guard{}
	for addr, ok := range map[string]bool{"127.0.0.1:80": false, "[fd00::1]:443": false, "169.254.169.254:80": false, "93.184.215.14:443": true} {
		if err := g.dialControl("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("%s: %v", addr, err)
		}
	}
	// And a real client refuses a loopback receiver when private is off.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c := NewClient("k", Guard{Resolver: fakeResolver{}}, time.Second)
	c.Guard.AllowPrivate = false
	out := c.Deliver(context.Background(), srv.URL, []byte(`{}`))
	if out.Err == nil || out.Retryable || !errors.Is(out.Err, ErrForbiddenAddress) {
		t.Fatalf("loopback delivery = %+v", out)
	}
}

func TestDeliverVerdicts(t *testing.T) {
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
	// RFC 4231 test case 2.
	got := Sign("Jefe", []byte("what do ya want for nothing?"))
	if got != "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatal(got)
	}
}
