package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/quarrydev/quarry/internal/doc"
	"github.com/quarrydev/quarry/internal/fixture"
)

// checkLayout asserts the invariants every reader's layout must keep.
func checkLayout(t *testing.T, l *doc.Layout) {
	t.Helper()
	for i, w := range l.Words {
		if w.Start < 0 || w.End > len(l.Text) || l.Text[w.Start:w.End] != w.Text {
			t.Fatalf("word %d offsets %d..%d do not spell %q", i, w.Start, w.End, w.Text)
		}
		if strings.ContainsAny(w.Text, " \n\f") {
			t.Fatalf("word %d contains a separator: %q", i, w.Text)
		}
	}
	for _, p := range l.Pages {
		for _, tb := range p.Tables {
			for _, c := range tb.Cells {
				if c.FirstWord > c.EndWord || c.EndWord > len(l.Words) {
					t.Fatalf("cell word range %d..%d out of %d", c.FirstWord, c.EndWord, len(l.Words))
				}
			}
		}
	}
}

func fuzzWalker(f *testing.F, seeds [][]byte, walk func([]byte, *nativeWriter) error) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w := newNativeWriter(100)
		_ = walk(data, w)
		checkLayout(t, w.layout())
	})
}

func docxPart(data []byte, name string) []byte {
	z, err := openOfficeZip(&Env{Limits: DefaultLimits()}, Input{Name: "f", Data: data}, "x")
	if err != nil {
		return nil
	}
	b, _ := z.read(name)
	return b
}

func FuzzWalkWordML(f *testing.F) {
	seed := docxPart(fixture.DOCX("Head", []fixture.DocBlock{{Text: "Hello world", PageBreak: true}, {Rows: [][]string{{"a", "b"}}}}), "word/document.xml")
	fuzzWalker(f, [][]byte{seed, []byte("<w:p><w:t>x</w:t></w:p>")}, func(b []byte, w *nativeWriter) error { return WalkWordML(b, w, true) })
}

func FuzzWalkDrawingML(f *testing.F) {
	seed := docxPart(fixture.PPTX([]fixture.Slide{{Texts: []string{"Title"}, Table: [][]string{{"a", "b"}}}}), "ppt/slides/slide1.xml")
	fuzzWalker(f, [][]byte{seed}, WalkDrawingML)
}

func FuzzWalkODF(f *testing.F) {
	seed := docxPart(fixture.ODT([]fixture.DocBlock{{Text: "Hello there"}, {Rows: [][]string{{"a", "b"}}}}), "content.xml")
	fuzzWalker(f, [][]byte{seed, []byte(`<t:table-cell xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" t:number-columns-repeated="99999"><p>x</p></t:table-cell>`)}, WalkODF)
}

func FuzzWalkRTF(f *testing.F) {
	fuzzWalker(f, [][]byte{
		[]byte(`{\rtf1\ansi{\fonttbl{\f0 Arial;}}\pard Stra\'dfe\par\trowd\pard\intbl A\cell B\cell\row\pard x\u8364?\par}`),
		[]byte(`{\rtf1{\*\x}\'`),
	}, WalkRTF)
}

func FuzzWalkXMLText(f *testing.F) {
	fuzzWalker(f, [][]byte{[]byte(`<?xml version="1.0" encoding="UTF-16"?><a><b>x y</b><c/></a>`), []byte("<html><p>x")},
		func(b []byte, w *nativeWriter) error { _, err := WalkXMLText(string(b), w); return err })
}

func FuzzParsePDFTextTSV(f *testing.F) {
	f.Add([]byte("level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
		"1\t1\t0\t0\t0\t0\t0\t0\t612\t792\t-1\t###PAGE###\n4\t1\t0\t0\t0\t0\t72\t72\t100\t12\t-1\t###LINE###\n5\t1\t0\t0\t0\t0\t72\t72\t40\t12\t100\tHello\n"))
	f.Add([]byte("5\t1\t0\t0\t0\t0\tx\ty\t-1\tNaN\t100\tword\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParsePDFTextTSV(data)
		if err != nil {
			return
		}
		checkLayout(t, l)
		for _, w := range l.Words {
			if w.Box.X0 < 0 || w.Box.X1 > 1 || w.Box.Y0 < 0 || w.Box.Y1 > 1 {
				t.Fatalf("box out of [0,1]: %+v", w.Box)
			}
		}
	})
}

func FuzzParseMSG(f *testing.F) {
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	for _, name := range []string{"fake-email.msg", "fake-email-attachment.msg"} {
		if data, err := readCorpus(name); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := ParseMSG(data, 1<<20, 10)
		if err == nil && len(msg.Attachments) > 10 {
			t.Fatalf("%d attachments past the limit", len(msg.Attachments))
		}
	})
}

// FuzzUnpack feeds bytes to every unpacker with small limits: none may
// panic, and whatever comes out respects the limits.
func FuzzUnpack(f *testing.F) {
	f.Add(fixture.Zip([2]string{"a.txt", "hello"}, [2]string{"../x", "y"}))
	f.Add(fixture.Tar([2]string{"a.txt", "hello"}))
	f.Add(fixture.Gzip("a.tar", fixture.Tar([2]string{"b.txt", "hi"})))
	f.Add(fixture.EML("a@b.c", "d@e.f", "", "S", "Mon, 1 Jan 2024 00:00:00 +0000", "body", fixture.Attachment{Name: "x.txt", Type: "text/plain", Data: []byte("x")}))
	f.Add([]byte("7z\xbc\xaf\x27\x1c\x00\x04"))
	env := &Env{Limits: DefaultLimits()}
	env.Limits.MaxEntryBytes = 1 << 16
	env.Limits.MaxTotalBytes = 1 << 18
	env.Limits.MaxFiles = 8
	unpackers := []Unpacker{zipUnpacker{}, tarUnpacker{}, gzipUnpacker{}, sevenZipUnpacker{}, emlUnpacker{}, msgUnpacker{}}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, u := range unpackers {
			members, err := u.Unpack(context.Background(), env, Input{Name: "f", Data: data})
			if err != nil {
				continue
			}
			var total int64
			for _, m := range members {
				total += int64(len(m.Data))
				if int64(len(m.Data)) > env.Limits.MaxEntryBytes && !strings.HasSuffix(m.Name, "/message.txt") {
					t.Fatalf("%T: member %s has %d bytes", u, m.Name, len(m.Data))
				}
				if strings.Contains(m.Name, "/../") {
					t.Fatalf("%T: member name escapes: %s", u, m.Name)
				}
			}
			if len(members) > env.Limits.MaxFiles+1 {
				t.Fatalf("%T: %d members", u, len(members))
			}
		}
	})
}

func FuzzImageHeaders(f *testing.F) {
	f.Add(jpegWithOrientation(6))
	f.Add([]byte("II*\x00\x08\x00\x00\x00\x01\x00\x00\x01\x04\x00\x01\x00\x00\x00\xff\xff\x00\x00\x00\x00\x00\x00"))
	env := &Env{Limits: DefaultLimits()}
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		_ = checkTIFFPages(env, "f", data)
	})
}
