package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/datenportal/datenportal/catalog/dcat/graph"
)

// The independent RDF checkers: the SHACL validator of ../shared/tools
// (Node.js, official DCAT-AP.de shapes) and Debian's rapper. Both skip
// loudly when missing; DATENPORTAL_REQUIRE_SHACL=1 (set by .ci/run) turns
// a missing checker into a failure, so CI cannot pass by skipping.

const requireSHACL = "DATENPORTAL_REQUIRE_SHACL"

func missingTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv(requireSHACL) == "1" {
		t.Fatalf("%s, and %s=1 requires it", msg, requireSHACL)
	}
	t.Skip("!!! SKIPPED: " + msg)
}

// sharedDir is the project's read-only reference folder (../shared next
// to the repository root), or DATENPORTAL_SHARED.
func sharedDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("DATENPORTAL_SHARED"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for dir := wd; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(filepath.Dir(dir), "shared")
		}
	}
	t.Fatal("no go.mod above the test directory")
	return ""
}

// shacl runs the validator with the DCAT-AP.de 3.0 profile (SEMIC DCAT-AP
// 3.0.0 + the German overlay, as GovData's ITB "v30_de_spec").
type shacl struct {
	script, reference string
}

// The EU language NAL is not bundled with the validator (its README,
// "known gaps"), so every dcterms:language IRI would be a violation: the
// language-vocabulary shape is switched off at its four places, nothing
// else.
var shaclDeactivated = []string{
	"http://dcat-ap.de/def/dcatde/3.0/shacl/katalog-sprache_Violation_List",
	"http://dcat-ap.de/def/dcatde/3.0/shacl/datensatz-sprache_Violation_List",
	"http://dcat-ap.de/def/dcatde/3.0/shacl/distribution-sprache_Violation_List",
	"http://dcat-ap.de/def/dcatde/3.0/shacl/katalogeintrag-sprache_Violation_List",
}

// newSHACL finds the validator that .ci/run installs (the shared copy
// cannot be used: ../shared is read-only and npm ci must write).
func newSHACL(t *testing.T) *shacl {
	t.Helper()
	dir := os.Getenv("DATENPORTAL_SHACL_VALIDATOR")
	if dir == "" {
		missingTool(t, "SHACL validation: DATENPORTAL_SHACL_VALIDATOR is not set (cp -r ../shared/tools/shacl-validate $TMP && npm ci there, then point the variable at it)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		missingTool(t, "SHACL validation: node is not installed")
	}
	script := filepath.Join(dir, "validate.mjs")
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		missingTool(t, "SHACL validation: "+dir+" has no node_modules (run npm ci there)")
	}
	return &shacl{script: script, reference: filepath.Join(sharedDir(t), "schemas-reference")}
}

type shaclReport struct {
	Violations int `json:"violations"`
	Warnings   int `json:"warnings"`
	Input      struct {
		Format  string `json:"format"`
		Triples int    `json:"triples"`
	} `json:"input"`
	Results []struct {
		Severity, FocusNode, Path, Value, Message, SourceShape string
	} `json:"results"`
}

// validate checks one file and returns the report; the validator's own
// failures (exit 2: usage, I/O, parse error) fail the test.
func (s *shacl) validate(file string) (*shaclReport, error) {
	args := []string{s.script, "--json", "--max-results", "50",
		"--shapes", filepath.Join(s.reference, "shacl", "dcat-ap-3.0.0"),
		"--shapes", filepath.Join(s.reference, "shacl", "dcat-ap-de-3.0"),
		"--vocab", filepath.Join(s.reference, "vocab")}
	for _, d := range shaclDeactivated {
		args = append(args, "--deactivate", d)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("node", append(args, file)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var rep shaclReport
	if jerr := json.Unmarshal(out, &rep); jerr != nil {
		return nil, &toolError{tool: "shacl-validate " + filepath.Base(file), err: err, out: string(out) + stderr.String()}
	}
	return &rep, nil
}

type toolError struct {
	tool string
	err  error
	out  string
}

func (e *toolError) Error() string {
	msg := e.tool + ": "
	if e.err != nil {
		msg += e.err.Error()
	}
	return msg + "\n" + clipBody([]byte(e.out))
}

// rapperSyntax is rapper's name for each format it reads (it has no
// JSON-LD parser; JSON-LD is read independently by the SHACL validator).
var rapperSyntax = map[graph.Format]string{graph.Turtle: "turtle", graph.RDFXML: "rdfxml", graph.NTriples: "ntriples"}

func needRapper(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("rapper"); err != nil {
		missingTool(t, "rapper (Debian raptor2-utils) is not installed")
	}
}

// rapperRead parses file with rapper and returns the number of triples it
// reports and its N-Triples output read back by our parser, so the caller
// can compare rapper's graph with ours triple by triple.
func rapperRead(t *testing.T, file string, f graph.Format) (int, *graph.Graph) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("rapper", "-i", rapperSyntax[f], "-o", "ntriples", file, "http://base.invalid/")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rapper -i %s %s: %v\n%s", rapperSyntax[f], file, err, clipBody(stderr.Bytes()))
	}
	// "rapper: Parsing returned N triples"
	msg := stderr.String()
	i := strings.Index(msg, "returned ")
	if i < 0 {
		t.Fatalf("rapper %s: no triple count in %q", file, msg)
	}
	n, err := strconv.Atoi(strings.Fields(msg[i+len("returned "):])[0])
	if err != nil {
		t.Fatalf("rapper %s: triple count in %q: %v", file, msg, err)
	}
	if strings.Contains(msg, "rapper: Error") || strings.Contains(msg, "rapper: Warning") {
		t.Errorf("rapper %s complains:\n%s", file, clipBody(stderr.Bytes()))
	}
	return n, parseRDF(t, "rapper's N-Triples of "+file, out, graph.NTriples)
}
