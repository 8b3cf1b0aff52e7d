package guanjia

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Nightly occupancy (民宿入住): each night's rooms and guests occupied of a
// B&B, numbers only (guests' identities stay in the police system). One
// report per B&B and night; a later one replaces it. Summed per village,
// against the beds, it is the visitor load.

// NightLayout is how a night is written: its date in the town's zone.
const NightLayout = "2006-01-02"

// Occupancy sources.
const (
	NightByOwner = "owner" // the owner's form or API
	NightByStaff = "staff" // the staff's form or API
	NightByCSV   = "csv"   // the association's or town's bulk upload
)

// DefaultLoadThreshold is the load (percent of beds) past which a village
// raises an alert when no threshold is set for it or its town.
const DefaultLoadThreshold = 90

// BnBNight is one B&B's occupancy of one night.
type BnBNight struct {
	BnBID        int64     `json:"bnb_id"`
	Night        string    `json:"night"` // YYYY-MM-DD
	Jurisdiction string    `json:"jurisdiction"`
	Village      string    `json:"village"`
	Rooms        int       `json:"rooms"`  // occupied
	Guests       int       `json:"guests"` // staying
	Beds         int       `json:"beds"`   // the B&B's beds, copied at the report
	ReportedBy   int64     `json:"reported_by"`
	Source       string    `json:"source"`
	ReportedAt   time.Time `json:"reported_at"`
}

// ParseNight reads a night (YYYY-MM-DD) as a date in the town's zone.
func ParseNight(s string) (time.Time, error) {
	t, err := time.ParseInLocation(NightLayout, strings.TrimSpace(s), TownZone)
	if err != nil {
		return time.Time{}, FieldErrorf(EINVALID, "night", "Give the night as a date, YYYY-MM-DD.")
	}
	return t, nil
}

// Tonight is the night of now in the town: before 06:00 it is still the
// night that began the day before.
func Tonight(now time.Time) string {
	return now.In(TownZone).Add(-6 * time.Hour).Format(NightLayout)
}

// nightsBack is how far back a night may be reported (or corrected).
const nightsBack = 366

// CheckNight validates n against its B&B b at now: the night is tonight or
// a past night of the last year, the rooms within b's rooms, the guests
// within twice b's beds (a double bed sleeps two), and guests only in
// occupied rooms.
func CheckNight(b *BnB, n *BnBNight, now time.Time) error {
	t, err := ParseNight(n.Night)
	if err != nil {
		return err
	}
	n.Night = t.Format(NightLayout)
	tonight, _ := ParseNight(Tonight(now))
	switch {
	case t.After(tonight):
		return FieldErrorf(EUNPROCESSABLE, "night", "A night is reported when it has begun, not ahead.")
	case tonight.Sub(t) > nightsBack*24*time.Hour:
		return FieldErrorf(EUNPROCESSABLE, "night", "Nights of the last year only.")
	case b.Status != BnBOperating:
		return FieldErrorf(EUNPROCESSABLE, "night", "Only an operating B&B reports its nights.")
	case n.Rooms < 0 || n.Rooms > b.Rooms:
		return FieldErrorf(EINVALID, "rooms", "Rooms occupied are between 0 and the B&B's %d rooms.", b.Rooms)
	case n.Guests < 0 || n.Guests > 2*b.Beds:
		return FieldErrorf(EINVALID, "guests", "Guests are between 0 and twice the B&B's %d beds.", b.Beds)
	case n.Guests > 0 && n.Rooms == 0:
		return FieldErrorf(EINVALID, "rooms", "Guests stay in occupied rooms: give the rooms occupied.")
	case n.Rooms > 0 && n.Guests == 0:
		return FieldErrorf(EINVALID, "guests", "Give the guests in the occupied rooms.")
	}
	n.BnBID, n.Jurisdiction, n.Village, n.Beds = b.ID, b.Jurisdiction, b.Village, b.Beds
	return nil
}

// MayReportNight reports whether a may report b's nights: its owner, and
// the staff who may change it (committee of its village, command center,
// administrators).
func MayReportNight(a Actor, b *BnB, committeeVillage string, reaches bool) bool {
	return MayEditBnB(a, b, committeeVillage, reaches)
}

// MayUploadNights reports whether a may upload many B&Bs' nights at once:
// the town's command center (for the association) and administrators.
func MayUploadNights(a Actor) bool { return CommandRoles.Allows(a.Role) }

// MayWatchLoad reports whether a may see the visitor load: the staff.
func MayWatchLoad(a Actor) bool { return StaffRoles.Allows(a.Role) }

// MaySetLoadThreshold reports whether a may set the load thresholds.
func MaySetLoadThreshold(a Actor) bool { return CommandRoles.Allows(a.Role) }

// NightRow is one row of a bulk upload, numbered from 1 after the header.
type NightRow struct {
	Line   int
	BnBID  int64
	Night  string
	Rooms  int
	Guests int
}

// RowError is what is wrong with one row of a bulk upload: Message in
// English, Key and Args for the edges to say it in the reader's language.
type RowError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Key     string `json:"-"`
	Args    []any  `json:"-"`
}

// RowErrorf returns the error of a row about a field.
func RowErrorf(line int, field, format string, args ...any) RowError {
	return RowError{Line: line, Field: field, Message: fmt.Sprintf(format, args...), Key: format, Args: args}
}

// RowErrorOf turns an *Error about a row into a RowError.
func RowErrorOf(line int, err error) RowError {
	var e *Error
	if errors.As(err, &e) {
		return RowError{Line: line, Field: e.Field, Message: e.Message(), Key: e.Format, Args: e.Args}
	}
	return RowErrorf(line, "", "Internal error.")
}

func (e RowError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Message) }

// MaxNightRows bounds a bulk upload.
const MaxNightRows = 20000

// nightColumns are the header names a CSV may use, English or Chinese.
var nightColumns = map[string]string{
	"bnb_id": "bnb_id", "民宿编号": "bnb_id", "night": "night", "日期": "night",
	"rooms": "rooms", "入住房间": "rooms", "guests": "guests", "入住人数": "guests",
}

// ParseNightsCSV reads a bulk upload: a header naming the columns bnb_id,
// night, rooms, guests (or 民宿编号, 日期, 入住房间, 入住人数) in any order,
// then a row per B&B and night. It returns the rows and, for every row that
// cannot be read, an error naming its line (lines count from 1 at the
// header). A file with any error is refused whole.
func ParseNightsCSV(r io.Reader) ([]NightRow, []RowError) {
	cr := csv.NewReader(io.LimitReader(r, 4<<20))
	cr.FieldsPerRecord, cr.TrimLeadingSpace, cr.ReuseRecord = -1, true, true
	head, err := cr.Read()
	if err != nil {
		return nil, []RowError{RowErrorf(1, "", "The file is empty or not CSV: the first line names the columns bnb_id, night, rooms, guests.")}
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if name, ok := nightColumns[strings.ToLower(h)]; ok {
			col[name] = i
		}
	}
	for _, name := range []string{"bnb_id", "night", "rooms", "guests"} {
		if _, ok := col[name]; !ok {
			return nil, []RowError{RowErrorf(1, name, "The first line names no column %s.", name)}
		}
	}
	var rows []NightRow
	var errs []RowError
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line := 0
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
		} else if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		if err != nil && !errors.Is(err, csv.ErrFieldCount) {
			errs = append(errs, RowErrorf(line, "", "This line is not valid CSV."))
			break
		}
		if len(rows)+len(errs) >= MaxNightRows {
			errs = append(errs, RowErrorf(line, "", "A file has at most %d rows.", MaxNightRows))
			break
		}
		get := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if blank(rec) {
			continue
		}
		row, e := nightRow(line, get)
		if e != nil {
			errs = append(errs, *e)
			continue
		}
		key := fmt.Sprintf("%d|%s", row.BnBID, row.Night)
		if first, dup := seen[key]; dup {
			errs = append(errs, RowErrorf(line, "night", "B&B %d's night %s is also on line %d.", row.BnBID, row.Night, first))
			continue
		}
		seen[key] = line
		rows = append(rows, row)
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = append(errs, RowErrorf(2, "", "The file has no rows after its first line."))
	}
	return rows, errs
}

// rowErrp is the error of a row with a message without arguments.
func rowErrp(line int, field, msg string) *RowError {
	return &RowError{Line: line, Field: field, Message: msg, Key: msg}
}

func blank(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

func nightRow(line int, get func(string) string) (NightRow, *RowError) {
	row := NightRow{Line: line}
	for _, f := range []string{"bnb_id", "night", "rooms", "guests"} {
		if v := get(f); !utf8.ValidString(v) || len(v) > 40 {
			return row, rowErrp(line, f, "This value is too long or not UTF-8.")
		}
	}
	id, err := strconv.ParseInt(get("bnb_id"), 10, 64)
	if err != nil || id <= 0 {
		return row, rowErrp(line, "bnb_id", "bnb_id is the B&B's number in the registry.")
	}
	t, err := ParseNight(get("night"))
	if err != nil {
		return row, rowErrp(line, "night", "night is a date, YYYY-MM-DD.")
	}
	rooms, err := strconv.Atoi(get("rooms"))
	if err != nil || rooms < 0 {
		return row, rowErrp(line, "rooms", "rooms is a whole number, 0 or more.")
	}
	guests, err := strconv.Atoi(get("guests"))
	if err != nil || guests < 0 {
		return row, rowErrp(line, "guests", "guests is a whole number, 0 or more.")
	}
	row.BnBID, row.Night, row.Rooms, row.Guests = id, t.Format(NightLayout), rooms, guests
	return row, nil
}

// VillageLoad is the visitor load of a village (or, with Village "", a
// town) on a night: the guests reported against the beds of the operating
// B&Bs.
type VillageLoad struct {
	Jurisdiction string `json:"jurisdiction"`
	Village      string `json:"village"`
	Night        string `json:"night"`
	BnBs         int    `json:"bnbs"`     // operating B&Bs
	Reported     int    `json:"reported"` // of them, those that reported the night
	Beds         int    `json:"beds"`     // of all operating B&Bs
	Rooms        int    `json:"rooms"`    // of all operating B&Bs
	RoomsTaken   int    `json:"rooms_occupied"`
	Guests       int    `json:"guests"`
	Threshold    int    `json:"threshold"` // percent
}

// Load is the guests as a percentage of the beds, rounded down; 0 without beds.
func (l VillageLoad) Load() int {
	if l.Beds <= 0 {
		return 0
	}
	return l.Guests * 100 / l.Beds
}

// Over reports whether the load has passed its threshold.
func (l VillageLoad) Over() bool { return l.Threshold > 0 && l.Beds > 0 && l.Load() >= l.Threshold }

// CheckLoadThreshold validates a threshold in percent.
func CheckLoadThreshold(p int) error {
	if p < 1 || p > 200 {
		return FieldErrorf(EINVALID, "threshold", "A load threshold is a percentage from 1 to 200.")
	}
	return nil
}
