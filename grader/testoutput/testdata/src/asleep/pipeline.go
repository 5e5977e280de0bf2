package pipeline

// Double sends each value doubled on an unbuffered channel and returns the results.
func Double(in []int) []int {
	out := make(chan int)
	for _, v := range in {
		out <- v * 2
	}
	var res []int
	for range in {
		res = append(res, <-out)
	}
	return res
}
