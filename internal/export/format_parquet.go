package export

import (
	"bufio"
	"context"
	"io"

	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquet: typed columns (float64, int64, boolean, date32, timestamp[us,
// UTC], string; JSON columns as UTF-8 JSON text), zstd, one row group per
// RowGroupRows rows so a reader can stream it group by group.
func init() { register("parquet", writeParquet) }

const defaultRowGroupRows = 10_000

func writeParquet(ctx context.Context, w io.Writer, src Source, l Layout, opt Options) error {
	groupRows := opt.RowGroupRows
	if groupRows <= 0 {
		groupRows = defaultRowGroupRows
	}
	ab := newArrowBatcher(l)
	defer ab.release()
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(int64(groupRows)),
		parquet.WithCreatedBy("quarry export"),
	)
	// The Parquet writer closes its sink when it is an io.Closer; the
	// caller owns w, so it gets a buffered writer that is not one.
	bw := bufio.NewWriterSize(w, 1<<20)
	fw, err := pqarrow.NewFileWriter(ab.schema, bw, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema()))
	if err != nil {
		return err
	}
	write := func() error {
		rec := ab.flush()
		if rec == nil {
			return nil
		}
		defer rec.Release()
		return fw.Write(rec)
	}
	err = records(ctx, src, func(r *Record) error {
		ab.append(r)
		if ab.full(groupRows) {
			return write()
		}
		return nil
	})
	if err == nil {
		err = write()
	}
	if cerr := fw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}
