package iooverlap

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

var errBankDown = errors.New("bank is down")

// fakeServices answers every call after 500ms of fake time and records how many
// calls were waiting at once.
type fakeServices struct {
	mu       sync.Mutex
	inFlight int
	peak     int
	calls    int
}

func (f *fakeServices) slow() {
	f.mu.Lock()
	f.calls++
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	f.mu.Unlock()

	time.Sleep(500 * time.Millisecond)

	f.mu.Lock()
	f.inFlight--
	f.mu.Unlock()
}

func (f *fakeServices) Profile(user string) string {
	f.slow()
	return "Ada Lovelace (" + user + ")"
}

func (f *fakeServices) Orders(user string) []string {
	f.slow()
	return []string{"ORD-001", "ORD-002"}
}

func (f *fakeServices) Balance(user string) (int, error) {
	f.slow()
	if user == "mallory" {
		return 0, errBankDown
	}
	return 4250, nil
}

func (f *fakeServices) Weather(city string) string {
	f.slow()
	return "sunny in " + city
}

func TestLoadDashboardValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{}
		d, err := LoadDashboard(s, "ada", "London")
		if err != nil {
			t.Fatalf("LoadDashboard returned the error %q, expected none: only the user mallory has a failing balance", err)
		}
		if d.Profile != "Ada Lovelace (ada)" {
			t.Errorf("expected the profile %q, got %q", "Ada Lovelace (ada)", d.Profile)
		}
		if want := []string{"ORD-001", "ORD-002"}; !slices.Equal(d.Orders, want) {
			t.Errorf("expected the orders %v, got %v", want, d.Orders)
		}
		if d.Balance != 4250 {
			t.Errorf("expected a balance of 4250 cents, got %d", d.Balance)
		}
		if d.Weather != "sunny in London" {
			t.Errorf("expected the weather %q, got %q", "sunny in London", d.Weather)
		}
		if s.calls != 4 {
			t.Errorf("expected 4 service calls (one per service), got %d", s.calls)
		}
	})
}

// In a synctest bubble time is fake and moves only when every goroutine waits:
// four overlapping 500ms calls take exactly 500ms, in a row exactly 2s.
func TestLoadDashboardOverlap(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{}
		start := time.Now()
		LoadDashboard(s, "ada", "London")
		took := time.Since(start)
		if took >= time.Second {
			t.Attr("gilgrade.code", "sequential")
			t.Errorf("4 calls of 500ms took %v of fake time, with at most %d waiting at once: some ran one after another; started together they take 500ms", took, s.peak)
		} else if took != 500*time.Millisecond || s.peak != 4 {
			t.Errorf("4 calls of 500ms took %v of fake time with at most %d at once, expected 500ms with all 4 at once", took, s.peak)
		}
	})
}

func TestLoadDashboardBalanceError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &fakeServices{}
		start := time.Now()
		d, err := LoadDashboard(s, "mallory", "Paris")
		took := time.Since(start)
		if !errors.Is(err, errBankDown) {
			t.Fatalf("the balance service failed with %q, expected LoadDashboard to return an error wrapping it, got %v", errBankDown, err)
		}
		if d.Profile != "" || d.Orders != nil || d.Weather != "" {
			t.Errorf("expected an empty Dashboard with the error, got %+v", d)
		}
		if took != 500*time.Millisecond {
			t.Errorf("a failing balance still waits for all 4 calls: expected 500ms of fake time, got %v", took)
		}
	})
}
