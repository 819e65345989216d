package export

import (
	"bufio"
	"context"
	"io"
)

// json: one array of the same objects jsonl writes, one per line so a
// large file stays diffable; an empty dataset is "[]".
func init() { register("json", writeJSON) }

func writeJSON(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	row := newJSONRow()
	n := 0
	bw.WriteByte('[')
	err := records(ctx, src, func(r *Record) error {
		b, err := row.encode(l, r)
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteByte('\n')
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		bw.WriteByte('\n')
	}
	bw.WriteString("]\n")
	return bw.Flush()
}
