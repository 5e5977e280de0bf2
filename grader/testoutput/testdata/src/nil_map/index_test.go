package index

import "testing"

func TestBuild(t *testing.T) {
	idx := Build([]string{"go", "gopher", "chan"})
	if len(idx['g']) != 2 {
		t.Errorf("idx['g'] = %v, want 2 words", idx['g'])
	}
}
