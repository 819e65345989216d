package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/store"
)

func llmSettingsCases() []testCase {
	return []testCase{
		{"LLMSettingsPerWorkspace", testLLMSettings},
		{"FineTuneRoundTrip", testFineTune},
	}
}

func testLLMSettings(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.LLMSettingsGet(ctx, "ws_a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get before put: %v", err)
	}
	at := time.Date(2026, 3, 1, 10, 0, 0, 123000, time.UTC)
	in := &store.LLMSetting{WorkspaceID: "ws_a", Provider: "openai", Model: "gpt-4o", BaseURL: "https://llm.example/v1",
		SealedKey: "v1:abc", UpdatedAt: at, UpdatedBy: "key_1"}
	if err := s.LLMSettingsPut(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.LLMSettingsGet(ctx, "ws_a")
	if err != nil || *got != *in {
		t.Fatalf("get = %+v, %v; want %+v", got, err, in)
	}
	if _, err := s.LLMSettingsGet(ctx, "ws_b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b sees ws_a's settings: %v", err)
	}
	// A second put replaces the row: one per workspace.
	in2 := &store.LLMSetting{WorkspaceID: "ws_a", Provider: "anthropic", Model: "claude-haiku-4-5", UpdatedAt: at.Add(time.Minute)}
	if err := s.LLMSettingsPut(ctx, in2); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.LLMSettingsGet(ctx, "ws_a"); got == nil || *got != *in2 {
		t.Fatalf("after replace: %+v", got)
	}
	if err := s.LLMSettingsDelete(ctx, "ws_b"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delete of none: %v", err)
	}
	if err := s.LLMSettingsDelete(ctx, "ws_a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LLMSettingsGet(ctx, "ws_a"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("get after delete: %v", err)
	}
}

func testFineTune(t *testing.T, s store.Store) {
	ctx := context.Background()
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	f := &store.FineTune{ID: "ft_1", WorkspaceID: "ws_a", DatasetID: "ds_1", DatasetVersion: 2, BaseModel: "gpt-4o-mini",
		Suffix: "inv", ProviderJobID: "ftjob-1", FileID: "file-1", Status: "queued", CreatedAt: at, UpdatedAt: at}
	if err := s.FineTuneInsert(ctx, f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FineTuneGet(ctx, "ws_b", "ft_1"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b reads ws_a's job: %v", err)
	}
	f.Status, f.FineTunedModel, f.UpdatedAt = "succeeded", "ft:gpt-4o-mini:acme:inv:1", at.Add(time.Hour)
	other := *f
	other.WorkspaceID = "ws_b"
	if err := s.FineTuneUpdate(ctx, &other); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ws_b updated ws_a's job: %v", err)
	}
	if err := s.FineTuneUpdate(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := s.FineTuneGet(ctx, "ws_a", "ft_1")
	if err != nil || *got != *f {
		t.Fatalf("get = %+v, %v; want %+v", got, err, f)
	}
}
