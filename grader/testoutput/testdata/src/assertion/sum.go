package sum

// Sum adds the numbers from 1 to n.
func Sum(n int) int {
	total := 0
	for i := 1; i < n; i++ {
		total += i
	}
	return total
}
