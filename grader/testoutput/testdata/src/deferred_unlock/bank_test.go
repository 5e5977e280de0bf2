package bank

import "testing"

func TestDeposit(t *testing.T) {
	var a Account
	a.Deposit(10)
	if a.balance != 10 {
		t.Errorf("balance = %d, want 10", a.balance)
	}
}
