package dash

import "sync"

// Services are two slow back ends.
type Services interface {
	Profile() string
	Orders() string
}

// Load asks both services at once.
func Load(s Services) (profile, orders string) {
	var wg sync.WaitGroup
	orders = s.Orders()
	wg.Go(func() { profile = s.Profile() })
	wg.Wait()
	return profile, orders
}
