package guanjia

import (
	"regexp"
	"strings"
)

// Report is a new case as a reporter submits it, before it is placed,
// routed and numbered.
type Report struct {
	Category    string         `json:"category"`
	Lat         float64        `json:"lat"`
	Lng         float64        `json:"lng"`
	Datum       string         `json:"datum,omitempty"` // "wgs84" (default) or "gcj02"
	Address     string         `json:"address,omitempty"`
	Description string         `json:"description"`
	Attributes  map[string]any `json:"attributes,omitempty"`
	Photos      []string       `json:"photos,omitempty"` // media hashes uploaded before
	// ClientID is a client-generated UUID that makes a retried submission
	// return the existing case instead of a second one. It is unique per
	// reporter: someone else's report with the same ClientID is a new case.
	ClientID string `json:"client_id,omitempty"`
	// FreshClientID says that the edge made ClientID itself just now (an
	// Open311 request without one): no earlier case can have it, so intake
	// does not look for one.
	FreshClientID bool `json:"-"`
	// Addr is the network address it came from, set by the edge: for a
	// person without an account it stands for the reporter of a ClientID.
	Addr    string  `json:"-"`
	Channel Channel `json:"channel,omitempty"`
	// Contact details, for anonymous reporters; signed-in reporters' come from their account.
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// Jurisdiction is the town; "" means the one the point lies in or the default.
	Jurisdiction string `json:"jurisdiction,omitempty"`
	// MediaURL is an external photo link (Open311's media_url).
	MediaURL string `json:"media_url,omitempty"`
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ValidClientID reports whether s is a UUID in its canonical text form.
func ValidClientID(s string) bool { return uuidRE.MatchString(s) }

// Validate checks the fields a reporter supplies.
func (r *Report) Validate() error {
	if err := r.checkText(); err != nil {
		return err
	}
	r.Description = strings.TrimSpace(r.Description)
	r.Address = strings.TrimSpace(r.Address)
	r.Category = strings.TrimSpace(r.Category)
	c := Case{Category: r.Category, Lat: r.Lat, Lng: r.Lng, Address: r.Address, Description: r.Description}
	if err := c.Validate(); err != nil {
		return err
	}
	switch {
	case r.Lat == 0 && r.Lng == 0 && r.Address == "":
		return FieldErrorf(EINVALID, "lat", "A location is required.")
	case r.ClientID != "" && !ValidClientID(r.ClientID):
		return FieldErrorf(EINVALID, "client_id", "client_id must be a UUID.")
	case len(r.Photos) > MaxPhotos:
		return FieldErrorf(EINVALID, "photos", "At most %d photos.", MaxPhotos)
	case len(r.Name) > 100 || len(r.Phone) > 40 || len(r.Email) > 200:
		return FieldErrorf(EINVALID, "name", "Contact details are too long.")
	}
	return nil
}

// checkText checks that every text field is valid text (see ValidText).
func (r *Report) checkText() error {
	err := CheckTexts("category", r.Category, "datum", r.Datum, "address", r.Address,
		"description", r.Description, "client_id", r.ClientID, "channel", string(r.Channel),
		"name", r.Name, "phone", r.Phone, "email", r.Email, "jurisdiction", r.Jurisdiction,
		"media_url", r.MediaURL)
	if err != nil {
		return err
	}
	if err := checkAny("attributes", r.Attributes); err != nil {
		return err
	}
	return checkAny("photos", r.Photos)
}

// Receipt is what intake returns: the case, whether it was created now
// (false when a retried client_id found the existing one), the anonymous
// reporter's tracking token (shown once, only when created) and open cases
// nearby that look like the same problem.
type Receipt struct {
	Case       *Case   `json:"case"`
	Created    bool    `json:"created"`
	Tracking   string  `json:"tracking,omitempty"`
	Duplicates []*Case `json:"duplicates,omitempty"`
}
