package export

import (
	"bufio"
	"context"
	"io"
)

// jsonl: one JSON object per line, keys the dataset's columns in order.
func init() { register("jsonl", writeJSONL) }

func writeJSONL(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	row := newJSONRow()
	err := records(ctx, src, func(r *Record) error {
		b, err := row.encode(l, r)
		if err != nil {
			return err
		}
		bw.Write(b)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}
