package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// A rendition is a photo as it is stored: re-encoded, with its thumbnail.
type rendition struct {
	photo       Photo
	body, thumb []byte
}

// prepare decodes data, which h describes, turns it upright, scales it
// down and re-encodes it with its thumbnail.
func prepare(h header, data []byte) (rendition, error) {
	img, err := h.decode(data)
	if err != nil {
		return rendition{}, err
	}
	out := typeJPEG
	if h.typ == typePNG {
		out = typePNG
	}
	m := fit(orient(toRGBA(img), h.orientation), maxEdge, draw.CatmullRom)
	if out == typeJPEG {
		flatten(m)
	}
	body, err := encode(m, out)
	if err != nil {
		return rendition{}, fmt.Errorf("encode photo: %w", err)
	}
	// Bilinear is half the work of Catmull-Rom, and enough for a thumbnail.
	t := fit(m, thumbEdge, draw.BiLinear)
	flatten(t) // may be m itself, which is encoded already
	thumb, err := encode(t, typeJPEG)
	if err != nil {
		return rendition{}, fmt.Errorf("encode thumbnail: %w", err)
	}
	sum := sha256.Sum256(body)
	b := m.Rect
	p := Photo{Hash: hex.EncodeToString(sum[:]), Type: out, Width: b.Dx(), Height: b.Dy(), Size: int64(len(body))}
	return rendition{photo: p, body: body, thumb: thumb}, nil
}

// toRGBA returns img as an *image.RGBA whose bounds start at the origin.
func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok && m.Rect.Min == (image.Point{}) {
		return m
	}
	b := img.Bounds()
	m := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(m, m.Rect, img, b.Min, draw.Src)
	return m
}

// A turn maps a pixel of the upright picture back to the stored one: swap
// exchanges x and y, then mirrorX and mirrorY count from the far side.
type turn struct{ swap, mirrorX, mirrorY bool }

// turns are indexed by EXIF orientation; 0 and 1 need no turn.
var turns = [9]turn{
	2: {mirrorX: true},
	3: {mirrorX: true, mirrorY: true},
	4: {mirrorY: true},
	5: {swap: true},
	6: {swap: true, mirrorY: true},
	7: {swap: true, mirrorX: true, mirrorY: true},
	8: {swap: true, mirrorX: true},
}

// orient returns src turned upright according to its EXIF orientation o.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	t := turns[o]
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if t.swap {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		for x := range dw {
			u, v := x, y
			if t.swap {
				u, v = y, x
			}
			if t.mirrorX {
				u = w - 1 - u
			}
			if t.mirrorY {
				v = h - 1 - v
			}
			s, d := src.PixOffset(u, v), dst.PixOffset(x, y)
			copy(dst.Pix[d:d+4], src.Pix[s:s+4])
		}
	}
	return dst
}

// fit returns src scaled down with the kernel k so that its longer side is at
// most edge pixels, or src itself when it is small enough.
func fit(src *image.RGBA, edge int, k *draw.Kernel) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if w <= edge && h <= edge {
		return src
	}
	if w >= h {
		w, h = edge, max(1, (h*edge+w/2)/w)
	} else {
		w, h = max(1, (w*edge+h/2)/h), edge
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	k.Scale(dst, dst.Rect, src, src.Rect, draw.Src, nil)
	return dst
}

// flatten composes m, in place, over a white background, for JPEG has no
// transparency.
func flatten(m *image.RGBA) {
	p := m.Pix
	for i := 0; i+3 < len(p); i += 4 {
		if a := p[i+3]; a != 0xFF {
			// Premultiplied: the colour over white is c + (1-a)·white.
			k := 0xFF - int(a)
			p[i] = uint8(min(0xFF, int(p[i])+k))
			p[i+1] = uint8(min(0xFF, int(p[i+1])+k))
			p[i+2] = uint8(min(0xFF, int(p[i+2])+k))
			p[i+3] = 0xFF
		}
	}
}

// encode returns m encoded as typ, which is typePNG or typeJPEG. The
// encoders write pixels only: no metadata.
func encode(m image.Image, typ string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if typ == typePNG {
		err = png.Encode(&buf, m)
	} else {
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality})
	}
	return buf.Bytes(), err
}
