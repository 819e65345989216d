package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

func assertProblem(t *testing.T, err error, code, filename string) {
	t.Helper()
	p, ok := problem.As(err)
	if !ok {
		t.Fatalf("err = %v, want problem %s", err, code)
	}
	if p.Code != code {
		t.Fatalf("code = %s (%s), want %s", p.Code, p.Detail, code)
	}
	if fn, _ := p.Extensions["filename"].(string); !strings.HasPrefix(fn, filename) {
		t.Fatalf("filename = %v, want %s", p.Extensions["filename"], filename)
	}
}

func names(files []*File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

func TestArchives(t *testing.T) {
	t.Parallel()
	l := newTestLoader(t)
	pdf, _ := fixture.TextPDF([][]string{{"Invoice INV-9 total 10 EUR"}})
	inner := fixture.Zip([2]string{"deep/note.txt", "inner note text"})
	cases := []struct {
		name, file string
		data       []byte
		want       []string // member names, in order
		contains   string
	}{
		{"zip with pdf and text", "pack.zip", fixture.Zip([2]string{"invoice.pdf", string(pdf)}, [2]string{"notes/readme.txt", "hello notes"}),
			[]string{"pack.zip/invoice.pdf", "pack.zip/notes/readme.txt"}, "INV-9"},
		{"nested zip", "outer.zip", fixture.Zip([2]string{"inner.zip", string(inner)}),
			[]string{"outer.zip/inner.zip/deep/note.txt"}, "inner note"},
		{"tar", "a.tar", fixture.Tar([2]string{"x.txt", "tar member text"}, [2]string{"link@link", "/etc/passwd"}),
			[]string{"a.tar/x.txt"}, "tar member"},
		{"tar.gz", "a.tar.gz", fixture.Gzip("a.tar", fixture.Tar([2]string{"y.csv", "a,b\n1,2\n"})),
			[]string{"a.tar.gz/y.csv"}, "a b"},
		{"plain gzip", "report.txt.gz", fixture.Gzip("report.txt", []byte("gzipped report body")),
			[]string{"report.txt.gz/report.txt"}, "gzipped report"},
		{"traversal names and symlinks skipped", "evil.zip",
			fixture.ZipWithSymlink("passwd", "/etc/passwd", [2]string{"../../escape.txt", "bad"}, [2]string{"/abs.txt", "bad"}, [2]string{"ok.txt", "good file"}),
			[]string{"evil.zip/ok.txt"}, "good file"},
		{"unsupported member left out", "mixed.zip", fixture.Zip([2]string{"tool.bin", "\x00\x01\x02\xff\xfe\x00"}, [2]string{"a.txt", "kept text"}),
			[]string{"mixed.zip/a.txt"}, "kept"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: c.file, Data: c.data})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(names(files), ","); got != strings.Join(c.want, ",") {
				t.Fatalf("members = %s, want %s", got, strings.Join(c.want, ","))
			}
			if !strings.Contains(files[0].Layout.Text, c.contains) {
				t.Fatalf("text %q lacks %q", files[0].Layout.Text, c.contains)
			}
			if files[0].Source != c.file {
				t.Fatalf("source = %s", files[0].Source)
			}
		})
	}
}

func TestArchiveLimits(t *testing.T) {
	t.Parallel()
	nest := func(depth int) []byte {
		data := fixture.Zip([2]string{"leaf.txt", "leaf"})
		for i := 0; i < depth; i++ {
			data = fixture.Zip([2]string{"level.zip", string(data)})
		}
		return data
	}
	cases := []struct {
		name  string
		data  []byte
		tweak func(*Limits)
		code  string
	}{
		{"zip bomb ratio", fixture.ZipBomb(20 << 20), nil, problem.LimitExceeded},
		{"member larger than MaxEntryBytes", fixture.ZipBomb(3 << 20), func(l *Limits) { l.MaxEntryBytes = 1 << 20; l.MaxRatio = 0 }, problem.LimitExceeded},
		{"total bytes", fixture.Zip([2]string{"a.txt", strings.Repeat("a", 4000)}, [2]string{"b.txt", strings.Repeat("b", 4000)}), func(l *Limits) { l.MaxTotalBytes = 6000 }, problem.LimitExceeded},
		{"too many entries", fixture.ManyEntries(60), nil, problem.LimitExceeded},
		{"too deep", nest(4), nil, problem.ArchiveExtractionFailed},
		{"gzip bomb", fixture.Gzip("z.txt", make([]byte, 30<<20)), nil, problem.LimitExceeded},
		{"not a zip", []byte("PK\x03\x04garbage"), nil, problem.ArchiveExtractionFailed},
		{"only unreadable members", fixture.Zip([2]string{"x.bin", "\x00\x01\x02\xff"}), nil, problem.ArchiveExtractionFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			l := newTestLoader(t)
			if c.tweak != nil {
				c.tweak(&l.Env.Limits)
			}
			_, err := l.Load(context.Background(), Input{Name: "pack.zip", Data: c.data})
			assertProblem(t, err, c.code, "pack.zip")
		})
	}
	t.Run("depth 3 is allowed", func(t *testing.T) {
		t.Parallel()
		files, err := newTestLoader(t).Load(context.Background(), Input{Name: "pack.zip", Data: nest(2)})
		if err != nil || len(files) != 1 || files[0].Name != "pack.zip/level.zip/level.zip/leaf.txt" {
			t.Fatalf("files %v err %v", names(files), err)
		}
	})
}
