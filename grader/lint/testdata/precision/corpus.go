// Package precision names the modules of TestPrecisionModules' corpus, so
// that go.mod requires them directly; their tests' own requirements are in
// go.mod as indirect ones, added by loading with -mod=mod (go mod tidy would
// drop those: do not run it here).
package precision

import (
	_ "github.com/hashicorp/raft"
	_ "github.com/nats-io/nats.go"
	_ "github.com/syndtr/goleveldb/leveldb"
	_ "go.etcd.io/bbolt"
	_ "go.opentelemetry.io/otel/sdk/metric"
	_ "golang.org/x/sync/errgroup"
)
