//go:build unix

package tfrun

import "syscall"

// ownProcessGroup puts Terraform in a process group of its own, so a signal
// the terminal sends to platformctl's group (Ctrl-C) does not reach it too.
func ownProcessGroup() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
