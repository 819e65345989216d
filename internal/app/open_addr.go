package app

import (
	"context"
	"fmt"
	"net"
)

// ListenAddr decides where a server may listen. With a key configured
// or stored, anywhere. With none, the API is open to whoever reaches it,
// so Quarry keeps it on loopback: an address without a host (the default
// ":8080") becomes 127.0.0.1 on the same port, and an explicit
// non-loopback host is refused, unless allowOpen says the operator
// means it. note tells the operator what was decided.
func ListenAddr(addr string, authOn, allowOpen bool) (listen, note string, err error) {
	if authOn {
		return addr, "", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", "", fmt.Errorf("listen address %q: %w", addr, err)
	}
	switch {
	case isLoopback(host):
		return addr, "no API key exists: the API is open, on loopback only", nil
	case allowOpen:
		return addr, "no API key exists and QUARRY_ALLOW_OPEN is set: the API is open to the network", nil
	case host == "":
		return net.JoinHostPort("127.0.0.1", port), "no API key exists: serving open on 127.0.0.1 only; create one (quarry keys create --workspace W) or set QUARRY_ALLOW_OPEN=true to listen on every interface", nil
	}
	return "", "", fmt.Errorf("refusing to serve an API without keys on %s: create a key (quarry keys create --workspace W), listen on loopback, or set QUARRY_ALLOW_OPEN=true", addr)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// AuthOn reports whether any credential exists: a configured or stored
// API key, or an account (the server then requires one on every call).
func (a *App) AuthOn(ctx context.Context) (bool, error) {
	if len(a.Config.APIKeys) > 0 {
		return true, nil
	}
	n, err := a.Store.APIKeyCount(ctx)
	if err != nil || n > 0 {
		return n > 0, err
	}
	u, err := a.Store.UserCount(ctx)
	return u > 0, err
}
