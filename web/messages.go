package web

// jsStrings are the strings the pages' scripts show, handed to them in the
// page's data-config in the viewer's language.
var jsStrings = []string{
	"%s left", "Overdue by %s", "d", "h", "min",
	"New case", "Case %s is now overdue.", "New case: %s",
	"Case %s is waiting past its time limit for dispatch.",
	"Waiting to send", "Sending…", "Not sent yet: no connection.", "Could not send: %s",
	"Sent! Case number %s.", "Follow it", "Remove",
	"Choose what the problem is.", "Set the place on the map.", "Add a photo or a few words.",
	"Locating…", "Location found. Drag the pin if it is not exact.", "Could not get your location. Drag the pin to the place.",
	"Saved on this phone; it will be sent when the connection returns.", "photo", "photos",
	"Live updates", "Reconnecting…", "%s is required.",
	"Waiting %s",
}

// jsMessages returns the scripts' strings in lang, keyed by their English.
func jsMessages(lang string) map[string]string {
	m := make(map[string]string, len(jsStrings)+len(statusKeys))
	for _, s := range jsStrings {
		m[s] = translate(lang, s)
	}
	for _, s := range statusKeys {
		m[s] = translate(lang, s)
	}
	return m
}

var statusKeys = []string{"new", "dispatched", "accepted", "resolved", "closed", "rejected", "merged"}
