// Package errgroup is a stand-in for golang.org/x/sync/errgroup with the
// same import path, so the testdata loads in GOPATH mode.
package errgroup

import "sync"

type Group struct {
	wg  sync.WaitGroup
	err error
}

func (g *Group) Go(f func() error) {
	g.wg.Go(func() {
		if err := f(); err != nil {
			g.err = err
		}
	})
}

func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}
