package export

import (
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// arrowType maps a column kind to its Arrow type. JSON columns are JSON
// text in a string column: a nested Arrow type would need every row of a
// free-form array to share one shape, which extracted fields do not.
func arrowType(k Kind) arrow.DataType {
	switch k {
	case KindFloat:
		return arrow.PrimitiveTypes.Float64
	case KindInt:
		return arrow.PrimitiveTypes.Int64
	case KindBool:
		return arrow.FixedWidthTypes.Boolean
	case KindDate:
		return arrow.FixedWidthTypes.Date32
	case KindTimestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	}
	return arrow.BinaryTypes.String
}

// arrowSchema is the layout's columns as an Arrow schema; every column is
// nullable since any extracted field may be missing.
func arrowSchema(l Layout) *arrow.Schema {
	fs := make([]arrow.Field, len(l.Columns))
	for i, c := range l.Columns {
		fs[i] = arrow.Field{Name: c.Name, Type: arrowType(c.Kind), Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}

// maxBatchBytes caps one Arrow batch (and so one Parquet row group) by
// payload, whatever the row count: ten thousand documents of 100 KB text
// each would otherwise be a gigabyte in memory. The cap is a setting, not
// something the data decides.
const maxBatchBytes = 32 << 20

// arrowBatcher appends records to Arrow builders and hands out a record
// batch when the writer asks (every N rows, or at maxBatchBytes), so the
// Parquet and hf writers hold at most one batch in memory.
type arrowBatcher struct {
	layout Layout
	schema *arrow.Schema
	b      *array.RecordBuilder
	rows   int
	bytes  int64 // approximate payload of the pending rows
}

func newArrowBatcher(l Layout) *arrowBatcher {
	s := arrowSchema(l)
	return &arrowBatcher{layout: l, schema: s, b: array.NewRecordBuilder(memory.DefaultAllocator, s)}
}

func (a *arrowBatcher) append(r *Record) {
	for i, c := range a.layout.Columns {
		v := c.Value(r)
		fb := a.b.Field(i)
		if v == nil {
			fb.AppendNull()
			continue
		}
		switch b := fb.(type) {
		case *array.StringBuilder:
			s := formatText(c.Kind, v)
			a.bytes += int64(len(s))
			b.Append(s)
		case *array.Float64Builder:
			b.Append(v.(float64))
		case *array.Int64Builder:
			b.Append(v.(int64))
		case *array.BooleanBuilder:
			b.Append(v.(bool))
		case *array.Date32Builder:
			b.Append(arrow.Date32FromTime(v.(time.Time)))
		case *array.TimestampBuilder:
			b.Append(arrow.Timestamp(v.(time.Time).UnixMicro()))
		}
		a.bytes += 8
	}
	a.rows++
}

// flush returns the pending rows as one batch (nil when there are none);
// the caller releases it.
func (a *arrowBatcher) flush() arrow.RecordBatch {
	if a.rows == 0 {
		return nil
	}
	a.rows, a.bytes = 0, 0
	return a.b.NewRecordBatch()
}

func (a *arrowBatcher) release() { a.b.Release() }

// full reports whether the pending batch should be written now.
func (a *arrowBatcher) full(rows int) bool {
	return a.rows >= rows || a.bytes >= maxBatchBytes
}
