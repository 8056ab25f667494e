// Command tfgen is run once at build time (see ../../build.json):
//
//	go run ./cmd/tfgen schema --skip-docs --skip-examples --out generated
//
// It writes generated/schema.json (the Pulumi package schema of the bridged
// provider) and generated/{runtime-,}bridge-metadata.json, which main.go embeds.
// Docs and examples are skipped: the plugin does not need them at runtime and
// converting examples would need a converter plugin we do not have offline.
//
// The bridge omits "version" from schema.json; we put it back so that the
// plugin's GetSchema answer carries the version it is installed as.
package main

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfgen"

	"ephemeral.local/pulumi-resource-random/info"
)

func main() {
	tfgen.Main("random", info.Provider(nil))
	stampSchemaVersion()
}

// stampSchemaVersion sets "version" in <--out>/schema.json to info.Version.
func stampSchemaVersion() {
	out := "."
	for i, a := range os.Args {
		if (a == "--out" || a == "-o") && i+1 < len(os.Args) {
			out = os.Args[i+1]
		}
	}
	path := filepath.Join(out, "schema.json")
	raw, err := os.ReadFile(path)
	must(err)
	var spec map[string]json.RawMessage
	must(json.Unmarshal(raw, &spec))
	v, err := json.Marshal(info.Version)
	must(err)
	spec["version"] = v
	raw, err = json.Marshal(spec)
	must(err)
	must(os.WriteFile(path, raw, 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
