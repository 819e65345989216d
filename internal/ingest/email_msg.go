package ingest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/quarrydev/quarry/internal/problem"
	"github.com/richardlehane/mscfb"
)

func init() {
	RegisterUnpacker("unpack.msg", msgUnpacker{}, "application/vnd.ms-outlook")
}

type msgUnpacker struct{}

// Unpack reads an Outlook .msg (a Compound File holding MAPI properties)
// into the same members as an .eml: message.txt, then attachments.
func (msgUnpacker) Unpack(ctx context.Context, env *Env, in Input) ([]Input, error) {
	msg, err := ParseMSG(in.Data, env.Limits.MaxEntryBytes, env.Limits.MaxFiles)
	if err != nil {
		if p, ok := problem.As(err); ok {
			return nil, p.With("filename", in.Name)
		}
		return nil, problem.New(problem.EmailParseFailed, "%q is not a readable Outlook message: %v", in.Name, err)
	}
	names := newMemberNames()
	for i := range msg.Attachments {
		msg.Attachments[i].Name = names.unique(msg.Attachments[i].Name)
	}
	return msg.members(in.Name), nil
}

// MAPI property ids and types used here (MS-OXPROPS).
const (
	propSubject       = 0x0037
	propSenderName    = 0x0C1A
	propSenderEmail   = 0x0C1F
	propSenderSMTP    = 0x5D01
	propDisplayTo     = 0x0E04
	propDisplayCc     = 0x0E03
	propBody          = 0x1000
	propBodyHTML      = 0x1013
	propHeaders       = 0x007D
	propSubmitTime    = 0x0039
	propAttachData    = 0x3701
	propAttachName    = 0x3704
	propAttachLong    = 0x3707
	propAttachMime    = 0x370E
	typeUnicode       = 0x001F
	typeString8       = 0x001E
	typeBinary        = 0x0102
	typeSysTime       = 0x0040
	msgStreamPrefix   = "__substg1.0_"
	msgAttachPrefix   = "__attach_version1.0_#"
	msgPropertiesName = "__properties_version1.0"
)

// ParseMSG reads the message-level properties and the attachments of an
// Outlook message. maxStream bounds any one stream read into memory and
// maxAttach the number of attachments.
func ParseMSG(data []byte, maxStream int64, maxAttach int) (msg mailMessage, err error) {
	defer func() {
		// mscfb walks sector chains from untrusted input.
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged compound file: %v", r)
		}
	}()
	if maxStream <= 0 {
		maxStream = 64 << 20
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return msg, err
	}
	top := map[uint32][]byte{}               // property tag -> value at message level
	attach := map[string]map[uint32][]byte{} // attachment storage -> properties
	var order []string
	var topProps []byte
	for n := 0; ; n++ {
		if n > 100000 {
			return msg, fmt.Errorf("too many streams")
		}
		f, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return msg, err
		}
		if f.Size > maxStream {
			continue
		}
		var props map[uint32][]byte
		switch {
		case len(f.Path) == 0:
			props = top
		case len(f.Path) == 1 && strings.HasPrefix(f.Path[0], msgAttachPrefix):
			a, ok := attach[f.Path[0]]
			if !ok {
				if maxAttach > 0 && len(attach) >= maxAttach {
					return msg, problem.New(problem.LimitExceeded, "The message holds more than %d attachments.", maxAttach)
				}
				a = map[uint32][]byte{}
				attach[f.Path[0]] = a
				order = append(order, f.Path[0])
			}
			props = a
		default:
			continue // recipients, embedded messages, named-property maps
		}
		if len(f.Path) == 0 && f.Name == msgPropertiesName {
			topProps = readStream(f, f.Size)
			continue
		}
		if !strings.HasPrefix(f.Name, msgStreamPrefix) || len(f.Name) != len(msgStreamPrefix)+8 {
			continue
		}
		var tag uint32
		if _, err := fmt.Sscanf(f.Name[len(msgStreamPrefix):], "%08X", &tag); err != nil {
			continue
		}
		props[tag] = readStream(f, f.Size)
	}
	str := func(p map[uint32][]byte, id uint32) string {
		if v, ok := p[id<<16|typeUnicode]; ok {
			return decodeUTF16LE(v)
		}
		if v, ok := p[id<<16|typeString8]; ok {
			return DecodeText(bytes.TrimRight(v, "\x00"))
		}
		return ""
	}
	msg.Subject = str(top, propSubject)
	from := str(top, propSenderName)
	addr := str(top, propSenderSMTP)
	if addr == "" {
		addr = str(top, propSenderEmail)
	}
	if addr != "" && !strings.Contains(from, addr) {
		from = strings.TrimSpace(from + " <" + addr + ">")
	}
	msg.From = from
	msg.To = str(top, propDisplayTo)
	msg.Cc = str(top, propDisplayCc)
	msg.Body = str(top, propBody)
	if msg.Body == "" {
		if v, ok := top[propBodyHTML<<16|typeBinary]; ok {
			msg.HTML = DecodeText(v)
		} else {
			msg.HTML = str(top, propBodyHTML)
		}
	}
	msg.Date = headerValue(str(top, propHeaders), "Date")
	if msg.Date == "" {
		if t, ok := msgSysTime(topProps, propSubmitTime, 32); ok {
			msg.Date = t.UTC().Format(time.RFC1123Z)
		}
	}
	for _, key := range order {
		p := attach[key]
		data, ok := p[propAttachData<<16|typeBinary]
		if !ok {
			continue // embedded messages and OLE objects are not read here
		}
		name := str(p, propAttachLong)
		if name == "" {
			name = str(p, propAttachName)
		}
		if name == "" {
			name = "attachment"
		}
		msg.Attachments = append(msg.Attachments, mailAttachment{Name: name, Type: str(p, propAttachMime), Data: data})
	}
	if msg.Subject == "" && msg.Body == "" && msg.HTML == "" && msg.From == "" && len(msg.Attachments) == 0 {
		return msg, fmt.Errorf("no message properties found")
	}
	return msg, nil
}

func readStream(f *mscfb.File, size int64) []byte {
	buf := make([]byte, size)
	n, _ := io.ReadFull(f, buf)
	return buf[:n]
}

func decodeUTF16LE(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// msgSysTime finds a fixed-size PT_SYSTIME property in a properties
// stream (16-byte entries after a header of headerLen bytes).
func msgSysTime(props []byte, id uint32, headerLen int) (time.Time, bool) {
	for off := headerLen; off+16 <= len(props); off += 16 {
		typ := binary.LittleEndian.Uint16(props[off:])
		pid := binary.LittleEndian.Uint16(props[off+2:])
		if uint32(pid) == id && typ == typeSysTime {
			ft := binary.LittleEndian.Uint64(props[off+8:])
			// FILETIME counts 100 ns since 1601-01-01.
			const epochDiff = 116444736000000000
			if ft < epochDiff {
				return time.Time{}, false
			}
			return time.Unix(0, int64(ft-epochDiff)*100), true
		}
	}
	return time.Time{}, false
}

// headerValue returns one header from a raw RFC 5322 header block.
func headerValue(headers, name string) string {
	for _, line := range strings.Split(headers, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
