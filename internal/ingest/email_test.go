package ingest

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

func TestEML(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	pdf, _ := fixture.TextPDF([][]string{{"Attached invoice INV-77"}})
	eml := fixture.EML("Ada <ada@example.com>", "Bob <bob@example.com>", "Cy <cy@example.com>", "Rechnung März",
		"Tue, 4 Mar 2025 10:00:00 +0100", "Please find the invoice attached.",
		fixture.Attachment{Name: "inv.pdf", Type: "application/pdf", Data: pdf},
		fixture.Attachment{Name: "inv.pdf", Type: "text/plain", Data: []byte("second file with the same name")},
		fixture.Attachment{Name: "sig.p7s", Type: "application/pkcs7-signature", Data: []byte{0x30, 0x82, 0x01, 0x00, 0x06, 0x09}},
	)
	files, err := l.Load(context.Background(), Input{Name: "mail.eml", Data: eml})
	if err != nil {
		t.Fatal(err)
	}
	want := "mail.eml/message.txt,mail.eml/inv.pdf,mail.eml/inv-2.pdf"
	if got := strings.Join(names(files), ","); got != want {
		t.Fatalf("members %s, want %s", got, want)
	}
	msg := files[0].Layout.Text
	for _, s := range []string{"From: Ada <ada@example.com>", "To: Bob", "Cc: Cy", "Subject: Rechnung März", "Date: Tue, 4 Mar 2025", "invoice attached"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message lacks %q: %q", s, msg)
		}
	}
	if !strings.Contains(files[1].Layout.Text, "INV-77") || files[1].MediaType != "application/pdf" {
		t.Errorf("attachment = %s %q", files[1].MediaType, files[1].Layout.Text)
	}
	if len(files[0].Skipped) != 1 || files[0].Skipped[0].Code != problem.UnsupportedFile {
		t.Errorf("skipped = %+v", files[0].Skipped)
	}
}

func TestEmailRefusals(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	cases := []struct {
		name, file string
		data       []byte
		code       string
	}{
		{"msg that is not a compound file", "x.msg", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), problem.UnsupportedFile},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := l.Load(context.Background(), Input{Name: c.file, Data: c.data})
			if _, ok := problem.As(err); !ok {
				t.Fatalf("err = %v, want a problem", err)
			}
		})
	}
}

// TestMSGCorpus reads the real Outlook messages of the shared corpus (no
// MSG writer exists in Go, so generated fixtures cannot cover it).
func TestMSGCorpus(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(corpusDir + "/fake-email-attachment.msg")
	if err != nil {
		t.Skipf("corpus absent: %v", err)
	}
	msg, err := ParseMSG(data, 1<<20, 10)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Subject == "" || !strings.Contains(msg.From, "@") || msg.To == "" || msg.Date == "" {
		t.Errorf("headers = %+v", msg)
	}
	if len(msg.Attachments) != 1 || msg.Attachments[0].Name != "fake-attachment.txt" || !strings.Contains(string(msg.Attachments[0].Data), "fake attachment") {
		t.Errorf("attachments = %+v", msg.Attachments)
	}
}
