package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The composite action and the workflows users copy are checked here as
// far as a test can without GitHub: they parse, every input a workflow
// passes to the action exists, every action is pinned, and no run:
// script expands ${{ }} (inputs reach scripts through env: only).

type actionFile struct {
	Inputs map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

type step struct {
	ID    string         `yaml:"id"`
	Uses  string         `yaml:"uses"`
	Run   string         `yaml:"run"`
	Shell string         `yaml:"shell"`
	With  map[string]any `yaml:"with"`
}

type workflowFile struct {
	On          yaml.Node         `yaml:"on"`
	Permissions map[string]string `yaml:"permissions"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress *bool  `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Environment any    `yaml:"environment"` // a name, or {name, url}
		Steps       []step `yaml:"steps"`
	} `yaml:"jobs"`
}

// rootAction is how the examples name the action of this repository.
const rootAction = "ncpimage/ncpimage"

// A third-party action is pinned to a full commit SHA with its version
// in a comment (a tag can be moved to other code; the comment is for
// people and Dependabot). This repository's own action is named by its
// release tag in the examples: its SHA is the user's to pin when copying.
var (
	pinnedLine = regexp.MustCompile(`^\s*(?:- )?uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$`)
	rootPinned = regexp.MustCompile(`^` + rootAction + `@(v\d+\.\d+\.\d+|[0-9a-f]{40})$`)
	usesLine   = regexp.MustCompile(`^\s*(?:- )?uses:\s*(\S+)`)
)

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func checkStep(t *testing.T, where string, s step) {
	t.Helper()
	if strings.HasPrefix(s.Uses, rootAction+"@") && !rootPinned.MatchString(s.Uses) {
		t.Errorf("%s: uses %q is not pinned to a release tag (@vX.Y.Z) or a commit SHA", where, s.Uses)
	}
	if strings.Contains(s.Run, "${{") {
		t.Errorf("%s: a run: script expands ${{ }}; pass the value through env:", where)
	}
}

func TestActionFile(t *testing.T) {
	var a actionFile
	readYAML(t, "../action.yml", &a)
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, want := range []string{"command", "paths", "region", "args", "version", "comment",
		"allow-drift-from-review", "github-token"} {
		if _, ok := a.Inputs[want]; !ok {
			t.Errorf("input %q is missing", want)
		}
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %q has no description", name)
		}
		if !in.Required && in.Default == nil {
			t.Errorf("input %q is optional without a default", name)
		}
	}
	for _, want := range []string{"has-changes", "plan-digest", "exit-code"} {
		if _, ok := a.Outputs[want]; !ok {
			t.Errorf("output %q is missing", want)
		}
	}
	ids := map[string]bool{}
	for i, s := range a.Runs.Steps {
		where := "action.yml step " + s.ID
		if s.ID == "" {
			where = "action.yml step " + strconv.Itoa(i)
		}
		checkStep(t, where, s)
		if s.Run != "" && s.Shell == "" {
			t.Errorf("%s: a composite run step needs shell:", where)
		}
		ids[s.ID] = true
	}
	data, _ := os.ReadFile("../action.yml")
	data = regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAll(data, nil) // comments may quote what not to do
	for _, m := range regexp.MustCompile(`\binputs\.([A-Za-z0-9_-]+)`).FindAllStringSubmatch(string(data), -1) {
		if _, ok := a.Inputs[m[1]]; !ok {
			t.Errorf("action.yml reads inputs.%s, which it does not declare", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`\bsteps\.([A-Za-z0-9_-]+)\.outputs`).FindAllStringSubmatch(string(data), -1) {
		if !ids[m[1]] {
			t.Errorf("action.yml reads steps.%s, which is no step id", m[1])
		}
	}
}

func TestExampleWorkflows(t *testing.T) {
	var a actionFile
	readYAML(t, "../action.yml", &a)
	files, err := filepath.Glob("../examples/github/*.yml")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples/github: %v %v, want plan, apply and drift", files, err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var w workflowFile
			readYAML(t, path, &w)
			if w.On.Kind == 0 || len(w.Jobs) == 0 {
				t.Fatalf("not a workflow: no on: or no jobs:")
			}
			if len(w.Permissions) == 0 {
				t.Errorf("no top-level permissions: (the token would get the repository's defaults)")
			}
			usesAction := false
			for job, j := range w.Jobs {
				for i, s := range j.Steps {
					where := job + " step " + strconv.Itoa(i)
					checkStep(t, where, s)
					if !strings.HasPrefix(s.Uses, rootAction+"@") && s.Uses != "./" {
						continue
					}
					usesAction = true
					for key := range s.With {
						if _, ok := a.Inputs[key]; !ok {
							t.Errorf("%s: with: %s is no input of action.yml", where, key)
						}
					}
					for name, in := range a.Inputs {
						if _, ok := s.With[name]; in.Required && !ok {
							t.Errorf("%s: the required input %s is missing", where, name)
						}
					}
				}
			}
			if !usesAction {
				t.Errorf("does not use the action %s", rootAction)
			}
		})
	}
}

func TestApplyWorkflowIsSerialised(t *testing.T) {
	var w workflowFile
	readYAML(t, "../examples/github/apply.yml", &w)
	if w.Concurrency.Group == "" || w.Concurrency.CancelInProgress == nil || *w.Concurrency.CancelInProgress {
		t.Errorf("concurrency = %+v, want a group and cancel-in-progress: false", w.Concurrency)
	}
	for _, p := range []string{"contents", "pull-requests", "actions"} {
		if !slices.Contains([]string{"read"}, w.Permissions[p]) {
			t.Errorf("permissions.%s = %q, want read", p, w.Permissions[p])
		}
	}
	for name, j := range w.Jobs {
		env := j.Environment
		if m, ok := env.(map[string]any); ok {
			env = m["name"]
		}
		if env != "production" {
			t.Errorf("job %s: environment = %v, want production (the write key is its secret)", name, j.Environment)
		}
	}
}

// TestActionAppliesEveryReviewedMerge holds the apply of issue 20: the
// action collects the reviewed plans of every pull request merged since
// the last successful apply and binds apply to them, instead of
// downloading the one artifact of the commit's pull request.
func TestActionAppliesEveryReviewedMerge(t *testing.T) {
	var a actionFile
	readYAML(t, "../action.yml", &a)
	var collect, apply string
	for _, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/download-artifact@"):
			t.Errorf("action.yml downloads an artifact (step %q): github reviewed --out collects the plans", s.ID)
		case strings.Contains(s.Run, "--compare-digest"):
			t.Errorf("action.yml step %q plans with --compare-digest: apply --reviewed binds the apply", s.ID)
		case strings.Contains(s.Run, "ncpimage github reviewed"):
			collect = s.Run
		case strings.Contains(s.Run, "ncpimage apply"):
			apply = s.Run
		}
	}
	for _, want := range []string{"--out"} {
		if !strings.Contains(collect, want) {
			t.Errorf("the collect step lacks %s:\n%s", want, collect)
		}
	}
	for _, want := range []string{"--reviewed", "--allow-unreviewed", "plan_args"} {
		if !strings.Contains(apply, want) {
			t.Errorf("the apply step lacks %s:\n%s", want, apply)
		}
	}
}

func TestWorkflowTemplatesAreGone(t *testing.T) {
	if _, err := os.Stat("../.github/workflow-templates"); !os.IsNotExist(err) {
		t.Errorf(".github/workflow-templates exists (replaced by examples/github): %v", err)
	}
}

// TestUsesArePinnedToCommits reads every uses: line of the action and the
// workflows as written, comments included.
func TestUsesArePinnedToCommits(t *testing.T) {
	files := []string{"../action.yml"}
	for _, glob := range []string{"../.github/workflows/*.yml", "../examples/github/*.yml"} {
		more, _ := filepath.Glob(glob)
		files = append(files, more...)
	}
	uses := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := usesLine.FindStringSubmatch(line)
			if m == nil || strings.HasPrefix(m[1], "./") || strings.HasPrefix(m[1], rootAction+"@") {
				continue
			}
			uses++
			if !pinnedLine.MatchString(line) {
				t.Errorf("%s:%d: %q: pin it to a commit SHA with the version in a comment (uses: OWNER/REPO@SHA # vX.Y.Z)", path, i+1, strings.TrimSpace(line))
			}
		}
	}
	if uses < 5 {
		t.Errorf("found %d third-party uses: lines, want the action's and the workflows'", uses)
	}
}

// TestActionInstall holds two things of the action's set-up: the Go
// cache is off when it applies (that job holds the write key and must
// not restore a cache a pull request's job wrote), and the install never
// falls back to "latest" by itself.
func TestActionInstall(t *testing.T) {
	var a actionFile
	readYAML(t, "../action.yml", &a)
	var setupGo, install *step
	for i, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			setupGo = &a.Runs.Steps[i]
		case strings.Contains(s.Run, "go install"):
			install = &a.Runs.Steps[i]
		}
	}
	if setupGo == nil || install == nil {
		t.Fatal("action.yml has no setup-go step or no install step")
	}
	if got := setupGo.With["cache"]; got != "${{ inputs.command != 'apply' }}" {
		t.Errorf("setup-go cache = %v, want off for apply", got)
	}
	if strings.Contains(install.Run, "latest") {
		t.Errorf("the install step can fall back to latest:\n%s", install.Run)
	}
	if d := a.Inputs["version"].Default; d == nil || *d != "" {
		t.Errorf("version defaults to %v, want empty (the action's own source)", d)
	}
}
