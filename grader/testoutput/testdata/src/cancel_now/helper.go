package status

import "time"

func slowStatus() string {
	time.Sleep(500 * time.Millisecond)
	return "paid"
}
