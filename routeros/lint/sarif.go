package lint

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
)

// SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/),
// the subset code-scanning tools read: one run, the tool's rules (one per
// check id, Checks), and one result per finding with its physical location.

// SARIFVersion and SARIFSchema are the version and schema URI written.
const (
	SARIFVersion = "2.1.0"
	SARIFSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri,omitempty"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// SARIFOptions tune WriteSARIF.
type SARIFOptions struct {
	// Version is the qosbench version recorded as the tool's.
	Version string
	// HelpURI is where each rule's documentation lives; "#<check>" is
	// appended (docs/lint.md has an anchor per check).
	HelpURI string
}

// WriteSARIF writes the findings as a SARIF 2.1.0 log. Levels: error →
// "error", warning → "warning", info → "note". The message joins the
// finding's message, effect and fix, so a pull-request annotation says what
// happens to packets and how to fix it. File paths become relative URIs
// with forward slashes, as code-scanning tools match them against the
// repository. A finding about a default (line 0) has no region.
func WriteSARIF(w io.Writer, fs []Finding, opt SARIFOptions) error {
	d := sarifDriver{Name: "qosbench lint", Version: opt.Version, InformationURI: "https://github.com/qosbench/qosbench"}
	index := map[string]int{}
	for i, c := range Checks {
		index[c.ID] = i
		r := sarifRule{ID: c.ID, ShortDescription: sarifMessage{Text: c.Doc}}
		if opt.HelpURI != "" {
			r.HelpURI = opt.HelpURI + "#" + c.ID
		}
		d.Rules = append(d.Rules, r)
	}
	run := sarifRun{Tool: sarifTool{Driver: d}, Results: []sarifResult{}}
	for _, f := range fs {
		idx, ok := index[f.Check]
		if !ok {
			// A check missing from Checks still gets a rule, so ruleIndex
			// stays valid.
			idx = len(run.Tool.Driver.Rules)
			index[f.Check] = idx
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: f.Check, ShortDescription: sarifMessage{Text: f.Check}})
		}
		msg := f.Message
		for _, part := range [][2]string{{"Item", f.Item}, {"Effect", f.Effect}, {"Fix", f.Fix}} {
			if part[1] != "" {
				msg += "\n" + part[0] + ": " + part[1]
			}
		}
		res := sarifResult{RuleID: f.Check, RuleIndex: idx, Level: sarifLevel(f.Severity), Message: sarifMessage{Text: msg}}
		if f.File != "" {
			loc := sarifLocation{Physical: sarifPhysical{Artifact: sarifArtifact{URI: sarifURI(f.File)}}}
			if f.Line > 0 {
				loc.Physical.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Col}
			}
			res.Locations = []sarifLocation{loc}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: SARIFSchema, Version: SARIFVersion, Runs: []sarifRun{run}})
}

func sarifLevel(s Severity) string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "note"
}

// sarifURI is a relative path as a URI reference: forward slashes, no
// leading "./", and the characters a URI cannot hold escaped.
func sarifURI(path string) string {
	p := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(path)), "./")
	return strings.NewReplacer("%", "%25", " ", "%20", "#", "%23", "?", "%3F").Replace(p)
}
