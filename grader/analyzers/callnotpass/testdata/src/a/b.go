package a

func goWithoutCall() {
	go func() { // want "`go func\\(\\) { … }` has no `\\(\\)` after the closing brace, so it defines the function but gives `go` no call to run\nadd `\\(\\)` after the closing brace: `go func\\(\\) { … }\\(\\)`"
		work()
	}
	go work // want "`go work` names the function but does not call it, so `go` has nothing to run\ncall it with its arguments: `go work\\(…\\)`"
	defer work // want "`defer work` names the function"
	go work()
}
