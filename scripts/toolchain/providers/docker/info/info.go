// Package info holds the bridge mapping (tfbridge.ProviderInfo) from the upstream
// Terraform docker provider (kreuzwerker/terraform-provider-docker) to the Pulumi
// package "docker", with the tokens and property names the @pulumi/docker 5.x
// SDK sends. It is shared by the build-time schema generator (cmd/tfgen) and by
// the plugin itself (main.go), so that both see exactly the same mapping.
package info

import (
	"context"
	"runtime"

	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge"
	"github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfbridge/tokens"
	shimv2 "github.com/pulumi/pulumi-terraform-bridge/v3/pkg/tfshim/sdk-v2"

	"github.com/terraform-providers/terraform-provider-docker/shim"
)

// Version is stamped at build time with
// -ldflags "-X ephemeral.local/pulumi-resource-docker/info.Version=5.2.0".
// The engine loads the plugin from $PULUMI_HOME/plugins/resource-docker-v<Version>,
// so it must match the @pulumi/docker npm package that asks for it.
var Version string

// Provider returns the mapping. metadata is the bridge metadata blob: nil when
// generating the schema (fresh history), the generated runtime-bridge-metadata.json
// when serving, so that the runtime takes the same decisions as tfgen did.
func Provider(metadata []byte) tfbridge.ProviderInfo {
	prov := tfbridge.ProviderInfo{
		P:            shimv2.NewProvider(shim.NewProvider(Version)),
		Name:         "docker",
		Version:      Version,
		Description:  "A Pulumi package for interacting with Docker in Pulumi programs",
		License:      "Apache-2.0",
		GitHubOrg:    "kreuzwerker",
		MetadataInfo: tfbridge.NewProviderMetadata(metadata),
		// Also emit the trimmed runtime-bridge-metadata.json that main.go embeds.
		GenerateRuntimeMetadata: true,
		Config: map[string]*tfbridge.SchemaInfo{
			// Same defaulting as upstream (DOCKER_HOST, else the local socket),
			// but done by the bridge so the schema advertises the env var as the
			// @pulumi/docker SDK expects.
			"host": {
				Default: &tfbridge.DefaultInfo{
					EnvVars: []string{"DOCKER_HOST"},
					ComputeDefault: func(context.Context, tfbridge.ComputeDefaultOptions) (interface{}, error) {
						if runtime.GOOS == "windows" {
							return "npipe:////./pipe/docker_engine", nil
						}
						return "unix:///var/run/docker.sock", nil
					},
				},
			},
			// The SDK's provider argument is `registryAuth` (a list), not the
			// automatic plural.
			"registry_auth": {Name: "registryAuth", MaxItemsOne: tfbridge.False()},
		},
		Resources: map[string]*tfbridge.ResourceInfo{
			"docker_container": {
				Tok: "docker:index/container:Container",
				// A container keeps its fixed name across a replacement, so the
				// old one must go first.
				DeleteBeforeReplace: true,
				Fields: map[string]*tfbridge.SchemaInfo{
					// Lists whose SDK names are not the automatic plurals.
					"command":           {Name: "command"},
					"networks_advanced": {Name: "networksAdvanced"},
				},
			},
			// TF docker_image pulls/keeps an image: the SDK calls it RemoteImage
			// (docker.Image is pulumi-docker's own build resource, not served here).
			"docker_image": {
				Tok:    "docker:index/remoteImage:RemoteImage",
				Fields: map[string]*tfbridge.SchemaInfo{"name": {Name: "name"}},
			},
			"docker_config": {Tok: "docker:index/serviceConfig:ServiceConfig"},
		},
		DataSources: map[string]*tfbridge.DataSourceInfo{
			"docker_image": {Tok: "docker:index/getRemoteImage:getRemoteImage"},
		},
	}

	// Every other docker_<x> maps to docker:index/<x>:<X> (docker_network ->
	// docker:index/network:Network) and data sources to getX, as in the SDK.
	prov.MustComputeTokens(tokens.SingleModule("docker_", "index", tokens.MakeStandard("docker")))
	prov.MustApplyAutoAliases()
	// Resources with a `name` get "<pulumi name>-<random suffix>" when none is given.
	prov.SetAutonaming(255, "-")
	return prov
}
