//go:build !unix

package tfrun

import "syscall"

// ownProcessGroup: only Unix has process groups to separate.
func ownProcessGroup() *syscall.SysProcAttr { return nil }
