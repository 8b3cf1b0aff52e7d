package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/httpapi"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// FuzzDecodeReport: the JSON decoder turns any body into a value or a
// client error, never a panic or an internal error.
func FuzzDecodeReport(f *testing.F) {
	f.Add(`{"category":"garbage","lat":30.74,"lng":120.48,"description":"垃圾"}`)
	f.Add(`{"category":1}`)
	f.Add(`{"photos":["a","b"],"attributes":{"x":[1,2]}}`)
	f.Add(`{} {}`)
	f.Fuzz(func(t *testing.T, body string) {
		var r guanjia.Report
		err := httpapi.DecodeJSON(bytes.NewReader([]byte(body)), &r)
		if err != nil && guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("code %s for %q", guanjia.ErrorCode(err), body)
		}
		if err == nil {
			_ = r.Validate()
		}
		var c guanjia.Command
		if err := httpapi.DecodeJSON(bytes.NewReader([]byte(body)), &c); err != nil && guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("command: code %s", guanjia.ErrorCode(err))
		}
	})
}

// FuzzCaseIntake posts arbitrary bodies to the real intake endpoint on a
// real database: never a 500.
func FuzzCaseIntake(f *testing.F) {
	e := newTestEnv(f, dbtest.SQLite(f))
	tok := e.login("resident")
	f.Add([]byte(`{"category":"garbage","lat":30.745,"lng":120.487,"description":"垃圾"}`))
	f.Add([]byte(`{"category":"traffic-jam","lat":30.745,"lng":120.487,"attributes":{"severity":"jammed","vehicles":"x"}}`))
	f.Add([]byte(`{"category":"garbage","lat":30.745,"lng":120.487,"datum":"gcj02","client_id":"not-a-uuid"}`))
	f.Add([]byte(`{"category":"fire-hazard","lat":1e308,"lng":-1e308,"photos":["00"]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest("POST", "/api/v1/cases", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		e.srv.Config.Handler.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

// FuzzPhotoUpload posts arbitrary files to the real upload endpoint:
// never a 500.
func FuzzPhotoUpload(f *testing.F) {
	e := newTestEnv(f, dbtest.SQLite(f))
	tok := e.login("resident")
	f.Add([]byte("\x89PNG\r\n\x1a\n"), true)
	f.Add([]byte("\xff\xd8\xff\xe1\x00\x10Exif\x00\x00"), false)
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), true)
	f.Add([]byte("GIF89a"), false)
	f.Fuzz(func(t *testing.T, data []byte, multi bool) {
		var body bytes.Buffer
		ct := "image/jpeg"
		if multi {
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile("photo", "x.jpg")
			fw.Write(data)
			mw.Close()
			ct = mw.FormDataContentType()
		} else {
			body.Write(data)
		}
		req := httptest.NewRequest("POST", "/api/v1/photos", &body)
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		e.srv.Config.Handler.ServeHTTP(w, req)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
		if w.Code != http.StatusCreated && w.Code != 400 && w.Code != 413 && w.Code != 422 {
			t.Fatalf("unexpected status %d: %s", w.Code, w.Body)
		}
	})
}
