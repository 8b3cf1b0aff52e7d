package media

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseLocation(t *testing.T) {
	good := []struct {
		in   string
		want Location
	}{
		{"data/media", Location{Dir: "data/media"}},
		{"/srv/guanjia photos", Location{Dir: "/srv/guanjia photos"}},
		{"s3://photos", Location{Bucket: "photos", Endpoint: "s3.amazonaws.com", Secure: true}},
		{"s3://photos/county/a/?endpoint=minio.internal:9000&region=cn-east-1&secure=false",
			Location{Bucket: "photos", Prefix: "county/a/", Endpoint: "minio.internal:9000", Region: "cn-east-1"}},
	}
	for _, tt := range good {
		got, err := ParseLocation(tt.in)
		if err != nil {
			t.Errorf("ParseLocation(%q): %v", tt.in, err)
		} else if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseLocation(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	bad := []struct{ in, want string }{
		{"", "empty"},
		{"https://bucket.example.org/photos", "unknown scheme"},
		{"s3://", "bucket"},
		{"s3://No_Such_Bucket", "bucket"},
		{"s3://key:secret@photos", "environment"},
		{"https://key:secret@photos", "unknown scheme"},
		{"s3://key:secret@bad host", "not an s3:// URL"},
		{"s3://photos:9000", "want s3://"},
		{"s3://photos/a/../b", ".."},
		{"s3://photos?endpoint=", "endpoint"},
		{"s3://photos?endpoint=http://minio:9000", "endpoint"},
		{"s3://photos?endpoint=minio:99999", "port"},
		{"s3://photos?secure=maybe", "secure"},
		{"s3://photos?acl=public", "unknown parameter"},
		{"s3://photos?region=a&region=b", "2 times"},
	}
	for _, tt := range bad {
		_, err := ParseLocation(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseLocation(%q) error = %v, want one saying %q", tt.in, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseLocation(%q) error %q repeats the secret", tt.in, err)
		}
	}
}

// FuzzParseLocation: any input is a directory, a bucket with a valid name,
// or an error; it never panics, and a bucket's credentials never get in.
func FuzzParseLocation(f *testing.F) {
	for _, s := range []string{"data/media", "s3://photos/a?endpoint=h:9000&secure=false", "s3://k:s@b", "s3://b?region=%zz", "S3://b//"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, err := ParseLocation(s)
		if err != nil {
			if _, rest, ok := strings.Cut(s, "://"); ok {
				if user, _, ok := strings.Cut(rest, "@"); ok {
					if _, pass, ok := strings.Cut(user, ":"); ok && len(pass) >= 8 && strings.Contains(err.Error(), pass) {
						t.Errorf("ParseLocation(%q) error %q repeats the password", s, err)
					}
				}
			}
			return
		}
		if loc.Bucket == "" {
			if loc.Dir != s {
				t.Errorf("ParseLocation(%q).Dir = %q", s, loc.Dir)
			}
			return
		}
		if loc.Endpoint == "" || strings.Contains(loc.Endpoint, "/") || strings.Contains(loc.Endpoint, "@") {
			t.Errorf("ParseLocation(%q).Endpoint = %q", s, loc.Endpoint)
		}
		if loc.Prefix != "" && (!strings.HasSuffix(loc.Prefix, "/") || strings.HasPrefix(loc.Prefix, "/") || strings.Contains(loc.Prefix, "//")) {
			t.Errorf("ParseLocation(%q).Prefix = %q", s, loc.Prefix)
		}
	})
}
