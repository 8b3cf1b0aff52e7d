package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestServeRefusesBadOptions: a --trusted-proxies that does not parse, a
// --metrics-token too short to guard anything, a --basemap (--tiles) that
// cannot be drawn, a --report-font that is not there, --photos that is
// no directory or usable s3:// URL, an --open311-per-minute that is no
// number or a --job-takeover that is no duration or out of its bounds
// stops serve before it listens, naming the flag.
func TestServeRefusesBadOptions(t *testing.T) {
	tests := []struct {
		name  string
		flags []string
		want  string
	}{
		{"a proxy that is no address", []string{"--trusted-proxies", "10.0.0.0/8,proxy.internal"}, "--trusted-proxies"},
		{"a short metrics token", []string{"--metrics-token", "secret"}, "--metrics-token"},
		{"a base map archive that is not there", []string{"--basemap", "file:/nonexistent/town.pmtiles"}, "--basemap file:/nonexistent/town.pmtiles"},
		{"a Tianditu key that is no key", []string{"--basemap", "tianditu:"}, "--basemap tianditu:"},
		{"a tile template without {y}", []string{"--tiles", "https://tiles.example.org/{z}/{x}.png"}, "lacks {y}"},
		{"a report font that is not there", []string{"--report-font", "/nonexistent/font.ttc"}, "--report-font"},
		{"photos at a URL that is no bucket", []string{"--photos", "ftp://photos.example.org/media"}, "--photos: photo location: unknown scheme"},
		{"photos in a bucket without credentials", []string{"--photos", "s3://photos/town?endpoint=127.0.0.1:9&secure=false"}, "GUANJIA_S3_ACCESS_KEY"},
		{"an Open311 rate that is no number", []string{"--open311-per-minute", "lots"}, "--open311-per-minute"},
		{"a takeover that is no duration", []string{"--job-takeover", "soon"}, "--job-takeover"},
		{"a takeover too quick for a stalled instance", []string{"--job-takeover", "2s"}, "from 10s to 1h"},
		{"both --basemap and --tiles", []string{"--basemap", "tianditu:00ff", "--tiles", "https://t.example.org/{z}/{x}/{y}.png"}, "alias"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			args := append([]string{"serve", "--data", t.TempDir(), "--addr", "127.0.0.1:0"}, tt.flags...)
			err := run(context.Background(), args, noenv, strings.NewReader(""), &out, &out)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("serve %v: %v, want refused naming %s", tt.flags, err, tt.want)
			}
		})
	}
}
