// Nested module whose path sits *inside* the upstream module's path, so that Go's
// internal-package rule (which goes by import path) lets it import the upstream
// provider's internal/provider package. Pulled in by a `replace ... => ./shim`
// in the parent go.mod; it is never published.
module github.com/terraform-providers/terraform-provider-random/shim

go 1.25.8

require (
	github.com/hashicorp/terraform-plugin-framework v1.19.0
	// Upstream hashicorp/terraform-provider-random at the commit pulumi-random
	// v4.21.1 was built from (plugin-framework based).
	github.com/terraform-providers/terraform-provider-random v1.3.2-0.20260513075824-f8d869dc98d9
)
