package index

// Build indexes words by their first letter.
func Build(words []string) map[byte][]string {
	var idx map[byte][]string
	for _, w := range words {
		idx[w[0]] = append(idx[w[0]], w)
	}
	return idx
}
