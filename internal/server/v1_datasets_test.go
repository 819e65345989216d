package server_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/quarrydev/quarry/internal/apikey"
	"github.com/quarrydev/quarry/internal/billing"
	"github.com/quarrydev/quarry/internal/export"
	"github.com/quarrydev/quarry/internal/store"
	"github.com/quarrydev/quarry/internal/tenant"
)

// datasetPII are the personal-data values the uploaded invoices carry.
// A dataset built with masking may hold none of them, in any format.
var datasetPII = []string{"ayse.yilmaz@example.com", "+90 532 123 45 67", "TR33 0006 1005 1978 6457 8413 26",
	"TR330006100519786457841326", "mehmet.kaya@example.org", "10000000146"}

// piiInvoice is a plain-text invoice with a customer's contact details.
func piiInvoice(number, email, extra string) []byte {
	return []byte("INVOICE\nInvoice number: " + number + "\nInvoice date: 2026-11-02\nDue date: 2026-12-02\n" +
		"Seller: Anadolu Kırtasiye Ltd. Şti.\nSeller VAT: TR1234567890\nBuyer: Ayşe Yılmaz\n" +
		"E-mail: " + email + "\nPhone: +90 532 123 45 67\nIBAN: TR33 0006 1005 1978 6457 8413 26\n" + extra +
		"Description Qty Unit price Amount\nA4 paper 10 125.00 1250.00\n" +
		"Subtotal: 1250.00 TRY\nVAT 20%: 250.00 TRY\nTotal: 1500.00 TRY\n")
}

// TestV1DatasetNewcomerPath is the "done when": process
// documents, build a dataset of grade B and above, poll its job, read
// its profile and rows, and download it in every format; no original
// personal-data value appears in any export. On SQLite and PostgreSQL.
func TestV1DatasetNewcomerPath(t *testing.T) {
	t.Parallel()
	for name, url := range dbBackends {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			datasetNewcomerPath(t, url)
		})
	}
}

func datasetNewcomerPath(t *testing.T, dbURL func(*testing.T, string) string) {
	a, ts := asyncAppOn(t, dbURL, 2, nil, nil)
	ctx := context.Background()
	if err := a.Store.WorkspaceEnsure(ctx, store.WorkspaceEnsureParams{ID: "acme", Plan: billing.PlanPro}); err != nil {
		t.Fatal(err)
	}
	key, _, _ := apikey.Service{Store: a.Store}.Create(ctx, "acme", "", tenant.RoleMember)
	time.Sleep(2100 * time.Millisecond) // the server rechecks for stored keys every 2 s

	files := map[string][]byte{
		"inv-1.txt": piiInvoice("INV-2026-001", "ayse.yilmaz@example.com", ""),
		"inv-2.txt": piiInvoice("INV-2026-002", "mehmet.kaya@example.org", "Customer TCKN: 10000000146\n"),
	}
	_, env := upload(t, ts.URL, key, files, "inv-1.txt", "inv-2.txt")
	var jobIDs []string
	for _, j := range dataOf(env)["jobs"].([]any) {
		id := j.(map[string]any)["job_id"].(string)
		jobIDs = append(jobIDs, id)
		if got := waitJob(t, ts.URL, key, id); got["status"] != "completed" {
			t.Fatalf("job %s = %v", id, got)
		}
	}
	grades := map[string]bool{}
	for _, id := range jobIDs {
		_, _, env := v1Call(t, "GET", ts.URL+"/v1/jobs/"+id, key, nil)
		q, _ := dataOf(env)["quality"].(map[string]any)
		grades[q["grade"].(string)] = true
	}

	// Build grade B and above; the answer is a job to poll.
	st, _, env := v1Call(t, "POST", ts.URL+"/v1/datasets", key, map[string]any{"name": "Q4 invoices", "filter": map[string]any{"min_grade": "B"}})
	if st != http.StatusAccepted || env["status"] != "accepted" {
		t.Fatalf("build = %d %v", st, env)
	}
	build := dataOf(env)
	poll := env["meta"].(map[string]any)["poll"].(string)
	if build["job_type"] != "dataset_build" || poll != "/v1/jobs/"+build["job_id"].(string) {
		t.Fatalf("build answer = %v %v", build, env["meta"])
	}
	job := waitJob(t, ts.URL, key, build["job_id"].(string))
	sum, _ := job["dataset_summary"].(map[string]any)
	dsID, _ := sum["dataset_id"].(string)
	if job["status"] != "completed" || dsID != build["dataset_id"] || sum["slug"] != "q4-invoices" || sum["version"] != float64(1) {
		t.Fatalf("build job = %v", job)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/jobs?job_type=dataset_build&status=completed", key, nil)
	if l := dataOf(env); l["total"] != float64(1) || l["items"].([]any)[0].(map[string]any)["job_type"] != "dataset_build" {
		t.Fatalf("build jobs list = %v", l)
	}
	wantRows := 0
	for g := range grades {
		if g == "A" || g == "B" {
			wantRows = 2 // both invoices share a grade: same layout
		}
	}
	if sum["row_count"] != float64(wantRows) {
		t.Fatalf("row_count = %v; grades of the uploads %v", sum["row_count"], grades)
	}
	if wantRows == 0 {
		t.Fatalf("the invoices graded %v: the scenario needs grade B or better", grades)
	}

	// The dataset, its profile and its rows.
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID, key, nil)
	files2, _ := dataOf(env)["format_summary"].(map[string]any)["files"].(map[string]any)
	if dataOf(env)["status"] != "ready" || len(files2) != 9 {
		t.Fatalf("dataset = %v", dataOf(env))
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/profile", key, nil)
	prof := dataOf(env)
	if prof["row_count"] != float64(2) || prof["pii_type_summary"].(map[string]any)["email"] != float64(2) {
		t.Fatalf("profile = %v", prof)
	}
	if regs := prof["applicable_regulations"].([]any); len(regs) < 2 || !strings.Contains(strings.Join(toStrings(prof["applicable_regulations"]), ","), "KVKK") {
		t.Fatalf("applicable_regulations = %v", regs)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/rows?page_size=1&q=INV-2026-002", key, nil)
	rows := dataOf(env)
	pg := rows["pagination"].(map[string]any)
	if pg["total_rows"] != float64(2) || pg["filtered_total"] != float64(1) || pg["returned_rows"] != float64(1) || pg["has_next"] != false ||
		rows["dataset_slug"] != "q4-invoices" || rows["query"] != "INV-2026-002" {
		t.Fatalf("rows = %v", rows)
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets?source_execution_id=exec_"+strings.TrimPrefix(jobIDs[0], "job_"), key, nil)
	if dataOf(env)["total"] != float64(1) {
		t.Fatalf("list by source execution = %v", dataOf(env))
	}
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/jobs/"+jobIDs[0], key, nil)
	if dataOf(env)["has_dataset"] != true {
		t.Fatalf("the processing job does not know its dataset: %v", dataOf(env)["has_dataset"])
	}

	// Every format, by path and by query, with the download headers.
	for _, f := range export.Formats() {
		for _, path := range []string{"/export/" + f.ID, "/export?format=" + f.ID} {
			req, _ := http.NewRequest("GET", ts.URL+"/v1/datasets/"+dsID+path, nil)
			req.Header.Set("X-API-KEY", key)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", path, res.StatusCode, body)
			}
			if res.Header.Get("Content-Type") != f.ContentType ||
				res.Header.Get("Content-Disposition") != `attachment; filename="q4-invoices.`+f.Ext+`"` {
				t.Fatalf("%s headers: %v", path, res.Header)
			}
			text := exportText(t, f.ID, body)
			if !strings.Contains(text, "INV-2026-00") {
				t.Fatalf("%s holds no invoice number: the check below would prove nothing", path)
			}
			for _, v := range datasetPII {
				if strings.Contains(text, v) {
					t.Errorf("%s export holds %q", f.ID, v)
				}
			}
		}
	}
	// The compliance report, both ways.
	_, _, env = v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID+"/compliance-report", key, nil)
	if rep := dataOf(env); rep["dataset_id"] != dsID || rep["pii_findings_count"].(float64) < 6 || len(rep["kvkk_categories"].([]any)) == 0 {
		t.Fatalf("compliance report = %v", rep)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/v1/datasets/"+dsID+"/compliance-report?format=pdf", nil)
	req.Header.Set("X-API-KEY", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("compliance PDF = %d %q", res.StatusCode, pdf[:min(len(pdf), 40)])
	}

	// A rebuild is version 2; deleting removes the dataset.
	st, _, env = v1Call(t, "POST", ts.URL+"/v1/datasets/build-from-execution/exec_"+strings.TrimPrefix(jobIDs[0], "job_"), key, map[string]any{"slug": "one"})
	if st != http.StatusAccepted {
		t.Fatalf("build-from-execution = %d %v", st, env)
	}
	if j := waitJob(t, ts.URL, key, dataOf(env)["job_id"].(string)); j["dataset_summary"].(map[string]any)["row_count"] != float64(1) {
		t.Fatalf("single-execution build = %v", j)
	}
	if st, _, _ := v1Call(t, "DELETE", ts.URL+"/v1/datasets/"+dsID, key, nil); st != http.StatusNoContent {
		t.Fatalf("delete = %d", st)
	}
	if st, _, _ := v1Call(t, "GET", ts.URL+"/v1/datasets/"+dsID, key, nil); st != http.StatusNotFound {
		t.Fatalf("deleted dataset answers %d", st)
	}
	if st, _, _ := v1Call(t, "POST", ts.URL+"/v1/datasets", key, map[string]any{"name": "x"}); st != http.StatusUnprocessableEntity {
		t.Fatalf("a build without a source answers %d", st)
	}
}

// exportText is an export's text to search: zip archives (xlsx, hf) are
// opened and every entry read; Parquet, whose pages are compressed, is
// decoded cell by cell; JSON is decoded so escaped characters compare as
// written.
func exportText(t *testing.T, format string, body []byte) string {
	t.Helper()
	if bytes.HasPrefix(body, []byte("PAR1")) {
		return parquetText(t, body)
	}
	if bytes.HasPrefix(body, []byte("PK")) {
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		var sb strings.Builder
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(io.LimitReader(rc, 64<<20))
			rc.Close()
			sb.Write(b)
			sb.WriteByte('\n')
		}
		return sb.String()
	}
	var sb strings.Builder
	sb.Write(body)
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		var v any
		if dec.Decode(&v) != nil {
			break
		}
		b, _ := json.Marshal(v)
		sb.WriteString(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b)))
	}
	return sb.String()
}

// parquetText reads every cell of a Parquet file with arrow-go's reader.
func parquetText(t *testing.T, body []byte) string {
	t.Helper()
	pf, err := file.NewParquetReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parquet: %v", err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		t.Fatalf("parquet: %v", err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("parquet: %v", err)
	}
	defer tbl.Release()
	var sb strings.Builder
	for i := 0; i < int(tbl.NumCols()); i++ {
		for _, ch := range tbl.Column(i).Data().Chunks() {
			for j := 0; j < ch.Len(); j++ {
				sb.WriteString(ch.ValueStr(j))
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}
