package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// udAdmin runs one command of the binary in-process, like the shell would.
func udAdmin(b *testing.B, env map[string]string, args ...string) string {
	b.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(k string) string { return env[k] }}
	if err := m.Run(context.Background(), args); err != nil {
		b.Fatalf("datenportal %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// udServer is `datenportal serve` as a child process.
type udServer struct {
	cmd  *exec.Cmd
	base string
	done chan error
	tail *bytes.Buffer
}

func udStartServer(b *testing.B, env map[string]string) *udServer {
	b.Helper()
	// A fixed port, so that the base URL (tus Location, download URLs)
	// is the address the server listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(os.Args[0], "serve", "--addr", addr)
	cmd.Env = []string{runMainEnv + "=1", "DATENPORTAL_LOG_FORMAT=json", "DATENPORTAL_LOG_LEVEL=info"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATENPORTAL_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	if p := os.Getenv(udProfileEnv); p != "" {
		cmd.Env = append(cmd.Env, udProfileEnv+"="+p)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	s := &udServer{cmd: cmd, base: "http://" + addr, done: make(chan error, 1), tail: &bytes.Buffer{}}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		once := false
		for sc.Scan() {
			if !once {
				s.tail.Write(sc.Bytes())
				s.tail.WriteByte('\n')
				var rec struct{ Msg string }
				if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "Datenportal listening" {
					once = true
					close(ready)
				}
			}
		}
		s.done <- cmd.Wait()
	}()
	b.Cleanup(func() { s.kill() })
	select {
	case <-ready:
		return s
	case err := <-s.done:
		s.done <- err
		b.Fatalf("serve exited before listening: %v\n%s", err, s.tail.String())
	case <-time.After(60 * time.Second):
		b.Fatalf("serve did not listen within 60 s\n%s", s.tail.String())
	}
	return nil
}

func (s *udServer) kill() {
	_ = s.cmd.Process.Kill()
	err := <-s.done
	s.done <- err
}

func (s *udServer) stop(b *testing.B) {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil {
			b.Errorf("serve after SIGTERM: %v", err)
		}
	case <-time.After(30 * time.Second):
		b.Errorf("serve did not stop within 30 s of SIGTERM")
		s.kill()
	}
}

// resetHWM sets the server's VmHWM to its current RSS (Linux).
func (s *udServer) resetHWM(b *testing.B) {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0); err != nil {
		b.Logf("cannot reset the server's VmHWM: %v", err)
	}
}

// hwmMB is the server's peak RSS since the last reset.
func (s *udServer) hwmMB(b *testing.B) float64 {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		b.Logf("reading the server's VmHWM: %v", err)
		return 0
	}
	for l := range strings.SplitSeq(string(raw), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
