package export

import (
	"bufio"
	"context"
	"io"
	"strconv"
	"strings"
)

// md: a title, then one section per document: a table of its columns and
// values, a table per child table, and the (masked) text in a fenced
// block so the document's own "#" lines or "|" never restructure the
// page. Sized for loaders that split Markdown by heading.
func init() { register("md", writeMD) }

func writeMD(ctx context.Context, w io.Writer, src Source, l Layout, _ Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := src.Schema()
	title := s.Name
	if title == "" {
		title = s.Slug
	}
	bw.WriteString("# " + mdInline(title) + "\n")
	n := 0
	err := records(ctx, src, func(r *Record) error {
		n++
		name := r.SourceFilename
		if name == "" {
			name = r.ExecutionID
		}
		bw.WriteString("\n## " + strconv.Itoa(n) + ". " + mdInline(name) + "\n\n")
		bw.WriteString("| column | value |\n|---|---|\n")
		for _, c := range l.Columns {
			if c.Name == "text" {
				continue
			}
			bw.WriteString("| " + mdCell(c.Name) + " | " + mdCell(formatText(c.Kind, c.Value(r))) + " |\n")
		}
		for _, t := range l.Children {
			rows := t.Rows(r)
			if len(rows) == 0 {
				continue
			}
			bw.WriteString("\n### " + mdInline(t.Name) + "\n\n| row_index |")
			for _, c := range t.Columns {
				bw.WriteString(" " + mdCell(c.Name) + " |")
			}
			bw.WriteString("\n|---|" + strings.Repeat("---|", len(t.Columns)) + "\n")
			for i, row := range rows {
				bw.WriteString("| " + strconv.Itoa(i) + " |")
				for _, c := range t.Columns {
					bw.WriteString(" " + mdCell(formatText(c.Kind, c.RowValue(row))) + " |")
				}
				bw.WriteByte('\n')
			}
		}
		if text := r.Text(); text != "" {
			fence := mdFence(text)
			bw.WriteString("\n### Text\n\n" + fence + "text\n" + text + "\n" + fence + "\n")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// mdCell keeps a value inside one table cell: pipes escaped, line breaks
// as <br>.
func mdCell(s string) string { return mdCellEscaper.Replace(s) }

var mdCellEscaper = strings.NewReplacer(`\`, `\\`, "|", `\|`, "\r\n", "<br>", "\n", "<br>", "\r", "<br>")

// mdInline keeps a heading on one line.
func mdInline(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// mdFence is a backtick fence longer than any backtick run in the text,
// so the text cannot close its own block.
func mdFence(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}
