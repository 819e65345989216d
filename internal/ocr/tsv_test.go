package ocr

import "testing"

const sampleTSV = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n" +
	"1\t1\t0\t0\t0\t0\t0\t0\t1000\t800\t-1\t\n" +
	"4\t1\t1\t1\t1\t0\t10\t10\t300\t20\t-1\t\n" +
	"5\t1\t1\t1\t1\t1\t10\t10\t100\t20\t96.5\tInvoice\n" +
	"5\t1\t1\t1\t1\t2\t120\t10\t50\t20\t-1\t \n" +
	"5\t1\t1\t1\t1\t3\t180\t10\t60\t20\t42\tNo.\n" +
	"4\t1\t1\t1\t2\t0\t10\t40\t300\t20\t-1\t\n" +
	"5\t1\t1\t1\t2\t1\t10\t40\t80\t20\t150\tTotal\n" +
	"1\t2\t0\t0\t0\t0\t0\t0\t500\t400\t-1\t\n" +
	"5\t2\t1\t1\t1\t1\t1\t1\t10\t10\t50\tP2\n"

func TestParseTSV(t *testing.T) {
	pages, err := ParseTSV([]byte(sampleTSV))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		got  any
		want any
	}{
		{"pages", len(pages), 2},
		{"page 1 size", [2]int{pages[0].Width, pages[0].Height}, [2]int{1000, 800}},
		{"page 1 lines", len(pages[0].Lines), 2},
		{"blank word dropped", len(pages[0].Lines[0].Words), 2},
		{"conf scaled", pages[0].Lines[0].Words[0].Conf, 0.965},
		{"conf capped", pages[0].Lines[1].Words[0].Conf, 1.0},
		{"page 2 word", pages[1].Lines[0].Words[0].Text, "P2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Fatalf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestParseOSD(t *testing.T) {
	rot, conf, err := ParseOSD("Page number: 0\nOrientation in degrees: 90\nRotate: 270\nOrientation confidence: 2.00\n")
	if err != nil || rot != 270 || conf != 2 {
		t.Fatalf("rot %d conf %v err %v", rot, conf, err)
	}
	if _, _, err := ParseOSD("nothing"); err == nil {
		t.Fatal("no error for output without rotation")
	}
}

func TestLangs(t *testing.T) {
	cases := map[string]string{"de": "deu+eng", "EN": "eng", " tr ": "tur+eng", "xx": "", "": ""}
	for in, want := range cases {
		if got := Langs(in); got != want {
			t.Errorf("Langs(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseTSV(f *testing.F) {
	f.Add([]byte(sampleTSV))
	f.Add([]byte("5\t1\t1\t1\t1\t1\tx\t\t\t\tnan\tw\n1\t1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages, err := ParseTSV(data)
		if err != nil {
			return
		}
		for _, p := range pages {
			for _, l := range p.Lines {
				for _, w := range l.Words {
					if w.Text == "" || w.Conf < 0 || w.Conf > 1 {
						t.Fatalf("bad word %+v", w)
					}
				}
			}
		}
	})
}
