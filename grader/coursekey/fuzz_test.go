package coursekey

import (
	"strings"
	"testing"
)

// FuzzParse: no value of --key or $GILGRADE_KEY (a pasted secret, a truncated
// file) makes the key reader panic, and a key that reads has a hash of its files.
func FuzzParse(f *testing.F) {
	k, err := Pack(demo())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(k.Bytes())
	f.Add([]byte(k.Compact()))
	f.Add([]byte("gilgrade course key\nversion: 1\n-- a --\n"))
	f.Add([]byte("H4sIAAAAAAAA"))
	f.Fuzz(func(t *testing.T, data []byte) {
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
