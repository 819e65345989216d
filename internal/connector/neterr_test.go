package connector

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"
)

func TestIsNetwork(t *testing.T) {
	t.Parallel()
	// A port nobody listens on: take a free one and close it.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	_, refused := http.Get("http://" + addr + "/")
	if !IsNetwork(refused) {
		t.Fatalf("connection refused not seen as network: %v", refused)
	}
	if !IsNetwork(fmt.Errorf("wrapped: %w", &net.DNSError{Err: "no such host", Name: "nope.invalid", IsNotFound: true})) {
		t.Fatal("DNS failure not seen as network")
	}
	if IsNetwork(errors.New("AccessDenied")) || IsNetwork(nil) {
		t.Fatal("a plain error is not a network failure")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	if KindOf(ctx.Err()) != KindNetwork {
		t.Fatal("a deadline counts as network")
	}
}
