package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/webp"
)

// A codec reads one accepted format. The decoders are called directly, not
// through image.Decode, so that no other registered format slips in.
type codec struct {
	config func(io.Reader) (image.Config, error)
	decode func(io.Reader) (image.Image, error)
}

var codecs = map[string]codec{
	typeJPEG: {jpeg.DecodeConfig, jpeg.Decode},
	typePNG:  {png.DecodeConfig, png.Decode},
	typeWebP: {webp.DecodeConfig, webp.Decode},
}

// sniff returns the media type of data judged by its content, or "" when it
// is none of the accepted ones.
func sniff(data []byte) string {
	if isWebP(data) {
		return typeWebP
	}
	switch ct := http.DetectContentType(data); ct {
	case typeJPEG, typePNG:
		return ct
	}
	return ""
}

// isWebP reports whether data starts like a WebP file: "RIFF", a length,
// "WEBP".
func isWebP(data []byte) bool {
	return len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP"
}

// decode returns the picture in data and its media type. It reads the
// dimensions first and refuses a picture too large to decode safely.
func decode(data []byte) (image.Image, string, error) {
	typ := sniff(data)
	c, ok := codecs[typ]
	if !ok {
		return nil, "", errUnsupported()
	}
	cfg, err := c.config(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("read %s header: %v: %w", typ, err, errDamaged())
	}
	if err := checkDimensions(cfg.Width, cfg.Height); err != nil {
		return nil, "", err
	}
	img, err := c.decode(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %v: %w", typ, err, errDamaged())
	}
	if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, "", fmt.Errorf("decode %s: %v is not the %dx%d of its header: %w",
			typ, b, cfg.Width, cfg.Height, errDamaged())
	}
	return img, typ, nil
}

// checkDimensions refuses a picture with no pixels, or one whose decoded form
// would take too much memory: such files are often decompression bombs.
func checkDimensions(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("dimensions %dx%d: %w", w, h, errDamaged())
	}
	if w > maxSide || h > maxSide || int64(w)*int64(h) > maxPixels {
		return fmt.Errorf("dimensions %dx%d: %w", w, h, errDimensions())
	}
	return nil
}
