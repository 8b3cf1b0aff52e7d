package i18n

import (
	"net/http/httptest"
	"testing"
)

type status string

func TestSprintf(t *testing.T) {
	got := Sprintf(ZH, "A case that is %s cannot be given the action %s.", status("closed"), "dispatch")
	if want := "处于“已结案”状态的案件不能执行“派遣”操作。"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Sprintf(EN, "Case %d not found.", 7); got != "Case 7 not found." {
		t.Errorf("english: %q", got)
	}
}

func TestFromRequest(t *testing.T) {
	tests := []struct{ accept, query, cookie, want string }{
		{"", "", "", ZH},
		{"en-US,en;q=0.9", "", "", EN},
		{"zh-CN,zh;q=0.9,en;q=0.8", "", "", ZH},
		{"fr-FR", "", "", ZH},
		{"en", "zh", "", ZH},
		{"zh", "", "en", EN},
		{"zh-TW", "", "", ZH},
		{";;;garbage", "", "", ZH},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/?lang="+tt.query, nil)
		r.Header.Set("Accept-Language", tt.accept)
		if tt.cookie != "" {
			r.Header.Set("Cookie", CookieName+"="+tt.cookie)
		}
		if got := FromRequest(r); got != tt.want {
			t.Errorf("accept %q query %q cookie %q: got %s, want %s", tt.accept, tt.query, tt.cookie, got, tt.want)
		}
	}
}

func FuzzFromAcceptLanguage(f *testing.F) {
	f.Add("zh-CN,zh;q=0.9,en;q=0.8")
	f.Add("en-GB;q=0.5")
	f.Fuzz(func(t *testing.T, h string) {
		if l := FromAcceptLanguage(h); l != ZH && l != EN {
			t.Fatalf("language %q", l)
		}
	})
}
