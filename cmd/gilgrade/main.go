// Command gilgrade grades a hands-on course on Go concurrency: it checks the
// learner's exercises under the race detector, explains mistakes at their lines,
// and scores quizzes. See README.md.
package main

import (
	"os"

	"github.com/gilgrade/gilgrade/grader/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
