package split

// Halves splits xs into two halves processed in parallel.
func Halves(xs []int) (int, int) {
	a, b := make(chan int), make(chan int)
	go func() { a <- sum(xs[:len(xs)/2]) }()
	go func() { b <- sum(xs[len(xs)/2+1:]) }()
	return <-a, <-b
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
