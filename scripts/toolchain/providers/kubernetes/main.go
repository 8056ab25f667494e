// Command pulumi-resource-kubernetes is the Pulumi resource plugin for the "kubernetes"
// package. The upstream command embeds files it generates at release time, which the
// module does not ship; build.json first writes them into ./generated with
// cmd/stamp-schema (the module's schema.json with the version set), then compiles this.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed generated/schema-embed.json
var pulumiSchema []byte

//go:embed generated/terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
