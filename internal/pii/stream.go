package pii

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"unicode/utf8"
)

// StreamOptions configures Stream.
type StreamOptions struct {
	Options
	Mask      string // masking strategy; "" writes no masked text
	Key       []byte // workspace key for hash/synthetic masking
	Seed      uint64 // seed for synthetic values
	ChunkSize int    // bytes scanned per window; 0 means 1 MiB
}

// StreamFinding is one finding line of Stream's output. start/end are
// Unicode code point offsets into the whole input (the wire convention);
// byte_start/byte_end are byte offsets.
type StreamFinding struct {
	Type         string  `json:"type"`
	Jurisdiction string  `json:"jurisdiction"`
	Start        int64   `json:"start"`
	End          int64   `json:"end"`
	ByteStart    int64   `json:"byte_start"`
	ByteEnd      int64   `json:"byte_end"`
	Score        float64 `json:"score"`
}

// StreamSummary is the last line of Stream's output.
type StreamSummary struct {
	Count  int            `json:"count"`
	ByType map[string]int `json:"by_type"`
	Bytes  int64          `json:"bytes"`
}

// streamLine is one JSON line: exactly one member is set.
type streamLine struct {
	Finding    *StreamFinding `json:"finding,omitempty"`
	MaskedText *string        `json:"masked_text,omitempty"`
	Summary    *StreamSummary `json:"summary,omitempty"`
}

const (
	streamOverlap = 4096 // longer than any finding (MRZ, address lines)
	streamContext = 512  // bytes kept before the emit point for labels
)

// Stream reads text from r in windows and writes JSON lines to w:
// {"finding":{...}} for each finding in input order, {"masked_text":"..."}
// pieces (in order; concatenated they are the masked input) when masking
// is on, and a final {"summary":{...}}. Windows overlap, so a value that
// straddles a window border is found once. Memory stays proportional to
// the window, not the input.
func Stream(r io.Reader, w io.Writer, opts StreamOptions) error {
	cfg, err := resolve(opts.Options)
	if err != nil {
		return err
	}
	var m *Masker
	if opts.Mask != "" {
		if m, err = NewMasker(opts.Mask, opts.Key, opts.Seed); err != nil {
			return err
		}
	}
	chunk := opts.ChunkSize
	if chunk <= 0 {
		chunk = 1 << 20
	}
	overlap := streamOverlap
	if overlap > chunk/2 {
		overlap = chunk / 2
	}
	ctxKeep := streamContext
	if ctxKeep > overlap/2 {
		ctxKeep = overlap / 2
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	sum := StreamSummary{ByType: map[string]int{}}

	buf := make([]byte, 0, chunk+overlap+utf8.UTFMax)
	var (
		bufStart   int64 // global byte offset of buf[0]
		bufRunes   int64 // code points before buf[0]
		emitted    int64 // findings starting before this offset are done
		maskedUpTo int64 // input bytes already written as masked text
		eof        bool
	)
	for !eof || len(buf) > 0 {
		for !eof && len(buf) < chunk+overlap {
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				eof = true
			} else if err != nil {
				return err
			}
		}
		// Emit findings that start before emitTo; later ones wait for the
		// next window, which still holds their left context.
		emitTo := len(buf)
		if !eof {
			emitTo = len(buf) - overlap
			for emitTo > 0 && !utf8.RuneStart(buf[emitTo]) {
				emitTo--
			}
		}
		text := string(buf)
		fs := detect(text, &cfg)
		conv := runeConverter{text: text}
		var segFs []Finding
		lastEnd := maskedUpTo
		for _, f := range fs {
			gs, ge := bufStart+int64(f.Start), bufStart+int64(f.End)
			if gs < emitted || gs < lastEnd || f.Start >= emitTo {
				continue
			}
			sf := StreamFinding{Type: f.Type, Jurisdiction: f.Jurisdiction, ByteStart: gs, ByteEnd: ge, Score: f.Score,
				Start: bufRunes + int64(conv.at(f.Start)), End: bufRunes + int64(conv.at(f.End))}
			if err := enc.Encode(streamLine{Finding: &sf}); err != nil {
				return err
			}
			sum.Count++
			sum.ByType[f.Type]++
			lastEnd = ge
			f.Start -= int(maskedUpTo - bufStart)
			f.End -= int(maskedUpTo - bufStart)
			segFs = append(segFs, f)
		}
		segEnd := bufStart + int64(emitTo)
		if lastEnd > segEnd {
			segEnd = lastEnd
		}
		if m != nil && segEnd > maskedUpTo {
			seg := text[maskedUpTo-bufStart : segEnd-bufStart]
			masked := m.Mask(seg, segFs)
			m.carry(segFs)
			if err := enc.Encode(streamLine{MaskedText: &masked}); err != nil {
				return err
			}
		}
		maskedUpTo = segEnd
		emitted = bufStart + int64(emitTo)
		if eof && emitTo == len(buf) {
			sum.Bytes = bufStart + int64(len(buf))
			break
		}
		// Slide: keep some context before the emit point.
		keep := emitTo - ctxKeep
		if keep < 0 {
			keep = 0
		}
		for keep > 0 && !utf8.RuneStart(buf[keep]) {
			keep--
		}
		bufRunes += int64(utf8.RuneCount(buf[:keep]))
		bufStart += int64(keep)
		n := copy(buf, buf[keep:])
		buf = buf[:n]
	}
	if err := enc.Encode(streamLine{Summary: &sum}); err != nil {
		return err
	}
	return bw.Flush()
}
