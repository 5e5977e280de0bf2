package stock

import "sync"

type Store struct {
	mu    sync.Mutex
	items map[string]int
}

// Take removes one item; it reports false when none is left.
func (s *Store) Take(name string) bool {
	s.mu.Lock()
	if s.items[name] == 0 {
		return false
	}
	s.items[name]--
	s.mu.Unlock()
	return true
}
