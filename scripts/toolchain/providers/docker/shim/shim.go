// Package shim exposes the upstream Terraform docker provider, whose constructor
// lives in an internal package, to the bridge wrapper one directory up.
package shim

import (
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// NewProvider returns the upstream SDKv2 provider. Upstream also muxes a
// plugin-framework provider next to it, but (built with -tags no_compose) that
// one holds only docker_compose's absence, two data sources and actions that the
// @pulumi/docker SDK does not expose, so only the SDKv2 half is bridged.
//
// Networks and volumes get their own create, read and delete (without_fixed_waits.go):
// upstream sleeps 2 s before its first look at each, on the way up and down.
func NewProvider(version string) *schema.Provider {
	p := provider.New(version)()
	withoutFixedWaits(p)
	return p
}
