package pipeline

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/api"
	"github.com/quarrydev/quarry/internal/problem"
	"github.com/quarrydev/quarry/internal/tenant"
)

const piiText = `Invoice INV-2025-0042
Customer: Ayşe Yılmaz, TC Kimlik No: 10000000146
IBAN: TR33 0006 1005 1978 6457 8413 26
Contact: ayse.yilmaz@example.com
Total: 1.250,00 TRY`

func TestPIIFindingsAndMasking(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.PIIKey = []byte("test-secret")
	req := &api.ExtractRequest{
		Files:   []api.FileInput{{Filename: "inv.txt", Data: []byte(piiText), ExpectedType: "invoice"}},
		Options: &api.Options{PII: &api.PIIOptions{Mask: "token"}},
	}
	res, err := e.Run(context.Background(), "ext_pii", req)
	if err != nil {
		t.Fatal(err)
	}
	f := res.Files[0]
	var sum struct {
		Count    int            `json:"count"`
		ByType   map[string]int `json:"by_type"`
		Findings []struct {
			Type       string `json:"type"`
			Start, End int
		} `json:"findings"`
	}
	if err := json.Unmarshal(f.PII, &sum); err != nil {
		t.Fatal(err)
	}
	if sum.ByType["national_id_tr"] != 1 || sum.ByType["email"] != 1 || sum.Count < 3 {
		t.Fatalf("pii = %s", f.PII)
	}
	runes := []rune(piiText)
	for _, fd := range sum.Findings {
		if fd.Type == "national_id_tr" && string(runes[fd.Start:fd.End]) != "10000000146" {
			t.Fatalf("TCKN span %d..%d = %q", fd.Start, fd.End, string(runes[fd.Start:fd.End]))
		}
	}
	if f.MaskedText == nil {
		t.Fatal("masked_text missing with masking on")
	}
	for _, secret := range []string{"10000000146", "ayse.yilmaz@example.com", "TR33 0006 1005 1978 6457 8413 26"} {
		if strings.Contains(*f.MaskedText, secret) {
			t.Errorf("masked text still holds %q: %s", secret, *f.MaskedText)
		}
	}
	// Extracted values are masked too, and say they held PII.
	raw, _ := json.Marshal(res.Documents)
	for _, secret := range []string{"10000000146", "TR330006100519786457841326", "ayse.yilmaz@example.com"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("documents still hold %q", secret)
		}
	}
	if !strings.Contains(string(raw), "contains PII") {
		t.Errorf("no field says it held PII: %s", raw)
	}
}

func TestQualityPerFile(t *testing.T) {
	t.Parallel()
	res, err := newEngine(t).Run(context.Background(), "ext_q", &api.ExtractRequest{
		Files: []api.FileInput{{Filename: "inv.txt", Data: []byte(piiText)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var q struct {
		Score float64 `json:"score"`
		Grade string  `json:"grade"`
	}
	if err := json.Unmarshal(res.Files[0].Quality, &q); err != nil {
		t.Fatalf("quality = %s", res.Files[0].Quality)
	}
	if q.Score <= 0 || q.Score > 100 || !strings.Contains("ABCD", q.Grade) || q.Grade == "" {
		t.Fatalf("quality = %+v", q)
	}
	if traceStatus(res)[StagePII] != api.TraceSuccess || traceStatus(res)[StageQuality] != api.TraceSuccess {
		t.Fatalf("trace = %v", traceStatus(res))
	}
}

func TestPIIDisabledAndBadOptions(t *testing.T) {
	t.Parallel()
	req := &api.ExtractRequest{Files: []api.FileInput{{Filename: "a.txt", Data: []byte(piiText)}},
		Options: &api.Options{PII: &api.PIIOptions{Disabled: true}}}
	res, err := newEngine(t).Run(context.Background(), "ext_d", req)
	if err != nil || res.Files[0].PII != nil || traceStatus(res)[StagePII] != api.TraceSkipped {
		t.Fatalf("disabled: %v %s", err, res.Files[0].PII)
	}
	for _, bad := range []*api.PIIOptions{{Mask: "shred"}, {Jurisdictions: []string{"mars"}}, {Types: []string{"blood_type"}}} {
		req.Options.PII = bad
		if p, ok := problem.As(Check(req)); !ok || p.Code != problem.InvalidRequest {
			t.Fatalf("Check(%+v) = %v", bad, p)
		}
	}
}

// TestHashMaskingIsPerWorkspace runs the same text in two workspaces set
// through tenant: hashes join within a workspace and never across.
func TestHashMaskingIsPerWorkspace(t *testing.T) {
	t.Parallel()
	e := newEngine(t)
	e.PIIKey = []byte("test-secret")
	masked := func(workspace string) string {
		t.Helper()
		ctx := tenant.With(context.Background(), tenant.Principal{WorkspaceID: workspace, Role: tenant.RoleMember})
		res, err := e.Run(ctx, "ext_ws", &api.ExtractRequest{
			Files:   []api.FileInput{{Filename: "inv.txt", Data: []byte(piiText)}},
			Options: &api.Options{PII: &api.PIIOptions{Mask: "hash"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Files[0].MaskedText == nil {
			t.Fatal("masked_text missing with masking on")
		}
		return *res.Files[0].MaskedText
	}
	a1, a2, b := masked("ws_a"), masked("ws_a"), masked("ws_b")
	if strings.Contains(a1, "10000000146") || !strings.Contains(a1, "<NATIONAL_ID_TR:") {
		t.Fatalf("not hash-masked: %s", a1)
	}
	if a1 != a2 {
		t.Fatalf("same workspace, different hashes:\n%s\n%s", a1, a2)
	}
	if a1 == b {
		t.Fatalf("two workspaces share hashes: %s", a1)
	}
	// The default workspace (no principal: authentication off) is a
	// workspace like the others.
	if masked(tenant.Default) == a1 {
		t.Fatal("default workspace shares hashes with ws_a")
	}
}
