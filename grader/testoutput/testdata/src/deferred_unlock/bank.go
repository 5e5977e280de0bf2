package bank

import "sync"

type Account struct {
	mu      sync.Mutex
	balance int
}

// Deposit adds amount to the balance.
func (a *Account) Deposit(amount int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.balance += amount
	a.mu.Unlock()
}
