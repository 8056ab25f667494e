// Nested module whose path sits *inside* the upstream module's path, so that Go's
// internal-package rule (which goes by import path) lets it import the upstream
// provider's internal/provider package. Pulled in by a `replace ... => ./shim`
// in the parent go.mod; it is never published.
module github.com/terraform-providers/terraform-provider-docker/shim

go 1.25.8

require (
	github.com/containerd/errdefs v1.0.0
	github.com/docker/docker v28.5.2+incompatible
	github.com/hashicorp/terraform-plugin-sdk/v2 v2.40.1
	github.com/terraform-providers/terraform-provider-docker v0.0.0-20260916201441-96d331c98ff4
)
