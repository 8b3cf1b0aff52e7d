package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync"
)

// The PDF's font. fpdf embeds TrueType (glyf) fonts only, not CFF/OTF, and
// reads one font, not a collection (.ttc); Debian's CJK TrueType fonts come
// as collections, so the first font of one is taken out (fontFromTTC).
// No font is built into the binary: FontPaths are looked for, in order,
// unless the server is given one (--report-font).

// FontPaths are where Debian's packages put a TrueType CJK font; the first
// that exists is used. fonts-wqy-microhei (Apache 2.0 or GPLv3; scripts/test
// installs it) comes first.
var FontPaths = []string{
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
}

// ErrNoFont is returned when no CJK font was found for the PDF.
var ErrNoFont = errors.New("no CJK TrueType font for the PDF: install fonts-wqy-microhei or give --report-font")

var font struct {
	sync.Mutex
	path string // as configured; "" looks through FontPaths
	data []byte
	err  error
	read bool
}

// SetFont names the font file the PDFs use (a .ttf, or a .ttc whose first
// font is taken); "" looks through FontPaths. It is read when first needed.
func SetFont(path string) {
	font.Lock()
	defer font.Unlock()
	font.path, font.data, font.err, font.read = path, nil, nil, false
}

// FontFile returns the path of the font the PDFs use, or ErrNoFont.
func FontFile() (string, error) {
	font.Lock()
	p := font.path
	font.Unlock()
	if p != "" {
		return p, nil
	}
	for _, p := range FontPaths {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", ErrNoFont
}

// fontBytes returns the TrueType font, read once.
func fontBytes() ([]byte, error) {
	path, err := FontFile()
	font.Lock()
	defer font.Unlock()
	if font.read {
		return font.data, font.err
	}
	if err == nil {
		var b []byte
		if b, err = os.ReadFile(path); err == nil {
			font.data, err = fontFromTTC(b)
		}
		if err != nil {
			err = fmt.Errorf("report font %s: %w", path, err)
		}
	}
	font.err, font.read = err, true
	return font.data, font.err
}

// fontFromTTC returns b itself when it is a single font, or the first font
// of a TrueType collection as a font file of its own: its table directory
// with its tables copied after it, the offsets rewritten.
func fontFromTTC(b []byte) ([]byte, error) {
	if len(b) < 12 || string(b[:4]) != "ttcf" {
		return b, nil
	}
	u16 := func(o int) int { return int(binary.BigEndian.Uint16(b[o:])) }
	u32 := func(o int) int { return int(binary.BigEndian.Uint32(b[o:])) }
	if u32(8) < 1 || len(b) < 16 {
		return nil, errors.New("an empty font collection")
	}
	dir := u32(12)
	if dir+12 > len(b) {
		return nil, errors.New("a broken font collection")
	}
	n := u16(dir + 4)
	if dir+12+16*n > len(b) {
		return nil, errors.New("a broken font collection")
	}
	type table struct{ rec, off, length int }
	tables := make([]table, n)
	for i := range n {
		rec := dir + 12 + 16*i
		tables[i] = table{rec, u32(rec + 8), u32(rec + 12)}
		if t := tables[i]; t.off < 0 || t.length < 0 || t.off+t.length > len(b) {
			return nil, errors.New("a broken font collection")
		}
	}
	out := make([]byte, 12+16*n)
	copy(out, b[dir:dir+12+16*n])
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return tables[order[i]].off < tables[order[j]].off })
	for _, i := range order {
		t := tables[i]
		binary.BigEndian.PutUint32(out[12+16*i+8:], uint32(len(out)))
		out = append(out, b[t.off:t.off+t.length]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}
