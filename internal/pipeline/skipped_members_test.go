package pipeline

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/api/wiretest"
	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/ingest"
	"github.com/quarrydev/quarry/internal/problem"
)

// TestRefusedMembersAreOnTheWire: archive members refused unread (a name
// climbing out of the archive, a symlink) are listed in the first file's
// skipped_members with the rule that refused them, next to the member
// that was read, and the answer still matches the contract.
func TestRefusedMembersAreOnTheWire(t *testing.T) {
	t.Parallel()
	data := fixture.ZipWithSymlink("passwd", "/etc/passwd",
		[2]string{"../evil.txt", "this must never be read"},
		[2]string{"notes.txt", "Invoice INV-9 from Acme Trading Ltd, total 12,00 EUR"})
	res, err := newEngine(t).Run(context.Background(), "ext_zip",
		&api.ExtractRequest{Files: []api.FileInput{{Filename: "bundle.zip", Data: data}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 1 || res.Files[0].Filename != "bundle.zip/notes.txt" {
		t.Fatalf("files = %+v, want only the readable member", res.Files)
	}
	want := map[string]string{"bundle.zip/../evil.txt": ingest.DropPathTraversal, "bundle.zip/passwd": ingest.DropLink}
	got := map[string]string{}
	for _, s := range res.Files[0].SkippedMembers {
		got[s.Filename] = s.Reason
		if s.Code != problem.ArchiveExtractionFailed || !strings.Contains(s.Detail, s.Filename) {
			t.Errorf("skipped member %+v: want code %s and a detail naming it", s, problem.ArchiveExtractionFailed)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("skipped_members = %+v, want %v", res.Files[0].SkippedMembers, want)
	}
	for name, reason := range want {
		if got[name] != reason {
			t.Errorf("skipped member %q has reason %q, want %q", name, got[name], reason)
		}
	}
	body, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"reason":"path_traversal"`) {
		t.Fatalf("wire body lacks the reason: %s", body)
	}
	wiretest.Validate(t, "ExtractionResult", body)
}

// TestArchiveOfRefusedMembersOnlyCountsThem: an archive whose every member
// was refused fails as unreadable, and says how many members it left out.
func TestArchiveOfRefusedMembersOnlyCountsThem(t *testing.T) {
	t.Parallel()
	data := fixture.ZipWithSymlink("passwd", "/etc/passwd", [2]string{"../evil.txt", "bad"})
	_, err := newEngine(t).Run(context.Background(), "ext_zip",
		&api.ExtractRequest{Files: []api.FileInput{{Filename: "evil.zip", Data: data}}})
	p, ok := problem.As(err)
	if !ok || p.Code != problem.ArchiveExtractionFailed || !strings.Contains(p.Detail, "2 members left out") {
		t.Fatalf("err = %v, want archive_extraction_failed counting 2 members", err)
	}
}
