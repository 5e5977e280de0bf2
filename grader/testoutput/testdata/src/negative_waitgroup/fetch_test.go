package fetch

import "testing"

func TestFetchAll(t *testing.T) {
	FetchAll([]string{"a", "b", "c"}, func(string) {})
}
