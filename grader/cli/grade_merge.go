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
	return e.exit(e.mergeGradebooks(args))
}

func (e *Env) mergeGradebooks(args []string) error {
	fl := e.flags()
	var out string
	fl.StringVar(&out, "out", "", "write the merged gradebook.csv and gradebook.json into `DIR`")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(args) == 0 {
		return usagef("usage: gilgrade grade merge [--out DIR] SHARD/gradebook.json...")
	}
	var books []*classroom.Gradebook
	for _, name := range args {
		f, err := os.Open(e.abs(name))
		if err != nil {
			return usageError(err)
		}
		b, err := classroom.ReadGradebook(f)
		f.Close()
		if err != nil {
			return usagef("%s: %w", name, err)
		}
		books = append(books, b)
	}
	book, err := classroom.Merge(books)
	if err != nil {
		return usagef("cannot merge: %w", err)
	}
	if out != "" {
		if err := writeGradebook(e.abs(out), book); err != nil {
			return graderError(err)
		}
	}
	err = e.printGradebook(book)
	fmt.Fprintf(e.Stderr, "Merged %d gradebooks: %d submissions", len(books), len(book.Submissions))
	if out != "" {
		fmt.Fprintf(e.Stderr, "; wrote %s and %s", filepath.Join(out, "gradebook.csv"), filepath.Join(out, "gradebook.json"))
	}
	fmt.Fprintln(e.Stderr, ".")
	return err
}
