package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gilgrade/gilgrade/grader/report"
)

// Tamper tests: under --strict each way of getting a grade without filling the
// blanks scores zero for the exercise, with its own code; an honest answer is not
// flagged.

var ex01Solution = []string{"wg.Add(1)", "go", "defer wg.Done()", "wg.Wait()"}

func editFile(t *testing.T, name string, edit func(string) string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(edit(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStrictTamper(t *testing.T) {
	slowEndToEnd(t, "grades four tampered workspaces under go test -race")
	t.Parallel()
	ex := "exercises/ex01_start_join/"
	for _, tc := range []struct {
		name, code string
		tamper     func(t *testing.T, root string)
	}{
		{"edited test file", "test-file-modified", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, ex+"squares_test.go"), func(s string) string {
				return "package startjoin\n\nimport \"testing\"\n\nfunc TestSquares(t *testing.T) {}\n"
			})
		}},
		{"extra test with TestMain", "extra-file", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, ex+"main_test.go"), func(string) string {
				return "package startjoin\n\nimport (\n\t\"os\"\n\t\"testing\"\n)\n\nfunc TestMain(m *testing.M) { os.Exit(0) }\n"
			})
		}},
		{"init that exits", "edit-outside-blank", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, ex+"squares.go"), func(s string) string {
				s = strings.Replace(s, "import (\n", "import (\n\t\"os\"\n", 1)
				return s + "\nfunc init() { os.Exit(0) }\n"
			})
		}},
		{"go.mod replaces a standard library path", "test-file-modified", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, "exercises/go.mod"), func(s string) string {
				return s + "\nreplace sync => ./fakesync\n"
			})
		}},
		{"build tag hides the learner file", "edit-outside-blank", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, ex+"squares.go"), func(s string) string { return "//go:build ignore\n\n" + s })
		}},
		{"edit outside a blank", "edit-outside-blank", func(t *testing.T, root string) {
			editFile(t, filepath.Join(root, ex+"squares.go"), func(s string) string {
				return strings.Replace(s, "time.Sleep(500 * time.Millisecond)", "time.Sleep(0)", 1)
			})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := workspace(t)
			fill(t, root, ex01Solution...)
			tc.tamper(t, root)
			rep, r := checkJSON(t, root, "--strict", "ex01")
			got := rep.Exercises[0]
			if r.code != ExitFailed || got.Status != report.Failed || got.Score != 0 || !hasCode(got, tc.code) {
				t.Fatalf("exit %d, status %s, score %v, codes %v; want failed, 0 and %s\n%s", r.code, got.Status, got.Score, codesOf(got), tc.code, r.stderr)
			}
			// Replaced or left-out files: the exercise still ran, with the
			// course's own files, so the student sees what their fills do.
			if tc.code != "edit-outside-blank" && (len(got.Tests) == 0 || len(rep.Notes) > 0) {
				t.Errorf("not graded with the shipped files: %d tests, notes %v", len(got.Tests), rep.Notes)
			}
			for _, d := range got.Diagnostics {
				if d.Code == tc.code && (d.File == "" || d.Message == "") {
					t.Errorf("diagnostic without file or message: %+v", d)
				}
			}
		})
	}
}

func TestStrictEditReportsLine(t *testing.T) {
	slowEndToEnd(t, "grades an edited exercise under go test -race")
	t.Parallel()
	root := workspace(t)
	fill(t, root, ex01Solution...)
	editFile(t, filepath.Join(root, "exercises/ex01_start_join/squares.go"), func(s string) string {
		return strings.Replace(s, "return n * n", "return n * n * 1", 1)
	})
	// A CI format is strict without being asked.
	r := run(t, root, "check", "--format", "junit", "ex01")
	if r.code != ExitFailed || !strings.Contains(r.stdout, "edit-outside-blank") {
		t.Fatalf("junit: exit %d, no edit-outside-blank:\n%s%s", r.code, r.stdout, r.stderr)
	}
	rep, _ := checkJSON(t, root, "--strict", "ex01")
	for _, d := range rep.Exercises[0].Diagnostics {
		if d.Code == "edit-outside-blank" && (d.Line != 44 || !strings.Contains(d.Source, "n * n * 1")) {
			t.Errorf("edit reported at line %d (%q), want 44", d.Line, d.Source)
		}
	}
	for _, code := range []string{"edit-outside-blank", "extra-file", "test-file-modified"} {
		if r := run(t, root, "explain", code); r.code != ExitOK || !strings.Contains(r.stdout, "strict") {
			t.Errorf("explain %s: exit %d\n%s%s", code, r.code, r.stdout, r.stderr)
		}
	}
	// --strict=false grades the file as it is.
	if rep, _ := checkJSON(t, root, "--strict=false", "ex01"); hasCode(rep.Exercises[0], "edit-outside-blank") || rep.Exercises[0].Status != report.Passed {
		t.Errorf("--strict=false: status %s, codes %v", rep.Exercises[0].Status, codesOf(rep.Exercises[0]))
	}
}

func TestStrictHonest(t *testing.T) {
	slowEndToEnd(t, "grades a reformatted exercise under go test -race")
	t.Parallel()
	root := workspace(t)
	fill(t, root, "wg.Add( 1 )  // one more", "go", "defer   wg.Done() /* done */", "\n\t// all of them\n\twg.Wait()")
	editFile(t, filepath.Join(root, "exercises/ex01_start_join/squares.go"), func(s string) string {
		s = strings.Replace(s, "// slowSquare takes half a second, like a call over the network.\n", "", 1)
		return strings.ReplaceAll(s, "\n", "\r\n") + "\n// my notes\n"
	})
	// Leftovers that go ignores are not extra files.
	os.WriteFile(filepath.Join(root, "exercises/ex01_start_join/squares.go.bak"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(root, "exercises/ex01_start_join/.#squares.go"), []byte("x"), 0o644)
	rep, r := checkJSON(t, root, "--strict", "ex01")
	ex := rep.Exercises[0]
	if r.code != ExitOK || ex.Status != report.Passed || ex.Score != ex.MaxScore || hasCode(ex, "edit-outside-blank") || hasCode(ex, "extra-file") || hasCode(ex, "test-file-modified") {
		t.Fatalf("exit %d, status %s, codes %v\n%s", r.code, ex.Status, codesOf(ex), r.stderr)
	}
}
