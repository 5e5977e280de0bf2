package cli

import (
	"runtime/debug"
	"strings"
)

// buildVersion is the module version of a release build (`go install
// …@v1.2.3`), "" for any other build.
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return ""
	}
	return info.Main.Version
}

// versionOf reads a version from build information: the main module's version
// when the go command stamped one (a `go install` of a version, or a build in
// a repository with tags), else "devel" and the commit it was built from, else
// "(devel)".
func versionOf(info *debug.BuildInfo) string {
	if info == nil {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		return "(devel)"
	}
	rev = rev[:min(12, len(rev))]
	if settings["vcs.modified"] == "true" {
		rev += "+dirty"
	}
	v := "devel " + rev
	if t := settings["vcs.time"]; t != "" {
		v += " " + strings.TrimSuffix(t, "Z")
	}
	return v
}
