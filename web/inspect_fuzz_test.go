package web

import (
	"encoding/json"
	"net/url"
	"testing"

	"github.com/guanjia/guanjia"
)

// FuzzInspectionForm: whatever an inspection form or JSON body holds,
// reading and checking it either fails with EINVALID or EUNPROCESSABLE, or
// yields one result per checklist item, in its order, each pass, fail or
// na, with the counts matching.
func FuzzInspectionForm(f *testing.F) {
	for _, seed := range [][5]string{
		{"1", "pass", "fail", "灭火器过期", "c-1"},
		{"", "", "", "", ""},
		{"2", "ok", "na", "\x00", "x"},
		{"1", "na", "na", "<b>x</b>", "-1"},
	} {
		f.Add(seed[0], seed[1], seed[2], seed[3], seed[4], []byte(`{"kind":"fire","version":1,"results":[{"code":"a","result":"pass"},{"code":"b","result":"fail","photo":"x"}]}`))
	}
	cl := &guanjia.Checklist{Kind: guanjia.InspectFire, Version: 1, Items: []guanjia.ChecklistItem{{Code: "a"}, {Code: "b", Serious: true}}}
	check := func(t *testing.T, in guanjia.InspectionInput) {
		rs, passed, failed, err := guanjia.CheckInspection(&in, cl)
		if err != nil {
			if c := guanjia.ErrorCode(err); c != guanjia.EINVALID && c != guanjia.EUNPROCESSABLE {
				t.Fatalf("error %v", err)
			}
			return
		}
		p, fl := 0, 0
		for i, r := range rs {
			switch {
			case r.Code != cl.Items[i].Code:
				t.Fatalf("result %d is %q", i, r.Code)
			case r.Result == guanjia.ItemPass:
				p++
			case r.Result == guanjia.ItemFail:
				fl++
			case r.Result != guanjia.ItemNA:
				t.Fatalf("result %q", r.Result)
			}
		}
		if len(rs) != len(cl.Items) || p != passed || fl != failed {
			t.Fatalf("%d results, %d/%d passed, %d/%d failed", len(rs), p, passed, fl, failed)
		}
	}
	f.Fuzz(func(t *testing.T, version, a, b, note, client string, body []byte) {
		form := url.Values{"version": {version}, "result-a": {a}, "result-b": {b}, "note-b": {note}, "client_id": {client}}
		if in, err := inspectionFromForm(form, cl); err == nil {
			check(t, in)
		} else if guanjia.ErrorCode(err) != guanjia.EINVALID {
			t.Fatalf("form: %v", err)
		}
		var in guanjia.InspectionInput
		if json.Unmarshal(body, &in) == nil {
			check(t, in)
		}
	})
}
