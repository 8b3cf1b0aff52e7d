package httpapi_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// TestProjectAPI: over HTTP, the investor of project A reads A and its
// channel and posts to it with a PDF; project B, its channel and its
// files are 404 to them; a file that is neither picture nor PDF is 422;
// the PDF is served to a member as a download, and 404 to a leader, who
// is no member.
func TestProjectAPI(t *testing.T) {
	eachDB(t, func(t *testing.T, e *testEnv) {
		inv, inv2 := e.login("investor"), e.login("investor-2")
		var mine, theirs struct {
			Projects []struct{ ID int64 }
		}
		e.mustDo("GET", "/api/v1/projects", inv, nil, http.StatusOK, &mine)
		e.mustDo("GET", "/api/v1/projects", inv2, nil, http.StatusOK, &theirs)
		if len(mine.Projects) == 0 || len(theirs.Projects) == 0 {
			t.Fatalf("%d and %d projects", len(mine.Projects), len(theirs.Projects))
		}
		a, b := fmt.Sprintf("/api/v1/projects/%d", mine.Projects[0].ID), fmt.Sprintf("/api/v1/projects/%d", theirs.Projects[0].ID)
		e.mustDo("GET", a, inv, nil, http.StatusOK, nil)
		e.mustDo("GET", b, inv, nil, http.StatusNotFound, nil)
		e.mustDo("GET", b+"/messages", inv, nil, http.StatusNotFound, nil)
		e.mustDo("POST", b+"/messages", inv, map[string]any{"body": "hi"}, http.StatusNotFound, nil)
		e.mustDo("GET", b+"/files/1", inv, nil, http.StatusNotFound, nil)
		e.mustDo("POST", a+"/messages", inv, map[string]any{"body": ""}, http.StatusBadRequest, nil)

		post := func(name string, data []byte) (int, string) {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			mw.WriteField("body", "图纸见附件 @沈涛")
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+a+"/messages", &buf)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+inv)
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out bytes.Buffer
			out.ReadFrom(resp.Body)
			return resp.StatusCode, out.String()
		}
		if st, body := post("evil.html", []byte("<script>alert(1)</script>")); st != http.StatusUnprocessableEntity {
			t.Errorf("an HTML file: %d %s", st, body)
		}
		st, body := post("../图纸.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
		if st != http.StatusCreated || !strings.Contains(body, `"name":"图纸.pdf"`) {
			t.Fatalf("a PDF: %d %s", st, body)
		}
		var ch struct {
			Messages []struct {
				File *struct{ ID int64 }
			}
		}
		e.mustDo("GET", a+"/messages", e.login("steward"), nil, http.StatusOK, &ch)
		last := ch.Messages[len(ch.Messages)-1]
		if last.File == nil {
			t.Fatalf("the last message has no file")
		}
		file := fmt.Sprintf("%s/files/%d", a, last.File.ID)
		st, got := e.do("GET", file, inv, nil)
		if st != http.StatusOK || !strings.HasPrefix(string(got), "%PDF-") {
			t.Errorf("the PDF to the investor: %d", st)
		}
		e.mustDo("GET", file, e.login("leader"), nil, http.StatusNotFound, nil)
		e.mustDo("GET", file, inv2, nil, http.StatusNotFound, nil)
	})
}
