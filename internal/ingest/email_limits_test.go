package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/problem"
)

// nestedEML builds a message of depth multiparts, each holding the next.
func nestedEML(depth int) []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n")
	for i := 0; i < depth; i++ {
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n", i, i)
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nInvoice No: 1\r\n")
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "--b%d--\r\n", i)
	}
	return []byte(b.String())
}

// flatEML builds one multipart of n text parts.
func flatEML(n int) []byte {
	var b strings.Builder
	b.WriteString("From: a@example.com\r\nSubject: flat\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XyZ\r\n\r\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "--XyZ\r\nContent-Type: text/plain\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--XyZ--\r\n")
	return []byte(b.String())
}

func TestEMLStructureLimits(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
		code string // "" when the message must be read
	}{
		{"NestedWithinLimit", nestedEML(5), ""},
		{"FlatWithinLimit", flatEML(200), ""},
		{"Nested20000", nestedEML(20000), problem.LimitExceeded},
		{"NestedJustOver", nestedEML(MaxMIMEContainers + 1), problem.LimitExceeded},
		{"Flat20000", flatEML(20000), problem.LimitExceeded},
		{"RFC2231BoundaryCountsEveryDashLine", []byte(strings.Replace(string(flatEML(MaxMIMEParts)), "boundary=XyZ", "boundary*0=XyZ", 1)), problem.LimitExceeded},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			members, err := emlUnpacker{}.Unpack(context.Background(), &Env{Limits: DefaultLimits()}, Input{Name: "m.eml", Data: tc.data})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			if tc.code == "" {
				if err != nil || len(members) == 0 {
					t.Fatalf("members = %d, err = %v", len(members), err)
				}
				return
			}
			if p, ok := problem.As(err); !ok || p.Code != tc.code || p.Extensions["filename"] != "m.eml" {
				t.Fatalf("err = %v, want %s naming the file", err, tc.code)
			}
		})
	}
}

func TestEMLStopsOnCancel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		data []byte
	}{
		{"Nested20000", nestedEML(20000)},
		{"LargeBody", append(flatEML(2), strings.Repeat("boundary words and -- dashes\r\n", 1<<20)...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			start := time.Now()
			_, err := emlUnpacker{}.Unpack(ctx, &Env{Limits: DefaultLimits()}, Input{Name: "m.eml", Data: tc.data})
			if d := time.Since(start); d > time.Second {
				t.Errorf("returned after %v, want < 1s", d)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
		})
	}
}
