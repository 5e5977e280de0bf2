package classroom

import (
	"os/exec"
	"strings"
	"sync"
)

// keepEnv are the variables a grading run needs; CleanEnv keeps them and a few
// families (LC_*, GO*, CGO_*), never anything that looks like a secret.
var keepEnv = map[string]bool{
	"PATH": true, "HOME": true, "USER": true, "LOGNAME": true, "TMPDIR": true, "TEMP": true, "TMP": true,
	"CC": true, "CXX": true, "LANG": true, "TERM": true, "TZ": true,
	"XDG_CACHE_HOME": true, "XDG_CONFIG_HOME": true, "SYSTEMROOT": true, "COMSPEC": true, "PATHEXT": true,
	"LOCALAPPDATA": true, "APPDATA": true, "USERPROFILE": true,
}

// secretWords mark variables never passed to a student's code, whatever else
// matches: tokens, passwords, keys, credentials, and cloud and CI accounts.
var secretWords = []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH", "SESSION", "COOKIE", "PRIVATE"}

var secretPrefixes = []string{"AWS_", "GITHUB_", "GOOGLE_", "GCLOUD_", "GCP_", "AZURE_", "ARM_", "SSH_", "GPG_", "NPM_", "DOCKER_", "KUBE", "VAULT_", "CI_JOB_", "ACTIONS_", "RUNNER_", "GITLAB_", "HEROKU_", "DIGITALOCEAN_", "OPENAI_", "ANTHROPIC_", "HF_", "SLACK_"}

// CleanEnv returns the variables of environ (KEY=value) that grading may pass to a
// student's code: the toolchain's, the locale and the home and temporary folders.
// Everything else is dropped, and anything that looks like a secret is dropped
// even when it would be kept.
func CleanEnv(environ []string) []string {
	var out []string
	for _, kv := range environ {
		k, _, ok := strings.Cut(kv, "=")
		if !ok || k == "" || secret(k) {
			continue
		}
		u := strings.ToUpper(k)
		if keepEnv[u] || strings.HasPrefix(u, "LC_") || strings.HasPrefix(u, "GO") || strings.HasPrefix(u, "CGO_") {
			out = append(out, kv)
		}
	}
	// The exercises use the standard library only: nothing to download.
	return append(out, "GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=", "GONOSUMDB=", "GIT_TERMINAL_PROMPT=0")
}

func secret(name string) bool {
	u := strings.ToUpper(name)
	for _, w := range secretWords {
		if strings.Contains(u, w) {
			return true
		}
	}
	for _, p := range secretPrefixes {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	return false
}

var (
	isolateOnce sync.Once
	isolateCmd  []string
)

// Isolation returns a command prefix that runs a command without network access
// (a new user and network namespace: `unshare -rn`, which needs no root where the
// kernel allows unprivileged user namespaces), or nil when this machine has no
// such way. It is probed once.
func Isolation() []string {
	isolateOnce.Do(func() {
		p, err := exec.LookPath("unshare")
		if err != nil {
			return
		}
		if exec.Command(p, "-rn", "true").Run() == nil {
			isolateCmd = []string{p, "-rn"}
		}
	})
	return isolateCmd
}
