package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/minio/minio-go/v7/pkg/s3utils"
)

// Location is where a Store keeps its files: a directory, or a prefix in
// an S3-compatible bucket, which several instances may share.
type Location struct {
	Dir string // a directory; or, when it is empty, the bucket below

	Bucket   string // the bucket's name
	Prefix   string // "" or a path ending in "/" that every name starts with
	Endpoint string // host[:port] of the S3 API; default s3.amazonaws.com
	Region   string // "" lets the client ask the server
	Secure   bool   // HTTPS; default true
}

// ParseLocation parses a photo location: a plain path is a directory, and
//
//	s3://BUCKET[/PREFIX][?endpoint=HOST:PORT&region=REGION&secure=false]
//
// is a bucket. Credentials never go in the URL: they come from the
// environment (see OpenStore).
func ParseLocation(s string) (Location, error) {
	if s == "" {
		return Location{}, fmt.Errorf("empty photo location: give a directory or s3://BUCKET/PREFIX")
	}
	scheme, _, found := strings.Cut(s, "://")
	if !found {
		return Location{Dir: s}, nil
	}
	if !strings.EqualFold(scheme, "s3") {
		return Location{}, fmt.Errorf("photo location: unknown scheme %q; give a directory or s3://BUCKET/PREFIX", scheme)
	}
	u, err := url.Parse(s)
	if err != nil {
		// Not the URL itself: it may hold a secret.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return Location{}, fmt.Errorf("photo location is not an s3:// URL: %v", err)
	}
	if u.User != nil {
		return Location{}, fmt.Errorf("photo location %q: credentials do not belong in the URL; set GUANJIA_S3_ACCESS_KEY and GUANJIA_S3_SECRET_KEY in the environment", redact(u))
	}
	if u.Opaque != "" || u.Fragment != "" || u.Port() != "" {
		return Location{}, fmt.Errorf("photo location %q: want s3://BUCKET/PREFIX?endpoint=HOST:PORT", s)
	}
	loc := Location{Bucket: u.Host, Endpoint: "s3.amazonaws.com", Secure: true}
	if err := s3utils.CheckValidBucketNameStrict(loc.Bucket); err != nil {
		return Location{}, fmt.Errorf("photo location %q: bucket %q: %v", s, loc.Bucket, err)
	}
	if p := strings.Trim(u.Path, "/"); p != "" {
		for seg := range strings.SplitSeq(p, "/") {
			if seg == "" || seg == "." || seg == ".." {
				return Location{}, fmt.Errorf("photo location %q: the prefix %q has an empty, . or .. part", s, u.Path)
			}
		}
		loc.Prefix = p + "/"
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return Location{}, fmt.Errorf("photo location %q: %w", s, err)
	}
	for k, v := range q {
		if len(v) != 1 {
			return Location{}, fmt.Errorf("photo location %q: %s given %d times", s, k, len(v))
		}
		switch k {
		case "endpoint":
			h, err := url.Parse("//" + v[0])
			if err != nil || v[0] == "" || h.Host != v[0] || h.Hostname() == "" {
				return Location{}, fmt.Errorf("photo location %q: endpoint %q is not HOST or HOST:PORT", s, v[0])
			}
			if p := h.Port(); p != "" {
				if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
					return Location{}, fmt.Errorf("photo location %q: endpoint %q has a bad port", s, v[0])
				}
			}
			loc.Endpoint = v[0]
		case "region":
			loc.Region = v[0]
		case "secure":
			b, err := strconv.ParseBool(v[0])
			if err != nil {
				return Location{}, fmt.Errorf("photo location %q: secure=%q: want true or false", s, v[0])
			}
			loc.Secure = b
		default:
			return Location{}, fmt.Errorf("photo location %q: unknown parameter %q (endpoint, region and secure are known)", s, k)
		}
	}
	return loc, nil
}

func redact(u *url.URL) string {
	c := *u
	c.User = url.User("REDACTED")
	return c.String()
}

func (l Location) String() string {
	if l.Bucket == "" {
		return l.Dir
	}
	return "s3://" + l.Bucket + "/" + l.Prefix + " at " + l.Endpoint
}

// bucketBlobs keeps files in an S3-compatible bucket, under a prefix.
type bucketBlobs struct {
	client *minio.Client
	loc    Location
}

// newBucketBlobs connects to loc's bucket with the credentials in the
// environment and checks that the bucket is there.
func newBucketBlobs(ctx context.Context, loc Location, getenv func(string) string) (*bucketBlobs, error) {
	key, secret := getenv("GUANJIA_S3_ACCESS_KEY"), getenv("GUANJIA_S3_SECRET_KEY")
	if key == "" && secret == "" {
		key, secret = getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	}
	if key == "" || secret == "" {
		return nil, fmt.Errorf("photos in %s: set GUANJIA_S3_ACCESS_KEY and GUANJIA_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) in the environment", loc)
	}
	tr, err := bucketTransport(loc.Secure)
	if err != nil {
		return nil, fmt.Errorf("photos in %s: %w", loc, err)
	}
	client, err := minio.New(loc.Endpoint, &minio.Options{
		Creds:      credentials.NewStaticV4(key, secret, getenv("AWS_SESSION_TOKEN")),
		Secure:     loc.Secure,
		Region:     loc.Region,
		Transport:  tr,
		MaxRetries: bucketAttempts,
	})
	if err != nil {
		return nil, fmt.Errorf("photos in %s: %w", loc, err)
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	ok, err := client.BucketExists(ctx, loc.Bucket)
	if err != nil {
		return nil, fmt.Errorf("photos in %s: %w", loc, err)
	} else if !ok {
		return nil, fmt.Errorf("photos in %s: there is no bucket %q; create it first", loc, loc.Bucket)
	}
	return &bucketBlobs{client: client, loc: loc}, nil
}

// How the bucket's client gives up on a server that went silent (its
// machine or the network between lost): minio-go's defaults try a request
// ten times, each waiting a minute for the answer's headers, so that a
// photo's upload or a thumbnail would wait ten minutes. Bounded so, a
// request fails within about half a minute; Save's own deadline is
// shorter still (SaveTimeout).
const (
	bucketAttempts      = 2
	bucketDialTimeout   = 5 * time.Second
	bucketHeaderTimeout = 10 * time.Second
)

// bucketTransport is minio-go's transport with the bounds above.
func bucketTransport(secure bool) (*http.Transport, error) {
	tr, err := minio.DefaultTransport(secure)
	if err != nil {
		return nil, err
	}
	tr.DialContext = (&net.Dialer{Timeout: bucketDialTimeout, KeepAlive: 15 * time.Second}).DialContext
	tr.ResponseHeaderTimeout = bucketHeaderTimeout
	return tr, nil
}

func (b *bucketBlobs) String() string { return b.loc.String() }

func (b *bucketBlobs) put(ctx context.Context, name string, data []byte, contentType string) error {
	_, err := b.client.PutObject(ctx, b.loc.Bucket, b.loc.Prefix+name, bytes.NewReader(data), int64(len(data)),
		minio.PutObjectOptions{ContentType: contentType})
	return err
}

func (b *bucketBlobs) get(ctx context.Context, name string) (io.ReadSeekCloser, blobInfo, error) {
	obj, err := b.client.GetObject(ctx, b.loc.Bucket, b.loc.Prefix+name, minio.GetObjectOptions{})
	if err != nil {
		return nil, blobInfo{}, notExist(err)
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, blobInfo{}, notExist(err)
	}
	return obj, blobInfo{Size: info.Size, ModTime: info.LastModified}, nil
}

func (b *bucketBlobs) stat(ctx context.Context, name string) (blobInfo, error) {
	info, err := b.client.StatObject(ctx, b.loc.Bucket, b.loc.Prefix+name, minio.StatObjectOptions{})
	if err != nil {
		return blobInfo{}, notExist(err)
	}
	return blobInfo{Size: info.Size, ModTime: info.LastModified}, nil
}

func (b *bucketBlobs) exists(ctx context.Context, name string) (bool, error) {
	return statExists(b.stat(ctx, name))
}

// notExist turns the S3 answers for a missing object into fs.ErrNotExist.
func notExist(err error) error {
	r := minio.ToErrorResponse(err)
	if r.Code == "NoSuchKey" || r.StatusCode == http.StatusNotFound {
		return fmt.Errorf("%w: %v", fs.ErrNotExist, err)
	}
	return err
}
