package ocr

import (
	"bufio"
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Word is one recognised word in pixel coordinates of its page image.
type Word struct {
	Text                     string
	Left, Top, Width, Height int
	Conf                     float64 // 0..1
}

// Line is a run of words Tesseract put on one text line.
type Line struct {
	Words []Word
}

// Page is one page image's result.
type Page struct {
	Width, Height int
	Lines         []Line
}

// MeanConf returns the mean word confidence of the page (0 without words).
func (p Page) MeanConf() (sum float64, n int) {
	for _, l := range p.Lines {
		for _, w := range l.Words {
			sum += w.Conf
			n++
		}
	}
	return sum, n
}

// ParseTSV reads Tesseract's TSV output (level page_num block_num par_num
// line_num word_num left top width height conf text). Level 1 rows open a
// page, level 4 rows a line, level 5 rows are words. Tesseract reports
// confidence 0..100 and -1 on structural rows; words come back as 0..1.
func ParseTSV(tsv []byte) ([]Page, error) {
	var pages []Page
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	var cur *Page
	var line *Line
	closeLine := func() {
		if cur != nil && line != nil && len(line.Words) > 0 {
			cur.Lines = append(cur.Lines, *line)
		}
		line = nil
	}
	for sc.Scan() {
		cols := strings.SplitN(sc.Text(), "\t", 12)
		if len(cols) < 11 || cols[0] == "level" {
			continue
		}
		num := func(i int) int {
			v, _ := strconv.Atoi(strings.TrimSpace(cols[i]))
			return v
		}
		switch cols[0] {
		case "1":
			closeLine()
			pages = append(pages, Page{Width: num(8), Height: num(9)})
			cur = &pages[len(pages)-1]
		case "2", "3", "4":
			closeLine()
		case "5":
			if cur == nil {
				pages = append(pages, Page{})
				cur = &pages[len(pages)-1]
			}
			if len(cols) < 12 {
				continue
			}
			text := strings.TrimSpace(cols[11])
			if text == "" {
				continue
			}
			conf, _ := strconv.ParseFloat(strings.TrimSpace(cols[10]), 64)
			if conf < 0 || math.IsNaN(conf) {
				conf = 0
			}
			if conf > 100 {
				conf = 100
			}
			if line == nil {
				line = &Line{}
			}
			for _, part := range strings.Fields(text) {
				line.Words = append(line.Words, Word{
					Text: part, Left: num(6), Top: num(7), Width: num(8), Height: num(9), Conf: conf / 100,
				})
			}
		}
		// pages slice may have grown: keep cur pointing at the last page.
		if len(pages) > 0 {
			cur = &pages[len(pages)-1]
		}
	}
	closeLine()
	return pages, sc.Err()
}
