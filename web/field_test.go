package web

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guanjia/guanjia"
)

// FuzzMediationForm: any form sent to the mediation route is read into an
// update or refused with a field error, never a panic or another error.
func FuzzMediationForm(f *testing.F) {
	for _, s := range []string{"part=session&mediator=committee&mediator_name=x&note=y", "part=parties&applicant_name=a",
		"part=outcome&outcome=court", "part=followup&note=z", "part=", "%zz", "part=parties"} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, guanjia.TownZone)
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/cases/1/mediation", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		u, err := mediationForm(r, now)
		if err != nil {
			if guanjia.ErrorCode(err) != guanjia.EINVALID {
				t.Errorf("%q: %v", body, err)
			}
			return
		}
		vals, _ := url.ParseQuery(body)
		if u.Outcome == guanjia.OutcomeReferral && u.Referral != vals.Get("outcome") {
			t.Errorf("%q: referral %q", body, u.Referral)
		}
	})
}

// TestPointReasonsInChinese: every reason the system writes on the points
// ledger reads in Chinese on a Chinese page (they are stored in English,
// the catalogue's keys, and translated when shown).
func TestPointReasonsInChinese(t *testing.T) {
	for _, r := range []string{"Handled on the spot; the fix was confirmed.", "Report accepted and confirmed fixed.",
		"Checked someone else's fix.", "The case was reopened: the fix did not hold.",
		"Task completed and confirmed: 河道清理", "Redeemed 免费理发一次, receipt AB12CD"} {
		got := reasonText("zh", r)
		if got == r || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") && !strings.Contains(r, "receipt") {
			t.Errorf("%q reads %q in Chinese", r, got)
		}
	}
}
