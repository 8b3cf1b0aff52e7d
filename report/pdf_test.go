package report

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/guanjia/guanjia"
	"github.com/guanjia/guanjia/app"
)

// TestPDFNotable: a notable case without an address is placed by its
// village's name, in the reader's language, with why it is notable.
func TestPDFNotable(t *testing.T) {
	if _, err := FontFile(); err != nil && os.Getenv("CI") == "" {
		t.Skip(err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("CI") == "" {
		t.Skip("pdftotext (Debian poppler-utils) is not installed")
	}
	c := &guanjia.Case{ID: 1, Number: "WZ-20261105-0039", Village: "v1", Category: "garbage", Status: guanjia.StatusDispatched,
		Description: "河埠头有人倒了一堆装修垃圾。"}
	rep := &app.PeriodReport{Period: "2026-11", From: "2026-11-01", To: "2026-12-01", TownZH: "乌镇镇", TownEN: "Wuzhen",
		Villages: []app.ReportRow{{Figures: guanjia.Figures{Key: "v1", Received: 1}, NameZH: "浮澜桥村", NameEN: "Fulanqiao Village"}},
		Notable:  []app.NotableCase{{Kind: "overdue", Case: c, Score: 659}}}
	var buf bytes.Buffer
	if err := PDF(&buf, rep, "en"); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = &buf
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	line := ""
	for l := range strings.Lines(string(out)) {
		if strings.Contains(l, c.Number) {
			line = strings.Join(strings.Fields(l), " ")
		}
	}
	if want := "WZ-20261105-0039 garbage Fulanqiao Village dispatched 659 h overdue 河埠头有人倒了一堆装修垃圾。"; line != want {
		t.Errorf("the notable case's line:\n%q, want\n%q", line, want)
	}
}
