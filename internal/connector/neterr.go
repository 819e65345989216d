package connector

import (
	"errors"
	"net"
	"net/url"
	"syscall"
)

// IsNetwork reports whether err says the store could not be reached: a
// name that does not resolve, a refused or reset connection, a timeout.
// Drivers call it after their SDK-specific checks, so an HTTP answer from
// the store is never mistaken for a network failure.
func IsNetwork(err error) bool {
	if err == nil {
		return false
	}
	var dns *net.DNSError
	var op *net.OpError
	if errors.As(err, &dns) || errors.As(err, &op) {
		return true
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var ue *url.Error
	return errors.As(err, &ue) && IsNetwork(ue.Err)
}
