package web

import "fmt"

// codeNames names the codes of the housekeepers' module in English, keyed
// "kind:code"; the template func named translates them.
var codeNames = map[string]string{
	"occupation:postman": "Postman", "occupation:courier": "Courier", "occupation:taxi_driver": "Taxi driver",
	"occupation:milk_carrier": "Milk carrier", "occupation:homemaker": "Homemaker", "occupation:shopkeeper": "Shopkeeper",
	"occupation:retiree": "Retiree", "occupation:cleaner": "Cleaner", "occupation:other": "Other",

	"task:publicity": "Publicity", "task:patrol": "Patrol", "task:traffic": "Traffic guidance",
	"task:cleanup": "Clean-up", "task:mediation": "Mediation", "task:check": "Check a report",

	"state:open": "Open", "state:full": "Full", "state:ended": "Ended", "state:cancelled": "Cancelled",

	"claim:claimed": "Claimed", "claim:checked_in": "Checked in", "claim:completed": "Done, awaiting confirmation",
	"claim:confirmed": "Confirmed", "claim:rejected": "Not accepted",

	"reward:goods": "Goods", "reward:service": "Service", "reward:coin": "Civility coins",
	"receipt:issued": "Not used yet", "receipt:used": "Used",

	"keeper:pending": "Pending", "keeper:approved": "Approved", "keeper:declined": "Declined", "keeper:suspended": "Suspended",

	"points:report": "Report", "points:onspot": "Handled on the spot", "points:verify": "Check of a fix",
	"points:task": "Task", "points:redeem": "Redeemed", "points:reversal": "Reversed",
	"call:called": "Called", "call:accepted": "Accepted",
}

// named returns the name of a code of a kind in lang, or the code itself.
func named(lang, kind string, code any) string {
	c := fmt.Sprint(code)
	if n, ok := codeNames[kind+":"+c]; ok {
		return translate(lang, n)
	}
	return c
}
