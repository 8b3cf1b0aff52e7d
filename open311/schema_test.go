package open311

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The JSON schemas of GeoReport v2 (open311/schema-validation) are read at
// test time from shared/data/open311-schemas, beside the repository or as
// GUANJIA_OPEN311_SCHEMAS says. Shapes they do not cover (discovery,
// errors, updates) have schemas in testdata/schemas; those for POST
// requests and tokens refer to the swagger file's definitions.
var schemaDirs = []string{
	os.Getenv("GUANJIA_OPEN311_SCHEMAS"),
	"../../shared/data/open311-schemas",
	"/work/shared/data/open311-schemas",
}

// shapeFiles maps each response shape to its schema.
var shapeFiles = map[string]string{
	"services":           "services.json",
	"service_definition": "service-definition.json",
	"requests":           "requests.json",
	"created":            "created.json",
	"token":              "token.json",
	"discovery":          "discovery.json",
	"errors":             "errors.json",
	"updates":            "updates.json",
	"posted_update":      "posted-update.json",
}

var (
	schemaOnce sync.Once
	schemaSet  map[string]*jsonschema.Schema
	schemaErr  error
	schemaDir  string

	validatedMu sync.Mutex
	validated   = map[string]int{}
)

// loadSchemas compiles every shape's schema, or returns nil when the
// open311 schemas are not found.
func loadSchemas() (map[string]*jsonschema.Schema, error) {
	schemaOnce.Do(func() {
		for _, d := range schemaDirs {
			if _, err := os.Stat(filepath.Join(d, "request.json")); d != "" && err == nil {
				schemaDir, _ = filepath.Abs(d)
				break
			}
		}
		if schemaDir == "" {
			return
		}
		schemaSet, schemaErr = compileSchemas(schemaDir)
	})
	return schemaSet, schemaErr
}

func compileSchemas(dir string) (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	base := "file://" + filepath.ToSlash(dir) + "/"
	for _, d := range []string{dir, "testdata/schemas"} {
		files, _ := filepath.Glob(filepath.Join(d, "*.json"))
		for _, f := range files {
			if err := addResource(c, base+filepath.Base(f), f); err != nil {
				return nil, err
			}
		}
	}
	out := map[string]*jsonschema.Schema{}
	for shape, file := range shapeFiles {
		s, err := c.Compile(base + file)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", file, err)
		}
		out[shape] = s
	}
	return out, nil
}

func addResource(c *jsonschema.Compiler, url, file string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return c.AddResource(url, doc)
}

// validateShape checks a JSON body against its shape's schema. Without the
// schemas it does nothing; TestSchemas says so.
func validateShape(t testing.TB, shape string, body []byte) {
	t.Helper()
	set, err := loadSchemas()
	if err != nil {
		t.Fatalf("schemas: %v", err)
	}
	if set == nil {
		return
	}
	s, ok := set[shape]
	if !ok {
		t.Fatalf("no schema for shape %q", shape)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", shape, err, body)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s does not match its schema: %v\n%s", shape, err, body)
	}
	validatedMu.Lock()
	validated[shape]++
	validatedMu.Unlock()
}

// TestSchemas makes sure the schemas load and reject what they should.
func TestSchemas(t *testing.T) {
	set, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	if set == nil {
		t.Skipf("Open311 JSON schemas not found in %q: set GUANJIA_OPEN311_SCHEMAS to shared/data/open311-schemas; responses are not validated", schemaDirs)
	}
	bad := map[string]string{
		"requests":  `[{"service_request_id":"1","status":"pending","service_code":"x","requested_datetime":"2026-11-28T10:00:00+08:00"}]`,
		"services":  `[{"service_code":"x","service_name":"X","metadata":true,"type":"sometimes"}]`,
		"created":   `[{"service_request_id":"1","token":"t"}]`,
		"errors":    `[{"code":"400","description":"x"}]`,
		"discovery": `{"changeset":"yesterday","contact":"","key_service":"","endpoints":[],"jurisdictions":[],"extensions":[]}`,
	}
	for shape, body := range bad {
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(body)))
		if err := set[shape].Validate(inst); err == nil {
			t.Errorf("%s schema accepts %s", shape, body)
		}
	}
}

// TestMain runs the tests, then checks that a full run validated every
// response shape against its schema at least once.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && schemaSet != nil && flag.Lookup("test.run").Value.String() == "" {
		var missing []string
		for shape := range shapeFiles {
			if validated[shape] == 0 {
				missing = append(missing, shape)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			fmt.Fprintf(os.Stderr, "FAIL: response shapes never validated against a schema: %v\n", missing)
			code = 1
		}
	}
	os.Exit(code)
}
