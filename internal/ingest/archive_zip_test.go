package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/quarrydev/quarry/internal/fixture"
	"github.com/quarrydev/quarry/internal/problem"
)

// lyingZip writes members copies of one highly compressible text member
// and then patches every header's compressed size to claim factor times
// the real one, so that a ratio computed from the headers looks harmless.
func lyingZip(t *testing.T, members int, size int, factor uint32) []byte {
	t.Helper()
	text := bytes.Repeat([]byte("a "), size/2)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(text)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < members; i++ {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: "m" + string(rune('0'+i)) + ".txt", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(text),
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(len(text)),
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	zw.Close()
	data := buf.Bytes()
	// Local headers keep the compressed size at offset 18, central
	// directory headers at offset 20.
	patched := 0
	for i := 0; i+24 <= len(data); i++ {
		switch binary.LittleEndian.Uint32(data[i:]) {
		case 0x04034b50:
			binary.LittleEndian.PutUint32(data[i+18:], uint32(comp.Len())*factor)
		case 0x02014b50:
			binary.LittleEndian.PutUint32(data[i+20:], uint32(comp.Len())*factor)
			patched++
		}
	}
	if patched != members {
		t.Fatalf("patched %d central headers, want %d", patched, members)
	}
	return data
}

// TestZipSizesAreCounted: 8 members of 60 MiB of text in under 1 MB, whose
// headers claim 20 times their compressed size. The old reader believed
// the headers (ratio about 50:1, under MaxRatio) and expanded all 480 MiB;
// counting the compressed bytes consumed refuses the first member after
// about a megabyte. Not parallel: the memory measurement is of the whole
// process.
func TestZipSizesAreCounted(t *testing.T) {
	data := lyingZip(t, 8, 60<<20, 20)
	t.Logf("hostile zip: %d KB", len(data)>>10)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := zipUnpacker{}.Unpack(context.Background(), &Env{Limits: DefaultLimits()}, Input{Name: "bomb.zip", Data: data})
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("refused after %v, %d MB allocated", d.Round(time.Millisecond), alloc>>20)
	assertProblem(t, err, problem.LimitExceeded, "bomb.zip")
	if alloc > 64<<20 || d > 5*time.Second {
		t.Errorf("took %v and %d MB, want < 5s and < 64 MB", d, alloc>>20)
	}
}

func TestZipMembersAreVerified(t *testing.T) {
	t.Parallel()
	good := fixture.Zip([2]string{"a.txt", strings.Repeat("invoice text ", 100)})
	corrupt := bytes.Clone(good)
	// Flip the stored CRC in the central directory.
	i := bytes.Index(corrupt, []byte{0x50, 0x4b, 0x01, 0x02})
	corrupt[i+16] ^= 0xff
	cases := []struct {
		name string
		data []byte
		code string
	}{
		{"Intact", good, ""},
		{"ChecksumMismatch", corrupt, problem.ArchiveExtractionFailed},
		{"LyingSmallMember", lyingZip(t, 1, 4<<10, 3), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			members, err := zipUnpacker{}.Unpack(context.Background(), &Env{Limits: DefaultLimits()}, Input{Name: "p.zip", Data: tc.data})
			if tc.code == "" {
				if err != nil || len(members) != 1 || len(members[0].Data) == 0 {
					t.Fatalf("members = %+v, err = %v", members, err)
				}
				return
			}
			assertProblem(t, err, tc.code, "p.zip")
		})
	}
}

// TestDroppedMembersAreReported: links, absolute names and traversal are
// not read, and the loader reports each with its reason.
func TestDroppedMembersAreReported(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, file string
		data       []byte
		want       []DroppedMember
	}{
		{"Zip", "evil.zip",
			fixture.ZipWithSymlink("passwd", "/etc/passwd", [2]string{"../../escape.txt", "bad"}, [2]string{"/abs.txt", "bad"}, [2]string{"ok.txt", "good file"}),
			[]DroppedMember{{"evil.zip/../../escape.txt", DropPathTraversal}, {"evil.zip//abs.txt", DropAbsolutePath}, {"evil.zip/passwd", DropLink}}},
		{"Tar", "evil.tar", fixture.Tar([2]string{"x.txt", "tar member text"}, [2]string{"link@link", "/etc/passwd"}, [2]string{"../up.txt", "bad"}),
			[]DroppedMember{{"evil.tar/link", DropLink}, {"evil.tar/../up.txt", DropPathTraversal}}},
	}
	l := NewLoader(DefaultLimits(), Engines{})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files, err := l.Load(context.Background(), Input{Name: tc.file, Data: tc.data})
			if err != nil {
				t.Fatal(err)
			}
			got := map[DroppedMember]bool{}
			for _, d := range files[0].Dropped {
				got[d] = true
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("dropped = %+v, missing %+v", files[0].Dropped, w)
				}
			}
			if len(files[0].Dropped) != len(tc.want) {
				t.Errorf("dropped = %+v, want %d entries", files[0].Dropped, len(tc.want))
			}
		})
	}
}

// TestDroppedReportsAreBounded: reports share the MaxFiles budget.
func TestDroppedReportsAreBounded(t *testing.T) {
	t.Parallel()
	var files [][2]string
	for i := 0; i < 100; i++ {
		files = append(files, [2]string{"l" + strings.Repeat("x", i) + "@link", "/etc/passwd"})
	}
	env := &Env{Limits: DefaultLimits()}
	env.Limits.MaxFiles = 5
	members, err := tarUnpacker{}.Unpack(context.Background(), env, Input{Name: "links.tar", Data: fixture.Tar(files...)})
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 5 || members[0].Dropped == nil || members[0].Dropped.Reason != DropLink {
		t.Errorf("members = %d (first %+v), want 5 link reports", len(members), members[0].Dropped)
	}
}
