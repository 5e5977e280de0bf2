package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gilgrade/gilgrade/grader/classroom"
)

// runGradeMerge is `gilgrade grade merge`: it joins the gradebook.json files of
// the shards of one run (`grade --shard i/n`) into the gradebook of the whole
// class, as one unsharded run would have written it.
func runGradeMerge(e *Env, args []string) int {
	fl := e.flags()
	var out string
	fl.StringVar(&out, "out", "", "write the merged gradebook.csv and gradebook.json into `DIR`")
	args, code, ok := e.parse(fl, args)
	if !ok {
		return code
	}
	if len(args) == 0 {
		fmt.Fprintln(e.Stderr, "gilgrade: usage: gilgrade grade merge [--out DIR] SHARD/gradebook.json...")
		return ExitUsage
	}
	var books []*classroom.Gradebook
	for _, name := range args {
		f, err := os.Open(e.abs(name))
		if err != nil {
			fmt.Fprintln(e.Stderr, "gilgrade:", err)
			return ExitUsage
		}
		b, err := classroom.ReadGradebook(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(e.Stderr, "gilgrade: %s: %v\n", name, err)
			return ExitUsage
		}
		books = append(books, b)
	}
	book, err := classroom.Merge(books)
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: cannot merge:", err)
		return ExitUsage
	}
	if out != "" {
		if err := writeGradebook(e.abs(out), book); err != nil {
			fmt.Fprintln(e.Stderr, "gilgrade:", err)
			return ExitGrader
		}
	}
	code = e.printGradebook(book)
	fmt.Fprintf(e.Stderr, "Merged %d gradebooks: %d submissions", len(books), len(book.Submissions))
	if out != "" {
		fmt.Fprintf(e.Stderr, "; wrote %s and %s", filepath.Join(out, "gradebook.csv"), filepath.Join(out, "gradebook.json"))
	}
	fmt.Fprintln(e.Stderr, ".")
	return code
}
