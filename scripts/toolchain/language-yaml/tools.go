//go:build tools

// Package tools only records the YAML language host's main package as a dependency
// of this module.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
