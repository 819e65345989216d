package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"
)

// SignatureHeader carries the body's HMAC (name kept from the reference
// so existing receivers verify Quarry's deliveries unchanged).
const SignatureHeader = "X-Flydocs-Signature"

// Sign returns "sha256=<hex HMAC-SHA256 of body keyed by secret>".
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// PlatformSignatureHeader carries the /v1 platform's signature: the
// lowercase hex HMAC-SHA256 of the raw body, with no prefix.
const PlatformSignatureHeader = "X-Flexorch-Signature"

// SignHex returns the lowercase hex HMAC-SHA256 of body keyed by secret.
func SignHex(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Verify checks a signature header in constant time (receivers and tests).
func Verify(secret string, body []byte, header string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(header))
}

// Client posts envelopes.
type Client struct {
	Secret string
	Guard  Guard
	HTTP   *http.Client
}

// NewClient returns a client whose connections pass the guard (resolved
// through its resolver, each answer checked, and each socket checked
// again in Control), which follows no redirects (a redirect could point inside the network) and
// uses no proxy.
func NewClient(secret string, g Guard, timeout time.Duration) *Client {
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, c syscall.RawConn) error {
		return g.dialControl(network, address, c)
	}}
	tr := &http.Transport{DialContext: g.dialContext(d), MaxIdleConnsPerHost: 4, IdleConnTimeout: 60 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: timeout}
	return &Client{Secret: secret, Guard: g, HTTP: &http.Client{
		Transport: tr, Timeout: timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Outcome is the verdict of one delivery attempt.
type Outcome struct {
	Status    int  // HTTP status, 0 when no response
	Retryable bool // 5xx, 429, network errors
	Err       error
}

// Deliver posts body to url once, signed with the client's secret.
func (c *Client) Deliver(ctx context.Context, url string, body []byte) Outcome {
	return c.DeliverSigned(ctx, url, body, SignatureHeader, Sign(c.Secret, body))
}

// DeliverSigned posts body to url once with the given signature header.
func (c *Client) DeliverSigned(ctx context.Context, url string, body []byte, header, signature string) Outcome {
	if err := c.Guard.CheckURL(ctx, url); err != nil {
		// Re-checked at delivery: a host may now resolve somewhere else. A
		// forbidden address or a malformed URL will not get better; a
		// failed lookup may.
		return Outcome{Err: err, Retryable: !errors.Is(err, ErrForbiddenAddress) && !errors.Is(err, ErrInvalidURL)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Outcome{Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Quarry-Webhook/1")
	req.Header.Set(header, signature)
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return Outcome{Err: err, Retryable: !errors.Is(err, ErrForbiddenAddress)}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return Outcome{Status: resp.StatusCode}
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return Outcome{Status: resp.StatusCode, Retryable: true, Err: fmt.Errorf("receiver answered %d", resp.StatusCode)}
	default:
		return Outcome{Status: resp.StatusCode, Err: fmt.Errorf("receiver answered %d (permanent)", resp.StatusCode)}
	}
}
