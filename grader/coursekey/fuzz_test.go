package coursekey

import (
	"strings"
	"testing"
	"testing/fstest"
)

// maxFuzzKey bounds the keys FuzzParse reads. The fuzzer minimises every input
// that finds new code by trying to cut out each range of it, about n²/2 runs
// for n bytes, and a run that passes the hash check loads the course inside:
// seeded with the 1 KB demo key, it spent whole runs minimising one input.
// The seeds are a key of the smallest course that loads; the course's and the
// quizzes' own fuzz targets explore their files, TestPackParseRoundTrip and
// TestParseRefuses real keys.
const maxFuzzKey = 512

// tinyCourse is the smallest course source that packs into a key.
func tinyCourse() fstest.MapFS {
	return fstest.MapFS{
		"exercises/course.toml": {Data: []byte("id = \"t\"\ntitle = \"T\"\ngo = \"1.25\"\nexercises = [\"ex01_a\"]\n")},
		"exercises/ex01_a/exercise.toml": {Data: []byte("title = \"A\"\npoints = 1\nfiles = [\"a.go\"]\nsolution = [\"1\"]\n" +
			"hints = [\"h\", \"i\"]\n[[mistakes]]\nname = \"m\"\nfills = { 1 = \"2\" }\nexpect = [\"test-failed\"]\n")},
		"exercises/go.mod":      {Data: []byte("module t\n")},
		"exercises/ex01_a/a.go": {Data: []byte("package p\n\nvar x = ___\n")},
	}
}

// FuzzParse: no value of --key or $GILGRADE_KEY (a pasted secret, a truncated
// file) makes the key reader panic, and a key that reads has a hash of its files.
func FuzzParse(f *testing.F) {
	k, err := Pack(tinyCourse())
	if err != nil {
		f.Fatal(err)
	}
	// The text form without the line for people, which Parse does not read.
	text, _, _ := strings.Cut(string(k.Bytes()), "This file holds")
	text += "-- " + strings.SplitN(string(k.Bytes()), "\n-- ", 2)[1]
	for _, seed := range []string{text, k.Compact()} {
		if _, err := Parse([]byte(seed)); err != nil || len(seed) > maxFuzzKey {
			f.Fatalf("seed of %d bytes: %v\n%s", len(seed), err, seed)
		}
		f.Add([]byte(seed))
	}
	f.Add([]byte("gilgrade course key\nversion: 1\n-- a --\n"))
	f.Add([]byte("H4sIAAAAAAAA"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzKey {
			return
		}
		k, err := Parse(data)
		if err != nil {
			if k != nil {
				t.Fatal("a key with an error")
			}
			return
		}
		if !strings.HasPrefix(k.Hash, "sha256:") || hashFiles(k.files) != k.Hash {
			t.Fatalf("a key whose hash does not match: %s", k.Hash)
		}
	})
}
