// Package info holds the bridge mapping (tfbridge.ProviderInfo) from the upstream
// Terraform random provider to the Pulumi package "random". It is shared by the
// build-time schema generator (cmd/tfgen) and by the plugin itself (main.go), so
// that both see exactly the same mapping.
package info

import (
	pf "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/pf/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"

	"github.com/terraform-providers/terraform-provider-random/shim"
)

// Version is stamped at build time with
// -ldflags "-X ephemeral.local/pulumi-resource-random/info.Version=4.21.1".
// The bridge refuses to run without a valid semver, and the engine loads the
// plugin from $PULUMI_HOME/plugins/resource-random-v<Version>, so it must match
// the @pulumi/random npm package that asks for it.
var Version string

// Provider returns the mapping. metadata is the bridge metadata blob: nil when
// generating the schema (fresh history), the generated runtime-bridge-metadata.json
// when serving, so that the runtime takes the same decisions as tfgen did.
func Provider(metadata []byte) tfbridge.ProviderInfo {
	prov := tfbridge.ProviderInfo{
		P:            pf.ShimProvider(shim.NewProvider()),
		Name:         "random",
		Version:      Version,
		Description:  "A Pulumi package to safely use randomness in Pulumi programs.",
		License:      "Apache-2.0",
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		// Also emit the trimmed runtime-bridge-metadata.json that main.go embeds.
		GenerateRuntimeMetadata: true,
	}

	// Token names as the @pulumi/random SDK uses them: every TF resource
	// random_<x> becomes random:index/random<X>:Random<X> (e.g. random_password
	// -> random:index/randomPassword:RandomPassword).
	prov.MustComputeTokens(tokens.SingleModule("random_", "index",
		func(module, name string) (string, error) {
			return tokens.MakeStandard("random")(module, "Random"+name)
		}))
	prov.MustApplyAutoAliases()
	return prov
}
