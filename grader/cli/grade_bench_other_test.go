//go:build !unix

package cli

import "time"

// cpuTime is not measured here: the benchmark reports no cpu-x-floor.
func cpuTime() time.Duration { return 0 }
