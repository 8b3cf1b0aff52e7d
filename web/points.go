package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/i18n"
)

// pointsData is a housekeeper's points: the balance and the ledger, the
// rewards on offer, their receipts, and the receipt just issued.
type pointsData struct {
	Balance     int
	Entries     []entryView
	Rewards     []*guanjia.Reward
	Redemptions []*guanjia.Redemption
	Receipt     *guanjia.Redemption
	PartnerName string            // who honours the receipt
	Errors      map[string]string // by reward id
}

// entryView is a ledger entry with its reason in the viewer's language.
type entryView struct {
	guanjia.PointEntry
	ReasonText string
}

func (s *Server) pointsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.pointsData(r, v)
	if err != nil {
		return err
	}
	if code := r.URL.Query().Get("receipt"); code != "" {
		for _, x := range d.Redemptions {
			if x.Code == code {
				d.Receipt = x
				d.PartnerName = s.ref.get(r.Context()).unitName(v.Lang, x.Partner)
				if x.Partner == "" {
					d.PartnerName = s.t(v.Lang, "the command center")
				}
			}
		}
	}
	return s.show(w, r, v, http.StatusOK, d)
}

func (d *pointsData) page() (string, string)      { return "points", "My points" }
func (d *pointsData) messages() map[string]string { return d.Errors }

func (s *Server) pointsData(r *http.Request, v *viewer) (*pointsData, error) {
	ctx := r.Context()
	p, err := s.app.PointsOf(ctx, v.User.ID)
	if err != nil {
		return nil, err
	}
	d := &pointsData{Balance: p.Balance, Errors: map[string]string{}}
	for _, e := range p.Entries {
		d.Entries = append(d.Entries, entryView{PointEntry: e, ReasonText: reasonText(v.Lang, e.Reason)})
	}
	if d.Rewards, err = s.app.Rewards(ctx, v.Actor); err != nil {
		return nil, err
	}
	if d.Redemptions, err = s.app.MyRedemptions(ctx, v.Actor); err != nil {
		return nil, err
	}
	return d, nil
}

// reasonText translates a ledger entry's reason, which the app writes in
// English, sometimes with a task's title or a reward's name in it.
func reasonText(lang, reason string) string {
	if lang != i18n.ZH {
		return reason
	}
	const task, redeemed = "Task completed and confirmed: ", "Redeemed "
	if title, ok := strings.CutPrefix(reason, task); ok {
		return tf(lang, "Task completed and confirmed: %s", title)
	}
	if rest, ok := strings.CutPrefix(reason, redeemed); ok {
		if name, code, ok := strings.Cut(rest, ", receipt "); ok {
			return tf(lang, "Redeemed %s, receipt %s", name, code)
		}
	}
	return translate(lang, reason)
}

// redeem spends points on a reward and shows the receipt code.
func (s *Server) redeem(w http.ResponseWriter, r *http.Request, v *viewer) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.app.Redeem(r.Context(), v.Actor, id)
	if err == nil {
		http.Redirect(w, r, "/me/points?receipt="+d.Code, http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, row(id), func() (formPage, error) { return s.pointsData(r, v) })
}

// staffRewardsData is the catalogue, the form to add a reward, and the
// receipt being checked.
type staffRewardsData struct {
	Rewards  []*guanjia.Reward
	Kinds    []option
	Partners []option
	Code     string
	Receipt  *guanjia.Redemption
	Used     bool // the receipt was just marked used
	Form     map[string]string
	Errors   map[string]string
}

func (s *Server) staffRewardsPage(w http.ResponseWriter, r *http.Request, v *viewer) error {
	d, err := s.staffRewardsData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if d.Code = strings.TrimSpace(r.URL.Query().Get("code")); d.Code != "" {
		d.Receipt, err = s.app.Receipt(r.Context(), v.Actor, d.Code)
		if _, msg, ok := formFailure(r, err); ok {
			d.Errors["code"], status = msg, guanjia.HTTPStatus(err)
		} else if err != nil {
			return err
		}
	}
	return s.show(w, r, v, status, d)
}

func (d *staffRewardsData) page() (string, string)      { return "staff-rewards", "Rewards" }
func (d *staffRewardsData) messages() map[string]string { return d.Errors }

func (s *Server) staffRewardsData(r *http.Request, v *viewer, form map[string]string) (*staffRewardsData, error) {
	ctx := r.Context()
	rf := s.ref.get(ctx)
	d := &staffRewardsData{Form: form, Errors: map[string]string{}}
	var err error
	if d.Rewards, err = s.app.Rewards(ctx, v.Actor); err != nil {
		return nil, err
	}
	for _, k := range guanjia.RewardKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: named(v.Lang, "reward", k), Selected: string(k) == form["kind"]})
	}
	d.Partners = []option{{Value: "", Label: translate(v.Lang, "Command center")}}
	for _, u := range rf.units {
		if u.Kind == guanjia.UnitPartner || u.Kind == guanjia.UnitCommittee {
			d.Partners = append(d.Partners, option{Value: u.Code, Label: u.Name(v.Lang), Selected: u.Code == form["partner"]})
		}
	}
	return d, nil
}

// staffRewardAdd adds a reward to the catalogue; the app lets only
// administrators keep it.
func (s *Server) staffRewardAdd(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	form := formValues(r)
	cost, _ := strconv.Atoi(strings.TrimSpace(form["cost"]))
	stock, _ := strconv.Atoi(strings.TrimSpace(form["stock"]))
	rw := &guanjia.Reward{Name: form["name"], Description: form["description"], Kind: guanjia.RewardKind(form["kind"]),
		Partner: form["partner"], Cost: cost, Stock: stock, Active: true}
	err := s.app.PutReward(r.Context(), v.Actor, rw)
	if err == nil {
		http.Redirect(w, r, "/staff/rewards", http.StatusSeeOther)
		return nil
	}
	return s.refuse(w, r, v, err, nil, func() (formPage, error) { return s.staffRewardsData(r, v, form) })
}

// staffReceiptUse marks a receipt used when the partner hands over the reward.
func (s *Server) staffReceiptUse(w http.ResponseWriter, r *http.Request, v *viewer) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	d, err := s.staffRewardsData(r, v, map[string]string{})
	if err != nil {
		return err
	}
	d.Code = strings.TrimSpace(r.PostFormValue("code"))
	d.Receipt, err = s.app.UseReceipt(r.Context(), v.Actor, d.Code)
	status := http.StatusOK
	if _, msg, ok := formFailure(r, err); ok {
		d.Errors["code"], status = msg, guanjia.HTTPStatus(err)
		if guanjia.ErrorCode(err) == guanjia.ECONFLICT {
			d.Receipt, _ = s.app.Receipt(r.Context(), v.Actor, d.Code)
		}
	} else if err != nil {
		return err
	}
	d.Used = err == nil
	return s.show(w, r, v, status, d)
}
