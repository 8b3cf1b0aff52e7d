package guanjia

import "time"

// TownZone is the town's time zone, China Standard Time (UTC+8), in which
// its days begin and end: the day of a case number, a points day, a date
// typed in a form or a query. China has kept no daylight saving time since
// 1991, so a fixed zone agrees with Asia/Shanghai for every date that
// matters and needs no time zone database.
var TownZone = time.FixedZone("CST", 8*3600)
