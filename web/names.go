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

	"state:open": "Open for claims", "state:full": "Full", "state:ended": "Ended", "state:cancelled": "Cancelled",

	"claim:claimed": "Claimed", "claim:checked_in": "Checked in", "claim:completed": "Done, awaiting confirmation",
	"claim:confirmed": "Confirmed", "claim:rejected": "Not accepted",

	"reward:goods": "Goods", "reward:service": "Service", "reward:coin": "Civility coins",
	"receipt:issued": "Not used yet", "receipt:used": "Used",

	"keeper:pending": "Pending", "keeper:approved": "Approved", "keeper:declined": "Declined", "keeper:suspended": "Suspended",

	"points:report": "Report", "points:onspot": "Handled on the spot", "points:verify": "Check of a fix",
	"points:task": "Task", "points:redeem": "Redeemed", "points:reversal": "Reversed",
	"call:called": "Called", "call:accepted": "Accepted",

	// B&B grades: GB/T 41648-2022's, and Zhejiang's (guanjia.BnBGrades, BnBZJGrades).
	"grade:甲": "Grade A", "grade:乙": "Grade B", "grade:丙": "Grade C",
	"grade:白金宿": "Platinum B&B (Zhejiang)", "grade:金宿": "Gold B&B (Zhejiang)", "grade:银宿": "Silver B&B (Zhejiang)",

	"channel:dingtalk": "DingTalk robot", "channel:wecom": "WeCom robot", "channel:feishu": "Feishu robot",
	"channel:webhook": "Webhook", "channel:email": "Email", "channel:sms": "Text message",

	// The background jobs by their leases' names (app, RunJobs and friends).
	"job:sweep": "Deadlines and automatic closing", "job:reports": "Monthly reports' archive",
	"job:points": "Housekeepers' points", "job:webhooks": "Housekeepers' webhooks",
	"job:notify-plan": "Planning notifications", "job:notify-reminders": "Reminders of deadlines",
	"job:notify-bnb":      "B&B licence and rectification reminders",
	"job:notify-dingtalk": "Sending to DingTalk", "job:notify-wecom": "Sending to WeCom",
	"job:notify-feishu": "Sending to Feishu", "job:notify-webhook": "Sending to webhooks",
	"job:notify-email": "Sending emails", "job:notify-sms": "Sending text messages",
}

// named returns the name of a code of a kind in lang, or the code itself.
func named(lang, kind string, code any) string {
	c := fmt.Sprint(code)
	if n, ok := codeNames[kind+":"+c]; ok {
		return translate(lang, n)
	}
	return c
}
