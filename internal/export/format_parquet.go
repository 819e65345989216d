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
// UTC], string; JSON columns as UTF-8 JSON text), zstd at level 1, one
// row group per RowGroupRows rows so a reader can stream it group by
// group. Level 1 because the default level's encoder windows cost about
// 40 MiB more peak memory for a file only 7% smaller (measured at 20,000
// bench rows: 157 vs 131 MiB RSS, 10.4 vs 11.2 MB).
func init() { register("parquet", writeParquet) }

const (
	defaultRowGroupRows = 10_000
	parquetBatchRows    = 1_000
)

func writeParquet(ctx context.Context, w io.Writer, src Source, l Layout, opt Options) error {
	groupRows := opt.RowGroupRows
	if groupRows <= 0 {
		groupRows = defaultRowGroupRows
	}
	ab := newArrowBatcher(l)
	defer ab.release()
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCompressionLevel(1),
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
	// Arrow batches of parquetBatchRows go into a buffered row group,
	// which keeps its columns encoded and compressed: a 10,000-row group
	// costs its compressed size in memory, not ten thousand decoded rows.
	// A group closes at groupRows (the writer's own limit) or once its
	// rows carried maxBatchBytes of payload.
	groupBytes := int64(0)
	write := func() error {
		size := ab.bytes
		rec := ab.flush()
		if rec == nil {
			return nil
		}
		defer rec.Release()
		if err := fw.WriteBuffered(rec); err != nil {
			return err
		}
		if groupBytes += size; groupBytes >= maxBatchBytes {
			groupBytes = 0
			return fw.NewBufferedRowGroupChecked()
		}
		return nil
	}
	err = records(ctx, src, func(r *Record) error {
		ab.append(r)
		if ab.full(min(groupRows, parquetBatchRows)) {
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
