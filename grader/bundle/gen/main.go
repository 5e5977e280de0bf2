// Command gen packs the course into grader/bundle: its key (course.txtar) and its
// student workspace (workspace.txtar). It is run by `go generate ./grader/bundle`
// from the bundle package's folder.
package main

import (
	"fmt"
	"os"

	"github.com/gilgrade/gilgrade/grader/bundle"
)

func main() {
	key, ws, err := bundle.Build("../..")
	if err == nil {
		err = os.WriteFile("course.txtar", key, 0o644)
	}
	if err == nil {
		err = os.WriteFile("workspace.txtar", ws, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
