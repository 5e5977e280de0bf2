package classreport

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var (
	screenshot = flag.String("screenshot", "", "also save the browser's screenshot of the class report to `FILE`")
	classOut   = flag.String("class-out", "", "check the report.html and gradebook.json that `gilgrade grade --out DIR` wrote into `DIR` too")
)

// chromium finds Debian's chromium (or a Chrome); .ci/run installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed, so the class report was not checked in a browser: `apt-get install chromium` (.ci/run installs it when it can)")
	return ""
}

// browse runs headless chromium on a page with args, and returns its stdout.
func browse(t *testing.T, bin, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir()}, args...)
	cmd := exec.CommandContext(ctx, bin, append(args, "file://"+page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.Bytes())
	}
	return stdout.Bytes()
}

func TestPageInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: renders the class report in headless Chromium; TestPageGolden checks the page, the full suite runs its script in a browser")
	}
	bin := chromium(t)
	dir := t.TempDir()
	book, c, shipped := class(t, 20)
	if err := Write(dir, book, c, shipped); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "gradebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	book.WriteJSON(f)
	f.Close()
	checkInChromium(t, bin, dir, *screenshot)
	if *classOut != "" {
		t.Run("class-out", func(t *testing.T) { checkInChromium(t, bin, *classOut, "") })
	}
}

var (
	codeCell   = regexp.MustCompile(`data-exercise="([^"]+)" data-code="([^"]+)">(\d+)<`)
	passedCell = regexp.MustCompile(`<span data-exercise="([^"]+)" data-passed="\d+">(\d+)<`)
)

// checkInChromium opens dir/report.html in the browser and checks what it shows
// against dir/gradebook.json: the students each code hit per exercise, the
// passes per exercise; then takes a screenshot and looks for the charts' bars.
func checkInChromium(t *testing.T, bin, dir, keep string) {
	page := filepath.Join(dir, "report.html")
	gb, err := os.ReadFile(filepath.Join(dir, "gradebook.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantCodes, wantPassed := codeCounts(t, gb)

	dom := browse(t, bin, page, "--dump-dom")
	gotCodes := map[string]int{}
	for _, m := range codeCell.FindAllSubmatch(dom, -1) {
		n, _ := strconv.Atoi(string(m[3]))
		gotCodes[string(m[1])+" "+string(m[2])] = n
	}
	if len(gotCodes) == 0 || len(gotCodes) != len(wantCodes) {
		t.Errorf("the page shows %d exercise codes, the gradebook has %d", len(gotCodes), len(wantCodes))
	}
	for k, n := range wantCodes {
		if gotCodes[k] != n {
			t.Errorf("%s: the page shows %d students, the gradebook has %d", k, gotCodes[k], n)
		}
	}
	passed := passedCell.FindAllSubmatch(dom, -1)
	if len(passed) == 0 {
		t.Error("the page shows no exercise's passes")
	}
	for _, m := range passed {
		n, _ := strconv.Atoi(string(m[2]))
		if want := wantPassed[string(m[1])]; n != want {
			t.Errorf("%s: the page shows %d passed, the gradebook has %d", m[1], n, want)
		}
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	browse(t, bin, page, "--screenshot="+shot, "--window-size=1000,1400")
	img := decodePNG(t, shot)
	// The score chart and the pass chart are drawn with these fills; a
	// screenshot without enough of them did not show the charts.
	if n := countColor(img, 0x2f, 0x5d, 0x9e); n < 3000 {
		t.Errorf("the screenshot shows %d pixels of the charts' bars, expected the charts (over 3000)", n)
	}
	if n := countColor(img, 0xe8, 0xa3, 0x3d); n < 500 {
		t.Errorf("the screenshot shows %d pixels of failed exercises in the pass chart, expected over 500", n)
	}
	if keep != "" {
		b, _ := os.ReadFile(shot)
		if err := os.WriteFile(keep, b, 0o644); err != nil {
			t.Error(err)
		}
	}
}

func decodePNG(t *testing.T, name string) image.Image {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("chromium took no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// countColor counts the pixels within a small distance of a color (the
// browser's color management may shift it slightly).
func countColor(img image.Image, r, g, b uint8) int {
	n := 0
	bounds := img.Bounds()
	near := func(a uint32, b uint8) bool { d := int(a>>8) - int(b); return d > -12 && d < 12 }
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if near(pr, r) && near(pg, g) && near(pb, b) {
				n++
			}
		}
	}
	return n
}
