package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gilgrade/gilgrade/grader/bundle"
	"github.com/gilgrade/gilgrade/grader/course"
	"github.com/gilgrade/gilgrade/grader/coursekey"
	"github.com/gilgrade/gilgrade/grader/quiz"
)

var courseCmd = &Command{
	Name:    "course",
	Args:    "build|check SRC [-o OUT]",
	Summary: "for teachers: make a course source into a student workspace and a grader key, or check a source",
	Run:     runCourse,
}

// keyFlag adds --key to a command's flags.
func keyFlag(fl *flag.FlagSet) *string {
	return fl.String("key", "", "the course's grader key: a `FILE`, - for standard input, or the key itself (default: $"+coursekey.EnvVar+", else the course gilgrade carries)")
}

// courseKey returns the grader key a command works with: --key, else
// $GILGRADE_KEY, else the course gilgrade carries. given reports whether it was
// given rather than the carried one.
func (e *Env) courseKey(flagValue string) (k *coursekey.Key, given bool, err error) {
	from := flagValue
	if from == "" {
		from = "$" + coursekey.EnvVar + "=" + e.Getenv(coursekey.EnvVar)
	}
	if k := e.keyRead[from]; k != nil {
		return k, from != "$"+coursekey.EnvVar+"=", nil
	}
	k, given, err = e.readKey(flagValue)
	if err == nil {
		if e.keyRead == nil {
			e.keyRead = keyCache{}
		}
		e.keyRead[from] = k
	}
	return k, given, err
}

func (e *Env) readKey(flagValue string) (k *coursekey.Key, given bool, err error) {
	switch {
	case flagValue == "-":
		data, err := io.ReadAll(io.LimitReader(e.Stdin, 64<<20))
		if err != nil {
			return nil, true, fmt.Errorf("cannot read the key from standard input: %w", err)
		}
		k, err = coursekey.Parse(data)
		if err != nil {
			return nil, true, fmt.Errorf("--key -: %w", err)
		}
		return k, true, nil
	case flagValue != "":
		k, err = coursekey.FromValue(flagValue, e.Dir)
		return k, true, err
	}
	if v := e.Getenv(coursekey.EnvVar); v != "" {
		k, err = coursekey.FromValue(v, e.Dir)
		if err != nil {
			err = fmt.Errorf("$%s: %w", coursekey.EnvVar, err)
		}
		return k, true, err
	}
	k, err = bundle.Key()
	if err != nil {
		err = fmt.Errorf("the course inside this gilgrade is broken: %w", err)
	}
	return k, false, err
}

// errNoKey means no key of the workspace's course is at hand.
var errNoKey = errors.New("no key for this course")

// keyFor returns the key of the course c: a given key must be for it, and the
// carried one is used only when it is. It returns errNoKey when neither is.
func (e *Env) keyFor(c *course.Course, flagValue string) (*coursekey.Key, error) {
	k, given, err := e.courseKey(flagValue)
	switch {
	case err != nil:
		return nil, err
	case k.CourseID == c.ID:
		return k, nil
	case given:
		return nil, fmt.Errorf("the key is for the course %q, but this workspace holds the course %q", k.CourseID, c.ID)
	}
	return nil, errNoKey
}

// keyedExercise returns the exercise ex of the workspace with its key (hints,
// solution, mistakes): from the course's key, else from the workspace itself when
// an older gilgrade wrote the key into it. It returns errNoKey when neither has it.
func (e *Env) keyedExercise(c *course.Course, ex *course.Exercise, flagValue string) (*course.Exercise, *coursekey.Key, error) {
	k, err := e.keyFor(c, flagValue)
	if err == nil {
		kc, err := k.Course()
		if err != nil {
			return nil, nil, err
		}
		for _, ke := range kc.Exercises {
			if ke.Dir == ex.Dir {
				return ke, k, nil
			}
		}
		return nil, nil, fmt.Errorf("the course's key has no exercise %s", ex.Dir)
	}
	if errors.Is(err, errNoKey) && ex.HasKey() {
		return ex, nil, nil
	}
	return nil, nil, err
}

// noKeyHelp says how to give gilgrade the key of a course it does not carry.
func noKeyHelp(c *course.Course) string {
	return fmt.Sprintf("gilgrade does not carry the course %q and no key was given: pass the course's key with --key FILE or $%s (your teacher has it)", c.ID, coursekey.EnvVar)
}

// gradingQuizzes returns the course's quizzes: with their keys from the course's
// key k, else the workspace's own, which hold their keys only when an older
// gilgrade wrote them (callers check HasKeys).
func (e *Env) gradingQuizzes(c *course.Course, k *coursekey.Key) ([]*quiz.Quiz, error) {
	if k != nil {
		return k.Quizzes()
	}
	return quiz.LoadDir(filepath.Join(c.Root, course.QuizzesDir))
}

func runCourse(e *Env, args []string) int {
	fl := e.flags()
	out := fl.String("o", "", "build: write the workspace and the key into `DIR`")
	force := fl.Bool("force", false, "build: replace a workspace built before in DIR")
	noRace := fl.Bool("no-race", false, "check: run without the race detector")
	args, err := e.parseFlags(fl, args)
	if err != nil {
		return e.exit(err)
	}
	if len(args) != 2 || (args[0] != "build" && args[0] != "check") {
		return e.exit(usagef("usage: gilgrade %s %s", e.cmd.Name, e.cmd.Args))
	}
	src := e.abs(args[1])
	if _, err := os.Stat(filepath.Join(src, filepath.FromSlash(course.CourseFile))); err != nil {
		return e.exit(usagef("%s holds no course source: no %s there", args[1], course.CourseFile))
	}
	if args[0] == "check" {
		// A student workspace has no key to check: verify would take the key
		// gilgrade carries instead of the source named.
		if _, err := course.LoadAuthored(src); err != nil {
			fmt.Fprintf(e.Stderr, "gilgrade: %s is not a whole course source:\n", args[1])
			e.sourceErrors(err, src)
			return ExitFailed
		}
		return e.courseCheck(src, *noRace)
	}
	if *out == "" {
		return e.exit(usagef("say where to write the workspace and the key: gilgrade course build SRC -o OUT"))
	}
	return e.courseBuild(src, e.abs(*out), *force)
}

// Names of what course build writes into OUT.
const (
	builtWorkspace = "workspace"
	keySuffix      = ".gilkey"
	compactSuffix  = ".gilkey.b64"
)

func (e *Env) courseBuild(src, out string, force bool) int {
	k, err := coursekey.PackDir(src)
	if err != nil {
		fmt.Fprintln(e.Stderr, "gilgrade: the course source has problems:")
		e.sourceErrors(err, src)
		return ExitFailed
	}
	ws, err := k.Workspace()
	if err != nil {
		return e.exit(graderError(err))
	}
	if carried, err := bundle.Key(); err == nil && carried.CourseID == k.CourseID && carried.Hash != k.Hash {
		fmt.Fprintf(e.Stderr, "%s the course id %q is the one gilgrade carries, but the course differs from it: give yours its own id in %s, or gilgrade grades your students against the course it carries whenever no key is given\n",
			e.Style().Warn("warning:"), k.CourseID, course.CourseFile)
	}
	dir := filepath.Join(out, builtWorkspace)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if !force {
			return e.exit(usagef("%s already holds files; add --force to replace a workspace built before", dir))
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(course.CourseFile))); err != nil {
			return e.exit(usagef("%s holds files but no course workspace: nothing was replaced", dir))
		}
		for _, d := range bundle.Dirs {
			if err := os.RemoveAll(filepath.Join(dir, d)); err != nil {
				return e.exit(graderError(err))
			}
		}
	}
	keyName := filepath.Join(out, k.CourseID+keySuffix)
	compactName := filepath.Join(out, k.CourseID+compactSuffix)
	err = coursekey.WriteTree(ws, dir)
	if err == nil {
		err = writeIgnore(dir)
	}
	if err == nil {
		// The key holds the answers: readable by its owner only.
		err = os.WriteFile(keyName, k.Bytes(), 0o600)
	}
	if err == nil {
		err = os.WriteFile(compactName, []byte(k.Compact()+"\n"), 0o600)
	}
	if err != nil {
		return e.exit(graderf("cannot write the build: %w", err))
	}
	s := e.Style()
	rel := func(p string) string {
		if r, err := filepath.Rel(e.Dir, p); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
		return p
	}
	fmt.Fprintf(e.Stdout, "%s course %q, key %s\n", s.Good("✓"), k.CourseID, k.ShortHash())
	fmt.Fprintf(e.Stdout, "  %-28s the student workspace: push it as the template repository\n", rel(dir)+string(filepath.Separator))
	fmt.Fprintf(e.Stdout, "  %-28s the grader key: keep it private; grade with --key %s\n", rel(keyName), rel(keyName))
	fmt.Fprintf(e.Stdout, "  %-28s the same key on one line, for a CI secret named %s\n", rel(compactName), coursekey.EnvVar)
	return ExitOK
}

// sourceErrors prints the problems of a course source, one file:line a line.
func (e *Env) sourceErrors(err error, src string) {
	var ce course.Errors
	var qe quiz.Errors
	switch {
	case errors.As(err, &ce):
		for _, x := range ce {
			fmt.Fprintf(e.Stderr, "  %v\n", x)
		}
	case errors.As(err, &qe):
		e.quizErrors(err, src)
	default:
		fmt.Fprintf(e.Stderr, "  %v\n", err)
	}
}

// courseCheck runs verify and quiz check on a course source, as its author
// would inside it.
func (e *Env) courseCheck(src string, noRace bool) int {
	sub := *e
	sub.Dir = src
	verifyArgs := []string{}
	if noRace {
		verifyArgs = append(verifyArgs, "--no-race")
	}
	if e.noColor {
		verifyArgs = append(verifyArgs, "--no-color")
	}
	sub.cmd = verifyCmd
	code := verifyCmd.Run(&sub, verifyArgs)
	if code == ExitGrader || code == ExitUsage {
		return code
	}
	fmt.Fprintln(e.Stdout)
	sub.cmd = quizCmd
	quizArgs := []string{"check"}
	if e.noColor {
		quizArgs = append(quizArgs, "--no-color")
	}
	return max(code, quizCmd.Run(&sub, quizArgs))
}

// keyCache holds the keys a run has read, by where they came from: --key - can
// be read only once, and a key is parsed and checked once.
type keyCache map[string]*coursekey.Key

// keyOutOfEnviron takes $GILGRADE_KEY out of the process's environment, which
// every go command and test binary gilgrade starts inherits, and returns the
// lookup commands use, which still sees it. The key holds the answers: it must
// not reach the learner's code.
func keyOutOfEnviron() func(string) string {
	v, set := os.LookupEnv(coursekey.EnvVar)
	if !set {
		return os.Getenv
	}
	os.Unsetenv(coursekey.EnvVar)
	hideEnviron()
	return func(name string) string {
		if name == coursekey.EnvVar {
			return v
		}
		return os.Getenv(name)
	}
}

// courseOfKey loads the course of the key a command grades with.
func (e *Env) courseOfKey(flagValue string) (*course.Course, error) {
	k, _, err := e.courseKey(flagValue)
	if err != nil {
		return nil, usageError(err)
	}
	c, err := k.Course()
	if err != nil {
		return nil, graderf("the course in the key does not load: %w", err)
	}
	return c, nil
}
