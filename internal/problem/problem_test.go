package problem

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func TestCatalogueStatuses(t *testing.T) {
	t.Parallel()
	want := map[string]int{
		InvalidRequest: 400, Unauthorized: 401, NotFound: 404, Timeout: 408, NotReady: 409, NotCancellable: 409,
		FileTooLarge: 413, InvalidBase64: 422, ValidationFailed: 422, EncryptedPDF: 422, UnsupportedFile: 422,
		OfficeConversionFailed: 422, ArchiveExtractionFailed: 422, ImageConversionFailed: 422, Unavailable: 503,
	}
	for code, status := range want {
		if got := Status(code); got != status {
			t.Errorf("Status(%s) = %d, want %d", code, got, status)
		}
		if p := New(code, "x"); p.Status != status || p.Code != code || p.Type != TypeBase+code {
			t.Errorf("New(%s) = %+v", code, p)
		}
	}
	if Status("no_such_code") != 500 {
		t.Error("unknown codes must map to 500")
	}
}

func TestWireShape(t *testing.T) {
	t.Parallel()
	p := New(NotReady, "Extraction %s is %s.", "ext_1", "running").With("extraction", map[string]any{"id": "ext_1"})
	raw, _ := json.Marshal(p)
	var m map[string]any
	json.Unmarshal(raw, &m)
	for _, k := range []string{"type", "title", "status", "code", "detail", "instance", "extensions"} {
		if _, ok := m[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, raw)
		}
	}
	if m["instance"] != nil || m["detail"] != "Extraction ext_1 is running." {
		t.Errorf("problem = %s", raw)
	}
}

func TestFromHidesInternals(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("ctx: %w", New(FileTooLarge, "big"))
	if p := From(wrapped); p.Code != FileTooLarge {
		t.Fatalf("wrapped problem lost: %+v", p)
	}
	p := From(errors.New("pq: password authentication failed for user secret"))
	if p.Status != 500 || p.Detail == "pq: password authentication failed for user secret" {
		t.Fatalf("internal error leaked: %+v", p)
	}
	inv := Invalid(FieldError{Path: "files", Message: "required"})
	if inv.Status != 400 || inv.Detail != "files: required" || len(inv.Extensions["errors"].([]FieldError)) != 1 {
		t.Fatalf("Invalid = %+v", inv)
	}
}
