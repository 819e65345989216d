package einvoice

import (
	"mime"
	"path"
	"strings"
)

// newAttachment builds an Attachment from a decoded binary element. When
// the document names no MIME type, the filename's extension decides, so
// the caller can route the member like any other file.
func newAttachment(bin *node, filename, mimeType, desc string) Attachment {
	// A filename is the caller's to sanitise, but never a path here.
	filename = path.Base(strings.ReplaceAll(filename, "\\", "/"))
	if filename == "." || filename == "/" {
		filename = ""
	}
	if mimeType == "" && filename != "" {
		if t := mime.TypeByExtension(strings.ToLower(path.Ext(filename))); t != "" {
			mimeType, _, _ = strings.Cut(t, ";")
		}
	}
	if mimeType == "" {
		mimeType = "application/octet-stream"
	}
	return Attachment{Filename: filename, MIME: mimeType, Description: desc, Data: bin.data, Omitted: bin.omitted}
}
