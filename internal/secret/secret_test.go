package secret

import (
	"errors"
	"strings"
	"testing"
)

const (
	keyA = "an-operator-secret-of-32-bytes-or-more"
	keyB = "another-operator-secret-also-long-enough"
)

func TestNewRefusesMissingAndShortKeys(t *testing.T) {
	t.Parallel()
	if _, err := New(""); !errors.Is(err, ErrNoKey) {
		t.Fatalf("empty key: %v", err)
	}
	if _, err := New(strings.Repeat("k", MinKeyBytes-1)); !errors.Is(err, ErrShortKey) {
		t.Fatalf("short key: %v", err)
	}
	if _, err := New(strings.Repeat("k", MinKeyBytes)); err != nil {
		t.Fatalf("32-byte key: %v", err)
	}
}

func TestSealOpen(t *testing.T) {
	t.Parallel()
	a, _ := New(keyA)
	b, _ := New(keyB)
	sealed, err := a.Seal("acme", "llm_api_key", "sk-live-123")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sealed, "v1:") || strings.Contains(sealed, "sk-live") {
		t.Fatalf("sealed form %q", sealed)
	}
	again, _ := a.Seal("acme", "llm_api_key", "sk-live-123")
	if again == sealed {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	flip := func(s string) string { // change one base64 character in the body
		r := []byte(s)
		i := len(r) - 3
		if r[i] == 'A' {
			r[i] = 'B'
		} else {
			r[i] = 'A'
		}
		return string(r)
	}
	cases := []struct {
		name                      string
		box                       *Box
		workspace, purpose, value string
		want                      string // "" means ErrOpen
	}{
		{"same workspace and purpose", a, "acme", "llm_api_key", sealed, "sk-live-123"},
		{"other workspace", a, "globex", "llm_api_key", sealed, ""},
		{"other purpose", a, "acme", "connector_secret", sealed, ""},
		{"other key", b, "acme", "llm_api_key", sealed, ""},
		{"tampered", a, "acme", "llm_api_key", flip(sealed), ""},
		{"truncated", a, "acme", "llm_api_key", sealed[:10], ""},
		{"no version", a, "acme", "llm_api_key", strings.TrimPrefix(sealed, "v1:"), ""},
		{"unknown version", a, "acme", "llm_api_key", "v2:" + strings.TrimPrefix(sealed, "v1:"), ""},
		{"not base64", a, "acme", "llm_api_key", "v1:***", ""},
		{"empty", a, "acme", "llm_api_key", "", ""},
	}
	for _, c := range cases {
		got, err := c.box.Open(c.workspace, c.purpose, c.value)
		switch {
		case c.want == "" && !errors.Is(err, ErrOpen):
			t.Errorf("%s: opened (%q, %v), want ErrOpen", c.name, got, err)
		case c.want != "" && (err != nil || got != c.want):
			t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

// The associated data must keep a workspace/purpose split unambiguous.
func TestBindingIsUnambiguous(t *testing.T) {
	t.Parallel()
	a, _ := New(keyA)
	sealed, _ := a.Seal("ws|x", "p", "v")
	if _, err := a.Open("ws", "x|p", sealed); !errors.Is(err, ErrOpen) {
		t.Fatalf("a shifted separator opened: %v", err)
	}
}
