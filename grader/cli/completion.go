package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/course"
)

var completionCmd = &Command{
	Name:    "completion",
	Args:    "bash|zsh|fish",
	Summary: "print a shell completion script for bash, zsh or fish",
}

// Run is set in init: completion reads every command's flags, which would make
// an initialization cycle through commands().
func init() { completionCmd.Run = runCompletion }

// words is what a shell completes: the commands, each command's flags, the
// exercise ids of the course gilgrade ships and the report formats.
type words struct {
	commands  []string
	flags     map[string][]string // command → its flags, with their dashes
	exercises []string
	formats   []string
}

func runCompletion(e *Env, args []string) int {
	fl := e.flags()
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) != 1 {
		return e.exit(usagef("usage: gilgrade completion bash|zsh|fish"))
	}
	w := completionWords(e)
	switch args[0] {
	case "bash":
		writeBash(e.Stdout, w)
	case "zsh":
		fmt.Fprintln(e.Stdout, "#compdef gilgrade\nautoload -U +X bashcompinit && bashcompinit")
		writeBash(e.Stdout, w)
	case "fish":
		writeFish(e.Stdout, w)
	default:
		return e.exit(usagef("no completion for the shell %q: use bash, zsh or fish", args[0]))
	}
	return ExitOK
}

// completionWords collects the words to complete. Each command's flags are
// read from its own flag set, by running it with --help into nothing, so the
// completion cannot drift from the flags.
func completionWords(e *Env) words {
	w := words{flags: map[string][]string{}}
	for _, c := range commands() {
		w.commands = append(w.commands, c.Name)
		// A command's words are its flags and its subcommands' flags.
		for _, run := range append([]*Command{c}, c.Subcommands...) {
			sub := *e
			sub.Stdout, sub.Stderr, sub.cmd = io.Discard, io.Discard, run
			var fs *flag.FlagSet
			sub.flagSet = func(f *flag.FlagSet) { fs = f }
			run.Run(&sub, []string{"--help"})
			if fs == nil {
				continue
			}
			fs.VisitAll(func(f *flag.Flag) {
				dash := "--"
				if len(f.Name) == 1 {
					dash = "-"
				}
				if !slices.Contains(w.flags[c.Name], dash+f.Name) {
					w.flags[c.Name] = append(w.flags[c.Name], dash+f.Name)
				}
			})
		}
		slices.Sort(w.flags[c.Name])
	}
	w.commands = append(w.commands, "help", "version")
	if c, err := course.LoadFS(bundle.FS()); err == nil {
		for _, ex := range c.Exercises {
			w.exercises = append(w.exercises, ex.ID)
		}
	}
	for _, f := range strings.Split(formatNames(), ", ") {
		w.formats = append(w.formats, f)
	}
	return w
}

func writeBash(out io.Writer, w words) {
	fmt.Fprintf(out, `# bash completion for gilgrade, written by gilgrade completion bash
_gilgrade() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	if [ "$prev" = --format ]; then
		COMPREPLY=($(compgen -W %q -- "$cur"))
		return
	fi
	local words=%q
	case "$cmd" in
`, strings.Join(w.commands, " "), strings.Join(w.formats, " "), strings.Join(w.exercises, " "))
	for _, c := range w.commands {
		if fl := w.flags[c]; len(fl) > 0 {
			fmt.Fprintf(out, "\t%s) words=\"$words %s\" ;;\n", c, strings.Join(fl, " "))
		}
	}
	fmt.Fprint(out, `	help) words=`+fmt.Sprintf("%q", strings.Join(w.commands, " "))+` ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _gilgrade gilgrade
`)
}

func writeFish(out io.Writer, w words) {
	fmt.Fprintln(out, "# fish completion for gilgrade, written by gilgrade completion fish")
	fmt.Fprintln(out, "complete -c gilgrade -f")
	fmt.Fprintf(out, "complete -c gilgrade -n __fish_use_subcommand -a %q\n", strings.Join(w.commands, " "))
	for _, c := range w.commands {
		cond := fmt.Sprintf("'__fish_seen_subcommand_from %s'", c)
		for _, f := range w.flags[c] {
			if strings.HasPrefix(f, "--") {
				fmt.Fprintf(out, "complete -c gilgrade -n %s -l %s\n", cond, f[2:])
			} else {
				fmt.Fprintf(out, "complete -c gilgrade -n %s -o %s\n", cond, f[1:])
			}
		}
	}
	fmt.Fprintf(out, "complete -c gilgrade -n '__fish_seen_subcommand_from check hint reset solution watch verify' -a %q\n",
		strings.Join(w.exercises, " "))
	fmt.Fprintf(out, "complete -c gilgrade -n '__fish_seen_subcommand_from check' -l format -x -a %q\n", strings.Join(w.formats, " "))
	fmt.Fprintf(out, "complete -c gilgrade -n '__fish_seen_subcommand_from help' -a %q\n", strings.Join(w.commands, " "))
}
