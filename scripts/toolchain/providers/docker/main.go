// Command pulumi-resource-docker is the Pulumi resource plugin for the "docker"
// package, bridged from the upstream Terraform docker provider (SDKv2 half).
// Build it with the steps in build.json: they first generate ./generated with
// cmd/tfgen, then compile this file, which embeds the generated files.
//
// Unlike upstream pulumi-docker, this plugin has no native docker.Image (build)
// resource: it serves only the bridged Terraform resources (Container, Network,
// Volume, RemoteImage, ...).
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"

	"ephemeral.local/pulumi-resource-docker/info"
)

//go:embed generated/schema.json
var schema []byte

//go:embed generated/runtime-bridge-metadata.json
var metadata []byte

func main() {
	tfbridge.Main("docker", info.Version, info.Provider(metadata), schema)
}
