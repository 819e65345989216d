package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/config"
	"github.com/quarrydev/quarry/internal/fixture"
)

// redactPDF carries a name, an IBAN, an e-mail and a TCKN as live text.
var redactPDF, _ = fixture.TextPDF([][]string{{
	"Customer statement for March",
	"Name: Ahmet Kaya",
	"IBAN: TR33 0006 1005 1978 6457 8413 26",
	"E-mail: ahmet.kaya@example.com",
	"TCKN: 10000000146",
	"Total due 1250.00 TRY by 15 April",
}})

var redactSecrets = []string{"Ahmet", "Kaya", "TR33", "8413", "ahmet.kaya@example.com", "10000000146"}

func redactJSON(filename string, data []byte, extra string) string {
	if extra != "" {
		extra = "," + extra
	}
	return `{"file":{"filename":"` + filename + `","content_base64":"` + base64.StdEncoding.EncodeToString(data) + `"}` + extra + `}`
}

// pdftotext reads an answer the way its recipient would.
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func noSecrets(t *testing.T, text string) {
	t.Helper()
	for _, s := range redactSecrets {
		if strings.Contains(text, s) {
			t.Errorf("answer still holds %q", s)
		}
	}
}

func TestRedactRoute(t *testing.T) {
	t.Parallel()
	_, ts := testApp(t, func(c *config.Config) { c.Limits.MaxBytes = 1 << 20 })
	zip := fixture.Zip([2]string{"a.txt", "hello"})
	cases := []Scenario{
		{Name: "PDFAnswersTheRedactedFile", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("statement.pdf", redactPDF, ""),
			ExpectedStatus: 200, After: func(t *testing.T, r response) {
				if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
					t.Fatalf("Content-Type %q", ct)
				}
				if !bytes.HasPrefix(r.raw, []byte("%PDF-")) {
					t.Fatal("answer is not a PDF")
				}
				if got := r.header.Get("X-Quarry-Redacted-Types"); !strings.Contains(got, "iban_tr=1") || !strings.Contains(got, "email=1") {
					t.Errorf("X-Quarry-Redacted-Types = %q", got)
				}
				if r.header.Get("X-Quarry-Redacted-Pages") != "1" || !strings.Contains(r.header.Get("Content-Disposition"), "statement.redacted.pdf") {
					t.Errorf("headers %v", r.header)
				}
				text := pdftotext(t, r.raw)
				noSecrets(t, text)
				for _, want := range []string{"[MASKED_IBAN_TR]", "[MASKED_EMAIL]", "Customer", "1250.00"} {
					if !strings.Contains(text, want) {
						t.Errorf("text lacks %q:\n%s", want, text)
					}
				}
			}},
		{Name: "JSONVariantCarriesBase64AndNoValues", Method: "POST", URL: "/api/v1/pii:redact",
			Body:           redactJSON("statement.pdf", redactPDF, `"response":"json","types":["email","iban_tr"],"fill":"#ff0000"`),
			ExpectedStatus: 200, After: func(t *testing.T, r response) {
				var res struct {
					Filename      string `json:"filename"`
					MediaType     string `json:"media_type"`
					ContentBase64 string `json:"content_base64"`
					Redacted      struct {
						Count  int            `json:"count"`
						ByType map[string]int `json:"by_type"`
						Pages  []int          `json:"pages"`
					} `json:"redacted"`
				}
				if err := json.Unmarshal(r.raw, &res); err != nil {
					t.Fatal(err)
				}
				if res.MediaType != "application/pdf" || res.Redacted.Count != 2 || len(res.Redacted.ByType) != 2 || len(res.Redacted.Pages) != 1 {
					t.Errorf("answer %+v", res.Redacted)
				}
				pdf, err := base64.StdEncoding.DecodeString(res.ContentBase64)
				if err != nil {
					t.Fatal(err)
				}
				text := pdftotext(t, pdf)
				if strings.Contains(text, "TR33") || strings.Contains(text, "example.com") || !strings.Contains(text, "Ahmet Kaya") {
					t.Errorf("only the asked-for types are removed:\n%s", text)
				}
				if bytes.Contains(r.raw, []byte("example.com")) {
					t.Error("the JSON answer repeats a value")
				}
			}},
		{Name: "AcceptJSONPicksTheJSONVariant", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("statement.pdf", redactPDF, ""),
			Headers:        map[string]string{"Accept": "application/json"},
			ExpectedStatus: 200, ExpectedContent: []string{`"content_base64":"JVBER`, `"filename":"statement.redacted.pdf"`},
			After: func(t *testing.T, r response) {
				if r.header.Get("Cache-Control") != "no-store" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
					t.Errorf("headers %v", r.header)
				}
			}},
		{Name: "MultipartWithRequestPart", Method: "POST", URL: "/api/v1/pii:redact", ExpectedStatus: 200,
			Headers: map[string]string{"Content-Type": redactMultipartType},
			Body:    redactMultipart(t, `{"mask":"token"}`, "statement.pdf", redactPDF),
			After: func(t *testing.T, r response) {
				text := pdftotext(t, r.raw)
				noSecrets(t, text)
				if !strings.Contains(text, "<EMAIL_1>") {
					t.Errorf("token placeholders missing:\n%s", text)
				}
			}},
		{Name: "TextFileIsMasked", Method: "POST", URL: "/api/v1/pii:redact",
			Body:           redactJSON("people.csv", []byte("name,email\nAhmet Kaya,ahmet.kaya@example.com\n"), ""),
			ExpectedStatus: 200, NotExpectedContent: []string{"ahmet.kaya@example.com"}, ExpectedContent: []string{"name,email\n", "[MASKED_EMAIL]"},
			After: func(t *testing.T, r response) {
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
					t.Errorf("Content-Type %q", ct)
				}
			}},
		{Name: "FieldBoxesAreRemovedToo", Method: "POST", URL: "/api/v1/pii:redact",
			Body:           redactJSON("inv.pdf", pdfBytes, `"response":"json","fields":["invoice_number","no_such_field"]`),
			ExpectedStatus: 200, ExpectedContent: []string{`"field":"invoice_number"`, `"fields_not_found":["no_such_field"]`},
			After: func(t *testing.T, r response) {
				var res struct {
					ContentBase64 string `json:"content_base64"`
				}
				_ = json.Unmarshal(r.raw, &res)
				pdf, _ := base64.StdEncoding.DecodeString(res.ContentBase64)
				text := pdftotext(t, pdf)
				if strings.Contains(text, "INV-2025-001") || !strings.Contains(text, "[REDACTED_INVOICE_NUMBER]") || !strings.Contains(text, "Acme") {
					t.Errorf("field not removed from the text layer:\n%s", text)
				}
			}},
		{Name: "ExtractionOptionAddsTheRedactedFile", Method: "POST", URL: "/api/v1/extract",
			Body: `{"files":[{"filename":"statement.pdf","content_base64":"` + base64.StdEncoding.EncodeToString(redactPDF) +
				`"}],"options":{"pii":{"redact":true,"mask":"token"}}}`,
			ExpectedStatus: 200, ExpectedContent: []string{`"redacted":{"media_type":"application/pdf"`},
			After: func(t *testing.T, r response) {
				var res struct {
					Files []struct {
						MaskedText *string `json:"masked_text"`
						Redacted   struct {
							ContentBase64 string `json:"content_base64"`
							Summary       struct {
								ByType map[string]int `json:"by_type"`
							} `json:"summary"`
						} `json:"redacted"`
					} `json:"files"`
				}
				if err := json.Unmarshal(r.raw, &res); err != nil || len(res.Files) != 1 {
					t.Fatalf("%v %s", err, r.raw)
				}
				f := res.Files[0]
				pdf, _ := base64.StdEncoding.DecodeString(f.Redacted.ContentBase64)
				text := pdftotext(t, pdf)
				noSecrets(t, text)
				if f.Redacted.Summary.ByType["iban_tr"] != 1 || !strings.Contains(text, "<EMAIL_1>") || f.MaskedText == nil || !strings.Contains(*f.MaskedText, "<EMAIL_1>") {
					t.Errorf("summary %v, text:\n%s", f.Redacted.Summary.ByType, text)
				}
			}},
		{Name: "BadBase64", Method: "POST", URL: "/api/v1/pii:redact", Body: `{"file":{"filename":"a.pdf","content_base64":"!!!"}}`,
			ExpectedStatus: 422, ExpectedCode: "invalid_base64"},
		{Name: "MissingFile", Method: "POST", URL: "/api/v1/pii:redact", Body: `{"types":["email"]}`,
			ExpectedStatus: 400, ExpectedCode: "invalid_request", ExpectedContent: []string{`"file"`}},
		{Name: "UnknownType", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("a.pdf", redactPDF, `"types":["shoe_size"]`),
			ExpectedStatus: 400, ExpectedCode: "invalid_request", ExpectedContent: []string{"shoe_size"}},
		{Name: "MisspeltOption", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("a.pdf", redactPDF, `"type":["email"]`),
			ExpectedStatus: 400, ExpectedCode: "invalid_request", ExpectedContent: []string{`"type"`}},
		{Name: "BadFillAndDPI", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("a.pdf", redactPDF, `"fill":"tomato","dpi":9000,"output_format":"png"`),
			ExpectedStatus: 400, ExpectedCode: "invalid_request", ExpectedContent: []string{"fill", "dpi", "output_format"}},
		{Name: "EmptyFile", Method: "POST", URL: "/api/v1/pii:redact", Body: `{"file":{"filename":"a.pdf","content_base64":""}}`,
			ExpectedStatus: 400, ExpectedCode: "invalid_request"},
		{Name: "ArchiveIsUnsupported", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("a.zip", zip, ""),
			ExpectedStatus: 422, ExpectedCode: "unsupported_file"},
		{Name: "CorruptPDF", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("bad.pdf", []byte("%PDF-1.4\n1 0 obj garbage"), ""),
			ExpectedStatus: 422, ExpectedCode: "corrupt_pdf"},
		{Name: "TooLarge", Method: "POST", URL: "/api/v1/pii:redact", Body: redactJSON("big.pdf", bytes.Repeat([]byte("x"), 2<<20), ""),
			ExpectedStatus: 413, ExpectedCode: "file_too_large"},
		{Name: "NotJSON", Method: "POST", URL: "/api/v1/pii:redact", Headers: map[string]string{"Content-Type": "text/plain"}, Body: "hello",
			ExpectedStatus: 400, ExpectedCode: "invalid_request"},
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			c.Run(t, ts)
		})
	}
}

const redactBoundary = "redact-boundary"

var redactMultipartType = "multipart/form-data; boundary=" + redactBoundary

func redactMultipart(t *testing.T, request, filename string, data []byte) string {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if err := mw.SetBoundary(redactBoundary); err != nil {
		t.Fatal(err)
	}
	_ = mw.WriteField("request", request)
	fw, err := mw.CreateFormFile("file", filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	return b.String()
}
