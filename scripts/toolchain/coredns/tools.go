//go:build tools

// Package tools only records CoreDNS's main package as a dependency of this module.
package tools

import _ "github.com/coredns/coredns"
