// Package shim exposes the upstream Terraform random provider, whose constructor
// lives in an internal package, to the bridge wrapper one directory up.
package shim

import (
	tfpf "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/terraform-providers/terraform-provider-random/internal/provider"
)

// NewProvider returns the upstream plugin-framework provider.
func NewProvider() tfpf.Provider {
	return provider.New()
}
