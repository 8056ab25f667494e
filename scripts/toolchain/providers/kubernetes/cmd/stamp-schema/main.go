// Command stamp-schema writes ./generated/schema-embed.json (the provider module's
// committed schema.json with its version field set to the first argument) and
// ./generated/terraform-mapping-embed.json, as the upstream generate.go does at release.
package main

import (
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const providerModule = "github.com/pulumi/pulumi-kubernetes/provider/v4"

func compact(path string, edit func(map[string]any)) []byte {
	contents, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	var document map[string]any
	if err := json.Unmarshal(contents, &document); err != nil {
		log.Fatalf("cannot read %s: %v", path, err)
	}
	edit(document)
	out, err := json.Marshal(document)
	if err != nil {
		log.Fatal(err)
	}
	return out
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: stamp-schema VERSION")
	}
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", providerModule).Output()
	if err != nil {
		log.Fatalf("go list %s: %v", providerModule, err)
	}
	// Empty until the module is in the module cache: build.json downloads it first.
	if strings.TrimSpace(string(dir)) == "" {
		log.Fatalf("%s is not in the module cache: run go mod download %s first", providerModule, providerModule)
	}
	source := filepath.Join(strings.TrimSpace(string(dir)), "cmd", "pulumi-resource-kubernetes")
	if err := os.MkdirAll("generated", 0o755); err != nil {
		log.Fatal(err)
	}
	schema := compact(filepath.Join(source, "schema.json"), func(doc map[string]any) { doc["version"] = os.Args[1] })
	mapping := compact(filepath.Join(source, "terraform-mapping.json"), func(map[string]any) {})
	for name, contents := range map[string][]byte{"schema-embed.json": schema, "terraform-mapping-embed.json": mapping} {
		if err := os.WriteFile(filepath.Join("generated", name), contents, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
