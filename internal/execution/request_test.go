package execution

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/blob"
	"github.com/quarrydev/quarry/internal/queue"
)

// TestStoredRequestRoundTrip: the request a row keeps names blob keys,
// never file bytes, and loads back to the same request.
func TestStoredRequestRoundTrip(t *testing.T) {
	t.Parallel()
	blobs, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := &api.ExtractRequest{CallbackURL: "https://x.test/hook", Files: []api.FileInput{
		{Filename: "a.txt", ContentBase64: "aGVsbG8=", ContentType: "text/plain", Data: []byte("hello")},
	}}
	raw, err := PersistRequest(ctx, blobs, req)
	if err != nil {
		t.Fatal(err)
	}
	var shape struct {
		Files []map[string]any `json:"files"`
	}
	if err := json.Unmarshal(raw, &shape); err != nil || len(shape.Files) != 1 || shape.Files[0]["content_base64"] != nil ||
		shape.Files[0]["blob_key"] == "" || shape.Files[0]["bytes"] != float64(5) {
		t.Fatalf("stored request = %s (%v)", raw, err)
	}
	got, err := LoadRequest(ctx, blobs, raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 1 || string(got.Files[0].Data) != "hello" || got.Files[0].Filename != "a.txt" ||
		got.Files[0].ContentType != "text/plain" || got.CallbackURL != req.CallbackURL {
		t.Fatalf("loaded = %+v", got)
	}
	if _, err := LoadRequest(ctx, blobs, []byte("{nope")); !queue.IsPermanent(err) {
		t.Fatalf("an unreadable stored request must fail for good, got %v", err)
	}
}

func TestWantsRefine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		raw  string
		want bool
	}{
		{"Asked", `{"options":{"stages":{"bbox_refine":true}},"files":[]}`, true},
		{"NotAsked", `{"files":[]}`, false},
		{"Unreadable", `{`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := wantsRefine([]byte(c.raw)); got != c.want {
				t.Fatalf("wantsRefine(%s) = %v", c.raw, got)
			}
		})
	}
}

func TestUUID4Shape(t *testing.T) {
	t.Parallel()
	u := uuid4()
	if len(u) != 36 || u[14] != '4' || (u[19] != '8' && u[19] != '9' && u[19] != 'a' && u[19] != 'b') {
		t.Fatalf("not a v4 UUID: %s", u)
	}
	if uuid4() == u {
		t.Fatal("UUIDs repeat")
	}
}
