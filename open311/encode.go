package open311

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
)

// format is a response format, chosen by the suffix of the path.
type format string

// Formats: XML is the spec's required format, JSON its optional one.
const (
	formatXML  format = "xml"
	formatJSON format = "json"
)

// formats lists the formats every method is served in.
var formats = []format{formatXML, formatJSON}

// parseFormat returns the format named by a path suffix, or "".
func parseFormat(s string) format {
	switch f := format(s); f {
	case formatXML, formatJSON:
		return f
	}
	return ""
}

// formatOf guesses the format of any path: JSON for .json, else XML.
func formatOf(path string) format {
	if strings.HasSuffix(path, ".json") {
		return formatJSON
	}
	return formatXML
}

// contentType returns the Content-Type of responses in f.
func (f format) contentType() string {
	if f == formatJSON {
		return "application/json; charset=utf-8"
	}
	return "text/xml; charset=utf-8"
}

// A doc is a response body that can be written in either format: in JSON
// the value itself, in XML the value under a root element.
type doc struct {
	json any
	xml  func(e *xml.Encoder) error
}

// list is a doc of items: a JSON array, or in XML <root><item>…</item></root>.
func list[T any](root, item string, items []T) doc {
	if items == nil {
		items = []T{}
	}
	return doc{json: items, xml: func(e *xml.Encoder) error {
		return marshalList(e, xml.StartElement{Name: xml.Name{Local: root}}, item, items)
	}}
}

// object is a doc of one value: a JSON object, or in XML <root>…</root>.
func object(root string, v any) doc {
	return doc{json: v, xml: func(e *xml.Encoder) error {
		return e.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}})
	}}
}

// xmlHeader is the declaration that precedes every XML response.
const xmlHeader = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// encode writes d in format f.
func (d doc) encode(f format) ([]byte, error) {
	var buf bytes.Buffer
	if f == formatJSON {
		if err := json.NewEncoder(&buf).Encode(d.json); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	buf.WriteString(xmlHeader)
	e := xml.NewEncoder(&buf)
	if err := d.xml(e); err != nil {
		return nil, err
	}
	if err := e.Close(); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// number is a float written in plain decimal notation in XML too
// (encoding/xml would write 1e-05), so that lat and long read as numbers.
type number float64

// MarshalXML implements xml.Marshaler.
func (n number) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	return e.EncodeElement(strconv.FormatFloat(float64(n), 'f', -1, 64), start)
}

// num returns a pointer to x as a number.
func num(x float64) *number {
	n := number(x)
	return &n
}

// marshalList writes items as <start><item>…</item>…</start>. Fields of
// list types tagged omitempty leave out an empty list altogether, where
// encoding/xml's "a>b" tags would write an empty <a></a>.
func marshalList[T any](e *xml.Encoder, start xml.StartElement, item string, items []T) error {
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	el := xml.StartElement{Name: xml.Name{Local: item}}
	for i := range items {
		if err := e.EncodeElement(&items[i], el); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// unmarshalList reads the <item> children of start, skipping others.
func unmarshalList[T any](d *xml.Decoder, start xml.StartElement, item string) ([]T, error) {
	var out []T
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if el.Name.Local != item {
				if err := d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			var v T
			if err := d.DecodeElement(&v, &el); err != nil {
				return nil, err
			}
			out = append(out, v)
		case xml.EndElement:
			return out, nil
		}
	}
}
