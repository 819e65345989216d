package export

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// jsonRow encodes one record as a JSON object whose keys are the dataset's
// columns in layout order (a Go map would lose the order). It is shared by
// jsonl and json; it reuses one buffer so a row costs no allocations
// beyond the encoder's.
type jsonRow struct {
	buf bytes.Buffer
	enc *json.Encoder
	tmp bytes.Buffer
}

func newJSONRow() *jsonRow {
	j := &jsonRow{}
	j.enc = json.NewEncoder(&j.tmp)
	// Masked text and field values pass through byte for byte: no
	// \u003c rewriting of "<" that would surprise a reader comparing text.
	j.enc.SetEscapeHTML(false)
	return j
}

func (j *jsonRow) encode(l Layout, r *Record) ([]byte, error) {
	j.buf.Reset()
	j.buf.WriteByte('{')
	for i, c := range l.Columns {
		if i > 0 {
			j.buf.WriteByte(',')
		}
		if err := j.value(c.Name); err != nil {
			return nil, err
		}
		j.buf.WriteByte(':')
		if err := j.typed(c.Kind, c.Value(r)); err != nil {
			return nil, err
		}
	}
	j.buf.WriteByte('}')
	return j.buf.Bytes(), nil
}

// typed writes a converted value: numbers and booleans as JSON literals,
// dates as "YYYY-MM-DD", timestamps as RFC 3339, JSON columns as the
// JSON value itself (an array stays an array in a JSON format).
func (j *jsonRow) typed(k Kind, v any) error {
	switch x := v.(type) {
	case nil:
		j.buf.WriteString("null")
	case float64:
		j.buf.Write(strconv.AppendFloat(nil, x, 'g', -1, 64))
	case int64:
		j.buf.Write(strconv.AppendInt(nil, x, 10))
	case bool:
		j.buf.WriteString(strconv.FormatBool(x))
	case time.Time:
		if k == KindDate {
			return j.value(x.Format(time.DateOnly))
		}
		return j.value(x.UTC().Format(time.RFC3339Nano))
	default:
		return j.value(x)
	}
	return nil
}

func (j *jsonRow) value(v any) error {
	j.tmp.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	j.buf.Write(bytes.TrimSuffix(j.tmp.Bytes(), []byte{'\n'}))
	return nil
}
