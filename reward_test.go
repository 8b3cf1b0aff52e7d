package guanjia_test

import (
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
)

func TestReceiptCode(t *testing.T) {
	if len(guanjia.ReceiptAlphabet) != 32 || strings.ContainsAny(guanjia.ReceiptAlphabet, "01IO") {
		t.Fatalf("alphabet %q", guanjia.ReceiptAlphabet)
	}
	code := guanjia.NewReceiptCode([]byte{0, 31, 32, 255, 7, 8, 100, 200})
	if code != "2Z2Z9A6A" {
		t.Errorf("code = %s", code)
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"2ZZZ9ALA", "2ZZZ9ALA", true},
		{" 2zzz-9ala ", "2ZZZ9ALA", true},
		{"2ZZZ 9ALA", "2ZZZ9ALA", true},
		{"2ZZZ9AL", "", false},
		{"2ZZZ9ALO", "", false}, // O is not in the alphabet
		{"2ZZZ9AL1", "", false},
		{"我们的码", "", false},
	}
	for _, tt := range tests {
		got, ok := guanjia.NormalizeReceiptCode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeReceiptCode(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzNormalizeReceiptCode: whatever is typed, a code that comes out is a
// valid code and normalises to itself.
func FuzzNormalizeReceiptCode(f *testing.F) {
	for _, s := range []string{"2ZZZ9ALA", " 2zzz-9ala ", "", "\xff\xfe", "OOOOOOOO", "2222-2222-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := guanjia.NormalizeReceiptCode(s)
		if !ok {
			return
		}
		if len(code) != guanjia.ReceiptLength || strings.Trim(code, guanjia.ReceiptAlphabet) != "" {
			t.Fatalf("%q gave the invalid code %q", s, code)
		}
		if again, ok := guanjia.NormalizeReceiptCode(code); !ok || again != code {
			t.Fatalf("%q does not normalise to itself", code)
		}
	})
}

func TestRewardValidate(t *testing.T) {
	good := guanjia.Reward{Name: "洗衣液", Kind: guanjia.RewardGoods, Cost: 30, Stock: 10}
	for _, tt := range []struct {
		name  string
		mod   func(*guanjia.Reward)
		field string
	}{
		{"good", func(*guanjia.Reward) {}, ""},
		{"free", func(r *guanjia.Reward) { r.Cost = 0 }, "cost"},
		{"negative stock", func(r *guanjia.Reward) { r.Stock = -1 }, "stock"},
		{"unknown kind", func(r *guanjia.Reward) { r.Kind = "cash" }, "kind"},
	} {
		r := good
		tt.mod(&r)
		if got := fieldOf(r.Validate()); got != tt.field {
			t.Errorf("%s: field %q, want %q", tt.name, got, tt.field)
		}
	}
}

func TestMayUseReceipt(t *testing.T) {
	clerk := guanjia.Actor{UserID: 30, Role: guanjia.RoleHandler, Unit: "shops"}
	for _, tt := range []struct {
		actor   guanjia.Actor
		partner string
		want    bool
	}{
		{clerk, "shops", true},
		{clerk, "", false},
		{clerk, "other", false},
		{actors["dispatcher"], "shops", true},
		{actors["housekeeper"], "shops", false},
		{actors["leader"], "", false},
	} {
		if got := guanjia.MayUseReceipt(tt.actor, tt.partner); got != tt.want {
			t.Errorf("%+v for %q: %v, want %v", tt.actor, tt.partner, got, tt.want)
		}
	}
}
