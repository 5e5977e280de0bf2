// Package progress keeps a learner's progress in one small JSON file in the
// workspace: exercises passed (with a hash of the fills that passed), hints seen
// and best quiz scores. Writes are atomic (write, then rename) and serialised by a
// lock file, so two gilgrade processes never corrupt it; a file that cannot be
// read is reported and started afresh, never a crash.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// File is where progress lives, relative to the course root.
const File = ".gilgrade/progress.json"

// Progress is the learner's state.
type Progress struct {
	Version   int                  `json:"version"`
	Exercises map[string]*Exercise `json:"exercises"` // by exercise id
	Quizzes   map[string]*Quiz     `json:"quizzes"`   // by quiz id
}

// Exercise is the learner's state on one exercise.
type Exercise struct {
	Passed    bool      `json:"passed,omitempty"`
	FillsHash string    `json:"fills_hash,omitempty"` // hash of the learner files that passed
	PassedAt  time.Time `json:"passed_at,omitzero"`
	HintsSeen int       `json:"hints_seen,omitempty"`
}

// Quiz is the learner's best result on one quiz.
type Quiz struct {
	Best     float64   `json:"best"`
	MaxScore float64   `json:"max_score"`
	Passed   bool      `json:"passed,omitempty"`
	TakenAt  time.Time `json:"taken_at,omitzero"`
}

// ErrCorrupt means the file existed but could not be read as progress.
var ErrCorrupt = errors.New("the progress file is damaged")

func empty() *Progress {
	return &Progress{Version: 1, Exercises: map[string]*Exercise{}, Quizzes: map[string]*Quiz{}}
}

// Exercise returns the state of an exercise, creating it.
func (p *Progress) Exercise(id string) *Exercise {
	if p.Exercises[id] == nil {
		p.Exercises[id] = &Exercise{}
	}
	return p.Exercises[id]
}

// Quiz returns the state of a quiz, creating it.
func (p *Progress) Quiz(id string) *Quiz {
	if p.Quizzes[id] == nil {
		p.Quizzes[id] = &Quiz{}
	}
	return p.Quizzes[id]
}

// Load reads the progress of the course at root. A missing file is empty
// progress; a damaged one is empty progress and an error wrapping ErrCorrupt.
func Load(root string) (*Progress, error) {
	b, err := os.ReadFile(filepath.Join(root, File))
	if errors.Is(err, fs.ErrNotExist) {
		return empty(), nil
	}
	if err != nil {
		return empty(), err
	}
	p := empty()
	if err := json.Unmarshal(b, p); err != nil || p.Version != 1 {
		return empty(), fmt.Errorf("%w (%s): it will be rebuilt as you check exercises again", ErrCorrupt, File)
	}
	if p.Exercises == nil {
		p.Exercises = map[string]*Exercise{}
	}
	if p.Quizzes == nil {
		p.Quizzes = map[string]*Quiz{}
	}
	return p, nil
}

// Update loads the progress, applies change and saves it, holding the lock so that
// concurrent updates do not lose each other. A damaged file is replaced; its error
// is returned after the update is saved, for the caller to report.
func Update(root string, change func(*Progress)) error {
	path := filepath.Join(root, File)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	unlock, err := lock(path + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	p, loadErr := Load(root)
	if loadErr != nil && !errors.Is(loadErr, ErrCorrupt) {
		return loadErr
	}
	change(p)
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".progress-*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(b, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return loadErr
}
