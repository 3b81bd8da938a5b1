package deploy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	k8sjson "sigs.k8s.io/json"
)

// decodeStrict decodes every document of a manifest into its Kubernetes
// API type, refusing unknown fields at any depth (a misspelled field is
// otherwise dropped, and the Job runs without it).
func decodeStrict(src []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var out []any
	for i := 0; ; i++ {
		var doc map[string]any
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("document %d: %w", i, err)
		}
		if doc == nil {
			continue
		}
		b, err := json.Marshal(doc)
		if err != nil {
			return nil, err
		}
		var obj any
		switch fmt.Sprint(doc["apiVersion"], " ", doc["kind"]) {
		case "batch/v1 Job":
			obj = &batchv1.Job{}
		case "v1 PersistentVolumeClaim":
			obj = &corev1.PersistentVolumeClaim{}
		default:
			return nil, fmt.Errorf("document %d: unexpected %v %v", i, doc["apiVersion"], doc["kind"])
		}
		// As the API server decodes: field names are case-sensitive
		// (encoding/json would take "completionmode"), and unknown or
		// duplicate fields are errors.
		strict, err := k8sjson.UnmarshalStrict(b, obj)
		if err != nil {
			return nil, fmt.Errorf("document %d (%v): %w", i, doc["kind"], err)
		}
		if len(strict) > 0 {
			return nil, fmt.Errorf("document %d (%v): %w", i, doc["kind"], errors.Join(strict...))
		}
		out = append(out, obj)
	}
}

func manifests(t *testing.T) (job, merge *batchv1.Job, pvc *corev1.PersistentVolumeClaim, src []byte) {
	t.Helper()
	for _, f := range []string{"kubernetes/fleet-job.yaml", "kubernetes/merge-job.yaml"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		objs, err := decodeStrict(b)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, o := range objs {
			switch o := o.(type) {
			case *batchv1.Job:
				if o.Name == "qosbench-merge" {
					merge = o
				} else {
					job = o
					src = b
				}
			case *corev1.PersistentVolumeClaim:
				pvc = o
			}
		}
	}
	if job == nil || merge == nil || pvc == nil {
		t.Fatalf("want the fleet Job, the merge Job and the results volume claim")
	}
	return job, merge, pvc, src
}

func env(c corev1.Container, name string) string {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value
		}
	}
	return ""
}

func TestKubernetesManifests(t *testing.T) {
	job, merge, pvc, _ := manifests(t)
	spec := job.Spec
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("the fleet Job is not an Indexed Job: shards take K from JOB_COMPLETION_INDEX")
	}
	c := spec.Template.Spec.Containers[0]
	// N is the Job's completions: every index 0..N-1 is one shard, and
	// the shards cover every config exactly once only when N agrees.
	n, err := strconv.Atoi(env(c, "QOSBENCH_SHARDS"))
	if err != nil || spec.Completions == nil || int(*spec.Completions) != n {
		t.Errorf("QOSBENCH_SHARDS %q, completions %v: they must agree", env(c, "QOSBENCH_SHARDS"), spec.Completions)
	}
	if !slices.Contains(c.Args, "--out=/results/shard-$(JOB_COMPLETION_INDEX)") || c.Args[0] != "run" || !slices.Contains(c.Args, "--config=/configs") {
		t.Errorf("args %v: each shard must run the configs into its own directory", c.Args)
	}
	// Capabilities: what network namespaces need, nothing more.
	sc := c.SecurityContext
	if sc == nil || sc.Capabilities == nil {
		t.Fatal("no securityContext.capabilities")
	}
	var add []string
	for _, a := range sc.Capabilities.Add {
		add = append(add, string(a))
	}
	slices.Sort(add)
	if strings.Join(add, ",") != "NET_ADMIN,NET_RAW,SYS_ADMIN" || len(sc.Capabilities.Drop) != 1 || sc.Capabilities.Drop[0] != "ALL" {
		t.Errorf("capabilities add %v drop %v, want NET_ADMIN, NET_RAW, SYS_ADMIN on top of none", add, sc.Capabilities.Drop)
	}
	if sc.Privileged != nil && *sc.Privileged {
		t.Error("the shard is privileged")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("allowPrivilegeEscalation must be false")
	}
	// One shard per node.
	aff := spec.Template.Spec.Affinity
	if aff == nil || aff.PodAntiAffinity == nil || len(aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution) == 0 ||
		aff.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution[0].TopologyKey != "kubernetes.io/hostname" {
		t.Error("shards may share a node")
	}
	// Results go to the claimed volume, which the merge reads.
	claim := func(j *batchv1.Job) string {
		for _, v := range j.Spec.Template.Spec.Volumes {
			if v.PersistentVolumeClaim != nil {
				return v.PersistentVolumeClaim.ClaimName
			}
		}
		return ""
	}
	if claim(job) != pvc.Name || claim(merge) != pvc.Name {
		t.Errorf("claims %q and %q, want %q", claim(job), claim(merge), pvc.Name)
	}
	if !slices.Contains(pvc.Spec.AccessModes, corev1.ReadWriteMany) {
		t.Error("the results volume must be ReadWriteMany: shards on several nodes write it")
	}
	for _, j := range []*batchv1.Job{job, merge} {
		vols := map[string]bool{}
		for _, v := range j.Spec.Template.Spec.Volumes {
			vols[v.Name] = true
		}
		for _, m := range j.Spec.Template.Spec.Containers[0].VolumeMounts {
			if !vols[m.Name] {
				t.Errorf("%s mounts undefined volume %q", j.Name, m.Name)
			}
		}
	}
	ma := merge.Spec.Template.Spec.Containers[0]
	if strings.Join(ma.Args[:3], " ") != "report --merge /results" {
		t.Errorf("merge args %v", ma.Args)
	}
	if ms := ma.SecurityContext; ms == nil || ms.Capabilities == nil || len(ms.Capabilities.Add) > 0 {
		t.Error("the merge needs no capability")
	}
}

// The decoding is strict: a misspelled field anywhere fails.
func TestKubernetesManifestTypos(t *testing.T) {
	_, _, _, src := manifests(t)
	for _, typo := range [][2]string{
		{"completionMode:", "completionmode:"},
		{"podAntiAffinity:", "podAntiAfinity:"},
		{"          securityContext:", "          securityContexts:"},
		{"add: [NET_ADMIN", "ad: [NET_ADMIN"},
	} {
		bad := strings.Replace(string(src), typo[0], typo[1], 1)
		if bad == string(src) {
			t.Fatalf("%q not in the manifest", typo[0])
		}
		if _, err := decodeStrict([]byte(bad)); err == nil {
			t.Errorf("%s decodes", typo[1])
		}
	}
}

// The workflow example parses, and its shard matrix runs shard K of N for
// K = 1..N exactly; the merge waits for every shard and publishes the
// JUnit and the summary.
func TestGitHubWorkflow(t *testing.T) {
	b, err := os.ReadFile("../.github/workflows/fleet.yml")
	if err != nil {
		t.Fatal(err)
	}
	type step struct {
		Name string         `yaml:"name"`
		Uses string         `yaml:"uses"`
		Run  string         `yaml:"run"`
		With map[string]any `yaml:"with"`
		Env  map[string]any `yaml:"env"`
		If   string         `yaml:"if"`
	}
	var wf struct {
		Name        string            `yaml:"name"`
		On          map[string]any    `yaml:"on"`
		Permissions map[string]string `yaml:"permissions"`
		Jobs        map[string]struct {
			RunsOn      string            `yaml:"runs-on"`
			Needs       any               `yaml:"needs"`
			If          string            `yaml:"if"`
			Permissions map[string]string `yaml:"permissions"`
			Strategy    struct {
				FailFast *bool `yaml:"fail-fast"`
				Matrix   struct {
					Shard []int `yaml:"shard"`
				} `yaml:"matrix"`
			} `yaml:"strategy"`
			Steps []step `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.UnmarshalWithOptions(b, &wf, yaml.DisallowUnknownField()); err != nil {
		t.Fatal(err)
	}
	shard, merge := wf.Jobs["shard"], wf.Jobs["merge"]
	run := func(steps []step) string {
		var s []string
		for _, st := range steps {
			if (st.Uses == "") == (st.Run == "") {
				t.Errorf("step %q: exactly one of uses and run", st.Name)
			}
			s = append(s, st.Run, fmt.Sprint(st.With))
		}
		return strings.Join(s, "\n")
	}
	shardRun := run(shard.Steps)
	m := regexp.MustCompile(`--shard \$\{\{ matrix\.shard \}\}/(\d+)`).FindStringSubmatch(shardRun)
	if m == nil {
		t.Fatalf("no --shard ${{ matrix.shard }}/N in the shard job:\n%s", shardRun)
	}
	n, _ := strconv.Atoi(m[1])
	var want []int
	for k := 1; k <= n; k++ {
		want = append(want, k)
	}
	if !slices.Equal(shard.Strategy.Matrix.Shard, want) {
		t.Errorf("matrix %v, want %v for --shard K/%d", shard.Strategy.Matrix.Shard, want, n)
	}
	if shard.Strategy.FailFast == nil || *shard.Strategy.FailFast {
		t.Error("fail-fast must be off: one shard's failure must not cancel the others")
	}
	if fmt.Sprint(merge.Needs) != "shard" || merge.If != "always()" {
		t.Errorf("merge needs %v if %q: it must wait for every shard, failed or not", merge.Needs, merge.If)
	}
	mergeRun := run(merge.Steps)
	for _, want := range []string{"qosbench report --merge", "fleet/junit.xml", "fleet/summary.md"} {
		if !strings.Contains(mergeRun, want) {
			t.Errorf("merge job lacks %q", want)
		}
	}
	if !strings.Contains(run(wf.Jobs["lint"].Steps), "--format sarif") {
		t.Error("lint job does not upload SARIF")
	}
}
