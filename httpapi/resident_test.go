package httpapi_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
	"github.com/guanjia/guanjia/internal/dbtest"
)

// TestPhoneSignInAPI: over real HTTP, a report sent without an account
// gets its tracking token; the resident asks for a code (202), is refused
// a wrong one (401) and signs in with the right one, handing over the
// report; the account then sees the report as its reporter, with the
// phone as its contact. A second code within the minute is 429; a number
// that is not a mobile's is 400 on the field phone.
func TestPhoneSignInAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, dsn string) {
		e := newTestEnv(t, dsn)
		ctx := context.Background()
		keeper, err := e.db.GetUserByUsername(ctx, "housekeeper")
		if err != nil {
			t.Fatal(err)
		}
		lat, lng := e.pointIn(keeper.Grid)
		var rec struct {
			guanjia.Case
			TrackingToken string `json:"tracking_token"`
		}
		e.mustDo("POST", "/api/v1/cases", "", map[string]any{"category": "garbage", "lat": lat, "lng": lng,
			"description": "垃圾桶满了", "client_id": "5b0c1f4e-1d2a-4c1b-9a55-3d7a0f1e2b3c"}, http.StatusCreated, &rec)
		if rec.TrackingToken == "" {
			t.Fatal("no tracking token for a report without an account")
		}

		const phone = "13566667777"
		var sent struct{ Phone string }
		e.mustDo("POST", "/api/v1/login/phone/code", "", map[string]string{"phone": "+86 135 6666 7777"}, http.StatusAccepted, &sent)
		if sent.Phone != phone {
			t.Errorf("the number as read: %q", sent.Phone)
		}
		if st, _ := e.do("POST", "/api/v1/login/phone/code", "", map[string]string{"phone": phone}); st != http.StatusTooManyRequests {
			t.Errorf("a second code within the minute: %d", st)
		}
		var bad struct{ Error struct{ Code, Field string } }
		e.mustDo("POST", "/api/v1/login/phone/code", "", map[string]string{"phone": "12345"}, http.StatusBadRequest, &bad)
		if bad.Error.Field != "phone" {
			t.Errorf("a bad number: %+v", bad)
		}
		admin, _ := e.db.GetUserByUsername(ctx, "county-admin")
		texts, err := e.app.Texts(guanjia.ActorOf(admin))
		if err != nil || len(texts) == 0 || texts[0].Key != app.CodeText {
			t.Fatalf("the texts kept: %v, %v", texts, err)
		}
		code := texts[0].Args[0].(string)
		wrong := "000000"
		if code == wrong {
			wrong = "999999"
		}
		if st, _ := e.do("POST", "/api/v1/login/phone", "", map[string]string{"phone": phone, "code": wrong}); st != http.StatusUnauthorized {
			t.Errorf("a wrong code: %d", st)
		}
		var out struct {
			Token string
			User  guanjia.User
		}
		e.mustDo("POST", "/api/v1/login/phone", "", map[string]any{"phone": phone, "code": code,
			"tracked": []app.Tracked{{Number: rec.Number, Token: rec.TrackingToken}}}, http.StatusOK, &out)
		if out.Token == "" || out.User.Role != guanjia.RoleResident || out.User.Phone != phone {
			t.Fatalf("signed in: %+v", out)
		}
		var c guanjia.Case
		e.mustDo("GET", "/api/v1/cases/"+strconv.FormatInt(rec.ID, 10), out.Token, nil, http.StatusOK, &c)
		if c.ReporterID != out.User.ID || c.ReporterPhone != phone {
			t.Errorf("the report after signing in: reporter %d, phone %q; want %d, %s", c.ReporterID, c.ReporterPhone, out.User.ID, phone)
		}
	})
}
