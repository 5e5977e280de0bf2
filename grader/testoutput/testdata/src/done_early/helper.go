package squares

import "time"

func slowSquare(n int) int {
	time.Sleep(500 * time.Millisecond)
	return n * n
}
