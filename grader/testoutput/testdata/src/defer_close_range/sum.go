package sum

// Sum adds up the numbers, sent one by one by a goroutine.
func Sum(nums []int) int {
	ch := make(chan int)
	defer close(ch)
	go func() {
		for _, n := range nums {
			ch <- n
		}
	}()
	total := 0
	for n := range ch {
		total += n
	}
	return total
}
