package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"
	"strconv"
)

// xml: the document docs/export.md describes and docs/export-dataset.xsd
// defines. Column names are attribute values, never element names, so any
// field name (dots, spaces, "<") stays legal XML:
//
//	<dataset xmlns="urn:quarry:export:dataset:1" name=".." slug="..">
//	  <schema>
//	    <column name="execution_id" type="string"/> ...
//	    <table name="line_items"><column name="description" type="string"/> ...</table>
//	  </schema>
//	  <record>
//	    <value column="execution_id">exec_...</value>
//	    <value column="due_date" null="true"/>
//	    <table name="line_items"><row index="0"><value column="description">..</value></row></table>
//	  </record>
//	</dataset>
func init() { register("xml", writeXML) }

// XMLNamespace is the export document's namespace; its version changes
// only when a reader of the old one would misread the new one.
const XMLNamespace = "urn:quarry:export:dataset:1"

func writeXML(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := src.Schema()
	bw.WriteString(xml.Header)
	bw.WriteString(`<dataset xmlns="` + XMLNamespace + `" name="`)
	xmlEscape(bw, s.Name)
	bw.WriteString(`" slug="`)
	xmlEscape(bw, s.Slug)
	bw.WriteString("\">\n  <schema>\n")
	for _, c := range l.Columns {
		xmlColumnDecl(bw, "    ", c)
	}
	for _, t := range l.Children {
		bw.WriteString(`    <table name="`)
		xmlEscape(bw, t.Name)
		bw.WriteString("\">\n")
		for _, c := range t.Columns {
			xmlColumnDecl(bw, "      ", c)
		}
		bw.WriteString("    </table>\n")
	}
	bw.WriteString("  </schema>\n")
	err := records(ctx, src, func(r *Record) error {
		bw.WriteString("  <record>\n")
		for _, c := range l.Columns {
			xmlValue(bw, "    ", c.Name, c.Kind, c.Value(r))
		}
		for _, t := range l.Children {
			rows := t.Rows(r)
			if len(rows) == 0 {
				continue
			}
			bw.WriteString(`    <table name="`)
			xmlEscape(bw, t.Name)
			bw.WriteString("\">\n")
			for i, row := range rows {
				bw.WriteString(`      <row index="` + strconv.Itoa(i) + "\">\n")
				for _, c := range t.Columns {
					xmlValue(bw, "        ", c.Name, c.Kind, c.RowValue(row))
				}
				bw.WriteString("      </row>\n")
			}
			bw.WriteString("    </table>\n")
		}
		_, err := bw.WriteString("  </record>\n")
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString("</dataset>\n")
	return bw.Flush()
}

func xmlColumnDecl(bw *bufio.Writer, indent string, c Column) {
	bw.WriteString(indent + `<column name="`)
	xmlEscape(bw, c.Name)
	bw.WriteString(`" type="` + c.Kind.String() + "\"/>\n")
}

// xmlValue writes one value; a null is an empty element marked null so it
// differs from an empty string.
func xmlValue(bw *bufio.Writer, indent, name string, k Kind, v any) {
	bw.WriteString(indent + `<value column="`)
	xmlEscape(bw, name)
	if v == nil {
		bw.WriteString("\" null=\"true\"/>\n")
		return
	}
	bw.WriteString(`">`)
	xmlEscape(bw, formatText(k, v))
	bw.WriteString("</value>\n")
}

// xmlEscape escapes markup and replaces characters XML 1.0 cannot carry
// (most control characters) with U+FFFD, as encoding/xml does; newlines
// and tabs are written as character references so they survive
// attribute-value normalisation unchanged.
func xmlEscape(w io.Writer, s string) {
	_ = xml.EscapeText(w, []byte(s))
}
