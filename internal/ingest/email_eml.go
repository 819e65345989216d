package ingest

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strings"

	"github.com/jhillyerd/enmime/v2"
	"github.com/quarrydev/quarry/internal/problem"
)

func init() {
	RegisterUnpacker("unpack.eml", emlUnpacker{}, "message/rfc822")
}

type emlUnpacker struct{}

// Unpack turns an e-mail into members: "mail.eml/message.txt" holds the
// headers people search by (From, To, Cc, Subject, Date) and the body;
// every attachment follows under its own file name.
func (emlUnpacker) Unpack(ctx context.Context, env *Env, in Input) ([]Input, error) {
	data := in.Data
	if utf16Text(data) {
		// Some mailers save messages as UTF-16; MIME parsers expect bytes.
		data = []byte(DecodeText(data))
	}
	// The parser cannot be interrupted: bound the structure it will walk
	// first, in a pass that can.
	if err := checkMIME(ctx, in.Name, data); err != nil {
		return nil, err
	}
	parser := enmime.NewParser(enmime.SkipMalformedParts(true), enmime.MultipartWOBoundaryAsSinglePart(true))
	envl, err := parser.ReadEnvelope(bytes.NewReader(data))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, problem.New(problem.EmailParseFailed, "%q is not a readable e-mail: %v", in.Name, err)
	}
	msg := mailMessage{
		From: envl.GetHeader("From"), To: envl.GetHeader("To"), Cc: envl.GetHeader("Cc"),
		Subject: envl.GetHeader("Subject"), Date: envl.GetHeader("Date"), Body: envl.Text,
	}
	if strings.TrimSpace(msg.Body) == "" && envl.HTML != "" {
		msg.HTML = envl.HTML
	}
	x := newExpander(env, in.Name)
	names := newMemberNames()
	for _, p := range append(append([]*enmime.Part{}, envl.Attachments...), envl.Inlines...) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.FileName == "" && len(envl.Attachments) > 0 && contains(envl.Inlines, p) {
			continue // unnamed inline parts are layout pieces (logos), not documents
		}
		if err := x.entry(); err != nil {
			return nil, err
		}
		if lim := env.Limits.MaxEntryBytes; lim > 0 && int64(len(p.Content)) > lim {
			return nil, problem.New(problem.LimitExceeded, "An attachment of %q is larger than %d bytes.", in.Name, lim).With("filename", in.Name)
		}
		name := p.FileName
		if name == "" {
			name = "attachment" + extFor(p.ContentType)
		}
		msg.Attachments = append(msg.Attachments, mailAttachment{Name: names.unique(name), Type: p.ContentType, Data: p.Content})
	}
	return msg.members(in.Name), nil
}

func contains(parts []*enmime.Part, p *enmime.Part) bool {
	for _, q := range parts {
		if q == p {
			return true
		}
	}
	return false
}

// mailMessage is what both e-mail formats come down to.
type mailMessage struct {
	From, To, Cc, Subject, Date string
	Body                        string // plain text
	HTML                        string // only when there is no plain text
	Attachments                 []mailAttachment
}

type mailAttachment struct {
	Name, Type string
	Data       []byte
}

// members lays the message out as bundle members.
func (m mailMessage) members(bundle string) []Input {
	var head strings.Builder
	for _, h := range [][2]string{{"From", m.From}, {"To", m.To}, {"Cc", m.Cc}, {"Subject", m.Subject}, {"Date", m.Date}} {
		if v := strings.TrimSpace(h[1]); v != "" {
			fmt.Fprintf(&head, "%s: %s\n", h[0], strings.Join(strings.Fields(v), " "))
		}
	}
	var out []Input
	if m.HTML != "" {
		// Keep the headers as visible text at the top of the page.
		html := "<pre>" + htmlEscape(head.String()) + "</pre>" + m.HTML
		out = append(out, Input{Name: bundle + "/message.html", Data: []byte(html), MediaType: "text/html"})
	} else {
		out = append(out, Input{Name: bundle + "/message.txt", Data: []byte(head.String() + "\n" + m.Body), MediaType: "text/plain"})
	}
	for _, a := range m.Attachments {
		out = append(out, Input{Name: bundle + "/" + a.Name, Data: a.Data, DeclaredType: a.Type})
	}
	return out
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// memberNames keeps attachment names unique and free of folders.
type memberNames map[string]int

func newMemberNames() memberNames { return memberNames{} }

func (n memberNames) unique(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" || name == ".." || name == "" {
		name = "attachment"
	}
	n[name]++
	if c := n[name]; c > 1 {
		ext := path.Ext(name)
		name = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), c, ext)
	}
	return name
}

func extFor(mediaType string) string {
	switch mediaType {
	case "application/pdf":
		return ".pdf"
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "message/rfc822":
		return ".eml"
	}
	return ""
}

// utf16Text reports data that starts like UTF-16 text (BOM or ASCII with
// zero bytes interleaved).
func utf16Text(data []byte) bool {
	switch {
	case len(data) < 4:
		return false
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return true
	case data[0] != 0 && data[1] == 0 && data[2] != 0 && data[3] == 0:
		return true
	case data[0] == 0 && data[1] != 0 && data[2] == 0 && data[3] != 0:
		return true
	}
	return false
}
