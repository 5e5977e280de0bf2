package produce

// Produce sends 1..n on a channel and returns it.
func Produce(n int) <-chan int {
	ch := make(chan int, n)
	go func() {
		close(ch)
		for i := 1; i <= n; i++ {
			ch <- i
		}
	}()
	return ch
}
