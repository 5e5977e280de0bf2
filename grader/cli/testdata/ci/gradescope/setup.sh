#!/usr/bin/env bash
# Gradescope runs this once to build the autograder image: it installs Go, a C
# compiler for the race detector, and gilgrade v1.2.3, then warms the build cache
# so that grading a submission does not rebuild the race-enabled standard library.
# Written by `gilgrade ci init gradescope`.
set -euo pipefail

GO_VERSION=1.26.8
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates curl gcc libc6-dev git
curl -fsSL "https://go.dev/dl/go${GO_VERSION}.linux-amd64.tar.gz" | tar -C /usr/local -xz
export PATH=/usr/local/go/bin:$PATH
GOBIN=/usr/local/bin go install github.com/gilgrade/gilgrade/cmd/gilgrade@v1.2.3

# Warm the cache with the solved course: an unfilled one builds nothing, and
# every submission would then pay for the race-enabled standard library.
mkdir -p /autograder/warm
cd /autograder/warm
gilgrade init course
cd course
gilgrade reset --solution --all >/dev/null
gilgrade check --all --format gradescope --output /dev/null --min-score 0
