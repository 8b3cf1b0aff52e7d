package app

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/guanjia/guanjia"
)

// The texts of notifications are message keys (English format strings,
// translated by i18n through Options.Translate) with their arguments. What
// goes to staff names the case, its category and place and a link for
// staff; what goes to a reporter, follower or area subscriber names the
// case's number, category and village and never anyone's name or contact.

// staffKeys are the texts for the units, their leads and the command center.
// Arguments: case number, category, address, link.
var staffKeys = map[guanjia.NotifyEvent]string{
	guanjia.NotifyDispatched: "Case %s (%s, %s) was dispatched to your unit. %s",
	guanjia.NotifyReturned:   "Case %s (%s, %s) was returned by the unit and needs a new dispatch. %s",
	guanjia.NotifyNotFixed:   "The reporter says case %s (%s, %s) is not fixed; it is back with your unit. %s",
	guanjia.NotifySupervised: "Case %s (%s, %s) is now supervised by the leadership. %s",
	guanjia.NotifyDueSoon:    "Case %s (%s, %s) reaches its time limit within two hours. %s",
	guanjia.NotifyOverdue:    "Case %s (%s, %s) is overdue. %s",
	guanjia.NotifyExtension:  "Case %s (%s, %s): the unit asks for more time. %s",
	guanjia.NotifyUrgentNew:  "Urgent new case %s (%s, %s). %s",
	guanjia.NotifyUntriaged:  "New case %s (%s, %s) is still waiting for dispatch. %s",
}

// reporterKeys are the texts for the reporter. Arguments: case number,
// category, then the reason or result where there is one, then the link.
var reporterKeys = map[guanjia.NotifyEvent]string{
	guanjia.NotifyAccepted: "Your report %s (%s) was accepted by the unit in charge. Follow it: %s",
	guanjia.NotifyResolved: "Your report %s (%s) is resolved: %s. Is it fixed? Confirm or say it is not: %s",
	guanjia.NotifyRejected: "Your report %s (%s) was not taken up: %s. %s",
	guanjia.NotifyClosed:   "Your report %s (%s) is closed. Thank you. %s",
}

// followerKeys are the texts for followers. Arguments: case number,
// category, link.
var followerKeys = map[guanjia.NotifyEvent]string{
	guanjia.NotifyAccepted: "A case you follow, %s (%s), was accepted by the unit in charge. %s",
	guanjia.NotifyResolved: "A case you follow, %s (%s), is resolved. %s",
	guanjia.NotifyRejected: "A case you follow, %s (%s), was not taken up. %s",
	guanjia.NotifyClosed:   "A case you follow, %s (%s), is closed. %s",
}

// areaKey is the text of an area alert. Arguments: case number, category,
// village, link.
const areaKey = "New case %s in your area: %s in %s. %s"

// emailSubjectKey is the subject of every notification email. Argument:
// case number.
const emailSubjectKey = "Guanjia: case %s"

// NotifyKeys lists every message key of notifications, for the catalogue's
// completeness test.
func NotifyKeys() []string {
	keys := []string{areaKey, emailSubjectKey}
	for _, m := range []map[guanjia.NotifyEvent]string{staffKeys, reporterKeys, followerKeys} {
		for _, k := range m {
			keys = append(keys, k)
		}
	}
	return keys
}

// render writes a notification's text in its language.
func (a *App) render(lang, key string, args []string) string {
	as := make([]any, len(args))
	for i, s := range args {
		as[i] = storedArg(s)
	}
	if a.opts.Translate != nil {
		return a.opts.Translate(lang, key, as...)
	}
	return fmt.Sprintf(key, as...)
}

// storedArg is an argument as stored (written out as text when the message
// was planned or queued): it prints as it is under any verb, so that a key
// written for a number (%d) renders the stored digits.
type storedArg string

func (s storedArg) Format(f fmt.State, _ rune) { io.WriteString(f, string(s)) }

// categoryName is a category's name in lang.
func (a *App) categoryName(c *guanjia.Case, lang string) string {
	cat, ok := a.categoryIn(c.Category, c.Jurisdiction)
	if !ok {
		return c.Category
	}
	if lang == "en" && cat.NameEN != "" {
		return cat.NameEN
	}
	return cat.NameZH
}

// villageName is the name of a case's village, or its address's start.
func (a *App) villageName(c *guanjia.Case, lang string) string {
	if v := a.ref.Load().villages[c.Village]; v != nil {
		if lang == "en" && v.NameEN != "" {
			return v.NameEN
		}
		return v.Name
	}
	return c.Jurisdiction
}

// staffLink is where staff open a case.
func (a *App) staffLink(c *guanjia.Case) string {
	return fmt.Sprintf("%s/cases/%d", strings.TrimRight(a.opts.PublicURL, "/"), c.ID)
}

// trackLink is the public page of a case.
func (a *App) trackLink(c *guanjia.Case) string {
	return fmt.Sprintf("%s/track/%s", strings.TrimRight(a.opts.PublicURL, "/"), c.Number)
}

// confirmLink is the link in the resolution message that lets the reporter
// say whether the case is fixed without signing in: the signed, single-use
// confirmation link (ConfirmLink). A case no longer resolved when the
// message is planned (answered meanwhile) gets its public page instead.
func (a *App) confirmLink(ctx context.Context, caseID int64) (string, error) {
	path, err := a.ConfirmLink(ctx, caseID)
	if guanjia.ErrorCode(err) == guanjia.EUNPROCESSABLE {
		c, err := a.db.GetCase(ctx, caseID)
		if err != nil {
			return "", err
		}
		return a.trackLink(c), nil
	} else if err != nil {
		return "", err
	}
	return strings.TrimRight(a.opts.PublicURL, "/") + path, nil
}
