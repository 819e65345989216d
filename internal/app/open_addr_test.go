package app_test

import (
	"testing"

	"github.com/quarrydev/quarry/internal/app"
)

func TestListenAddrKeepsAnOpenAPIOnLoopback(t *testing.T) {
	t.Parallel()
	cases := []struct {
		addr             string
		authOn, allow    bool
		want             string
		refused, noticed bool
	}{
		{addr: ":8080", authOn: true, want: ":8080"},
		{addr: "0.0.0.0:9000", authOn: true, want: "0.0.0.0:9000"},
		{addr: ":8080", want: "127.0.0.1:8080", noticed: true},
		{addr: "127.0.0.1:8080", want: "127.0.0.1:8080", noticed: true},
		{addr: "[::1]:8080", want: "[::1]:8080", noticed: true},
		{addr: "localhost:8080", want: "localhost:8080", noticed: true},
		{addr: "0.0.0.0:8080", refused: true},
		{addr: "10.1.2.3:8080", refused: true},
		{addr: "0.0.0.0:8080", allow: true, want: "0.0.0.0:8080", noticed: true},
		{addr: ":8080", allow: true, want: ":8080", noticed: true},
		{addr: "nonsense", refused: true},
	}
	for _, c := range cases {
		got, note, err := app.ListenAddr(c.addr, c.authOn, c.allow)
		if (err != nil) != c.refused || got != c.want || (note != "") != c.noticed {
			t.Errorf("%+v: got %q, note %q, err %v", c, got, note, err)
		}
	}
}
