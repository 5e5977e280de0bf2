package ticker

// First returns a channel that gets the first of values.
func First(values []int) <-chan int {
	ch := make(chan int)
	for _, v := range values {
		go func() {
			ch <- v
		}()
	}
	return ch
}
