package check

import (
	"github.com/gilgrade/gilgrade/grader/diag"
	"github.com/gilgrade/gilgrade/grader/lint"
)

// The analyzers' codes are lint's to register, from each analyzer's doc.go.
// Until lint calls diag.Register from its own init, the packages that report
// its findings register them (diag.Register accepts the same Doc twice, so the
// two can coexist while lint catches up).
func init() { diag.Register(lint.Docs()...) }
