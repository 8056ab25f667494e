// Command pulumi-resource-random is the Pulumi resource plugin for the "random"
// package, bridged from the upstream Terraform provider (plugin framework).
// Build it with the steps in build.json: they first generate ./generated with
// cmd/tfgen, then compile this file, which embeds the generated files.
package main

import (
	"context"
	_ "embed"

	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"

	"ephemeral.local/pulumi-resource-random/info"
)

//go:embed generated/schema.json
var schema []byte

//go:embed generated/runtime-bridge-metadata.json
var metadata []byte

func main() {
	pf.Main(context.Background(), "random", info.Provider(metadata),
		pf.ProviderMetadata{PackageSchema: schema})
}
