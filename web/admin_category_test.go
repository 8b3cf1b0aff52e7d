package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestCategoryFormKeepsEveryField: the category form sets a category's
// descriptions, its time to dispatch and when an overdue case goes to the
// county, and a category saved again as the form shows it keeps them
// (the form used to leave them out, and a save wiped them).
func TestCategoryFormKeepsEveryField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		c := e.client("county-admin")
		form := func() url.Values {
			st, body, _ := e.get(c, "/admin/categories?edit=garbage")
			if st != http.StatusOK {
				t.Fatalf("GET the category form: %d", st)
			}
			return formFields(t, body, "category-form")
		}
		save := func(f url.Values) {
			if st, body, _ := e.post(c, "/admin/categories", f); st != http.StatusSeeOther {
				t.Fatalf("POST the category form: %d %.300s", st, body)
			}
		}
		want := guanjia.Category{DescriptionZH: "生活垃圾乱堆乱放", DescriptionEN: "Household waste dumped",
			TriageLimit: guanjia.Limit{N: 1, Unit: guanjia.ClockHours}, ReferAfter: guanjia.Limit{N: 2, Unit: guanjia.WorkingDays}}
		check := func(when string) {
			got, _ := e.app.CategoryIn("garbage", "")
			if got.DescriptionZH != want.DescriptionZH || got.DescriptionEN != want.DescriptionEN ||
				got.TriageLimit != want.TriageLimit || got.ReferAfter != want.ReferAfter {
				t.Errorf("%s: descriptions %q %q, time to dispatch %v, to the county after %v; want %q %q %v %v", when,
					got.DescriptionZH, got.DescriptionEN, got.TriageLimit, got.ReferAfter,
					want.DescriptionZH, want.DescriptionEN, want.TriageLimit, want.ReferAfter)
			}
		}
		f := form()
		f.Set("description_zh", want.DescriptionZH)
		f.Set("description_en", want.DescriptionEN)
		f.Set("triage_limit", "1h")
		f.Set("refer_after", "2wd")
		save(f)
		check("set from the form")
		save(form())
		check("saved again as the form shows it")
		f = form()
		f.Set("triage_limit", "soon")
		if st, body, _ := e.post(c, "/admin/categories", f); st != http.StatusBadRequest || !strings.Contains(body, `id="err-triage_limit"`) {
			t.Errorf("a time to dispatch of %q: %d, want 400 with the refusal beside the field", "soon", st)
		}
	})
}

// formFields reads the fields of the form with id as a browser would send
// them: inputs (checked boxes only), text areas and selected options.
func formFields(t *testing.T, body, id string) url.Values {
	t.Helper()
	start := strings.Index(body, `id="`+id+`"`)
	end := strings.Index(body[max(start, 0):], "</form>")
	if start < 0 || end < 0 {
		t.Fatalf("no form %s", id)
	}
	body = body[start : start+end]
	attr := func(tag, name string) string {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return ""
		}
		return html.UnescapeString(m[1])
	}
	f := url.Values{}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(body, -1) {
		if attr(tag, "type") == "checkbox" && !strings.Contains(tag, " checked") {
			continue
		}
		if name := attr(tag, "name"); name != "" {
			f.Add(name, attr(tag, "value"))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		f.Add(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if o := regexp.MustCompile(`<option value="([^"]*)"[^>]*selected`).FindStringSubmatch(m[2]); o != nil {
			f.Add(m[1], html.UnescapeString(o[1]))
		}
	}
	return f
}
