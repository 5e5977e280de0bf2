package quiz

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		o        Observation
		ok, tout bool
		want     Outcome
	}{
		{Observation{Stdout: "3\n"}, true, false, Prints},
		{Observation{Stderr: "==================\nWARNING: DATA RACE\nWrite at 0x00c000012345", Exit: 66}, false, false, DataRace},
		{Observation{Stderr: "fatal error: all goroutines are asleep - deadlock!\n", Exit: 2}, false, false, Deadlock},
		{Observation{Exit: -1}, false, true, Deadlock},
		{Observation{Stderr: "panic: close of closed channel\n\ngoroutine 1 [running]:", Exit: 2}, false, false, Panics},
		{Observation{Stderr: "fatal error: sync: unlock of unlocked mutex", Exit: 2}, false, false, Panics},
		{Observation{Stderr: "exit status 1", Exit: 1}, false, false, ""},
	} {
		if got := classify(tc.o, tc.ok, tc.tout); got != tc.want {
			t.Errorf("classify(%+v) = %q, want %q", tc.o, got, tc.want)
		}
	}
}

// A wrong stated answer must be caught, or the course test proves nothing.
func TestVerifyQuestionCatchesWrongAnswers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs under -race")
	}
	const prints = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1 + 1) }\n"
	for _, tc := range []struct {
		name, program string
		outcome       Outcome
		output        string
		want          string // "" for a stated answer that holds
	}{
		{"prints right", prints, Prints, "2\n", ""},
		{"prints wrong text", prints, Prints, "3", `the answer says it prints "3" but run 1 of 2 printed "2"`},
		{"wrong outcome", prints, Deadlock, "", `the answer says deadlock but run 1 of 2 printed "2"`},
		{"not a race", prints, DataRace, "", "no run of 2 reported one"},
		{"compile error", "package main\n\nfunc main() { x := 1 }\n", CompileError, "", ""},
		{"blocked forever", "package main\n\nfunc main() { select {} }\n", Deadlock, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := &Question{ID: "q", Type: Trace, Program: tc.program, Outcome: tc.outcome, Output: tc.output}
			err := VerifyQuestion(context.Background(), q, VerifyOptions{Runs: 2, Timeout: 10 * time.Second})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
