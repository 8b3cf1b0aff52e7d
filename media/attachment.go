package media

import (
	"bytes"
	"fmt"
	"io"

	"github.com/guanjia/guanjia"
)

// Attachments of a project's channel: pictures, sanitised as photos are
// (upright, re-encoded, no metadata), and PDF files, judged by their
// content and kept as they are. The caller keeps them where only the
// project's members reach them.

// TypePDF is the media type of PDF attachments.
const TypePDF = "application/pdf"

// MaxAttachment is the largest attachment accepted, in bytes.
const MaxAttachment = MaxSize

// Attachment is a sanitised attachment.
type Attachment struct {
	Type string // image/jpeg, image/png or application/pdf
	Data []byte
}

// IsPDF reports whether data is a PDF file by its content: it starts with
// the %PDF-1.x or %PDF-2.x header and ends with the %%EOF marker.
func IsPDF(data []byte) bool {
	if len(data) < 16 || !bytes.HasPrefix(data, []byte("%PDF-")) || (data[5] != '1' && data[5] != '2') || data[6] != '.' {
		return false
	}
	tail := data[max(0, len(data)-1024):]
	return bytes.Contains(tail, []byte("%%EOF"))
}

// Sanitize reads an attachment of at most MaxAttachment bytes from r: a
// PDF is kept as it is; a picture is made upright and re-encoded without
// its metadata; anything else is refused.
func (s *Store) Sanitize(r io.Reader) (Attachment, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxAttachment+1))
	if err != nil {
		return Attachment{}, fmt.Errorf("read attachment: %w", err)
	} else if len(data) > MaxAttachment {
		return Attachment{}, guanjia.Errorf(guanjia.ETOOLARGE, "The file is larger than %d MB.", MaxAttachment>>20)
	} else if len(data) == 0 {
		return Attachment{}, errEmpty()
	}
	if IsPDF(data) {
		return Attachment{Type: TypePDF, Data: data}, nil
	}
	if sniff(data) == "" {
		return Attachment{}, guanjia.Errorf(guanjia.EUNPROCESSABLE, "Only JPEG, PNG and WebP pictures and PDF files may be attached.")
	}
	h, err := readHeader(data)
	if err != nil {
		return Attachment{}, err
	}
	rd, err := s.prepare(h, data)
	if err != nil {
		return Attachment{}, err
	}
	return Attachment{Type: rd.photo.Type, Data: rd.body}, nil
}
