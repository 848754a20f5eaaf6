package postgres_test

import (
	"bytes"
	"fmt"
	"net"
	"os"
	osexec "os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/datenportal/datenportal/catalog"
)

// cluster is a throw-away PostgreSQL server of the test's own, so that
// it can be restarted without disturbing other tests.
type cluster struct {
	t          *testing.T
	bin, dir   string
	port       int
	asPostgres bool // run the tools as user postgres (initdb refuses root)
}

// startCluster runs initdb into a temp dir and starts the server on a
// free port of 127.0.0.1. It skips, loudly, where no PostgreSQL binaries
// are installed (set DATENPORTAL_TEST_PG_BIN to their directory).
func startCluster(t *testing.T) *cluster {
	t.Helper()
	bin := os.Getenv("DATENPORTAL_TEST_PG_BIN")
	if bin == "" {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
		if len(matches) > 0 {
			bin = filepath.Dir(matches[len(matches)-1])
		}
	}
	if _, err := os.Stat(filepath.Join(bin, "initdb")); bin == "" || err != nil {
		t.Skip("!!! POSTGRESQL RESTART TEST SKIPPED: no initdb/pg_ctl found; install postgresql or set DATENPORTAL_TEST_PG_BIN")
	}
	dir, err := os.MkdirTemp("", "datenportal-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c := &cluster{t: t, bin: bin, dir: dir, asPostgres: os.Geteuid() == 0}
	if c.asPostgres {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("!!! POSTGRESQL RESTART TEST SKIPPED: running as root and there is no postgres user to run initdb as")
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	c.run("initdb", "-D", c.data(), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
	c.ctl("start")
	t.Cleanup(func() { c.run("pg_ctl", "-D", c.data(), "-m", "immediate", "stop") })
	return c
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable&application_name=dp-restart", c.port)
}

func (c *cluster) ctl(action string, extra ...string) {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", c.port, c.dir)
	c.run("pg_ctl", append([]string{"-D", c.data(), "-o", opts, "-l", filepath.Join(c.dir, "log"), "-w", action}, extra...)...)
}

func (c *cluster) run(tool string, args ...string) {
	c.t.Helper()
	name := filepath.Join(c.bin, tool)
	if c.asPostgres {
		args = append([]string{"-u", "postgres", "--", name}, args...)
		name = "runuser"
	}
	cmd := osexec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("%s %v: %v\n%s", tool, args, err, out.String())
	}
}

// TestServerRestart stops the server under running writers and starts it
// again. While it is down writes fail with EUNAVAILABLE, promptly; once it
// is back the same store serves again, without being reopened, and
// nothing written is half there.
func TestServerRestart(t *testing.T) {
	c := startCluster(t)
	s := open(t, c.url())
	ctx := t.Context()
	var ok, unavailable atomic.Int64
	var maxFail atomic.Int64 // the slowest failure, in ms
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				start := time.Now()
				_, err := s.CreateDataset(ctx, dataset(1+w*100000+i))
				switch code := catalog.ErrorCode(err); code {
				case "":
					ok.Add(1)
				case catalog.EUNAVAILABLE:
					unavailable.Add(1)
					if ms := time.Since(start).Milliseconds(); ms > maxFail.Load() {
						maxFail.Store(ms)
					}
					time.Sleep(20 * time.Millisecond)
				default:
					t.Errorf("writer %d: want success or EUNAVAILABLE, got %s: %v", w, code, err)
					return
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	c.ctl("stop", "-m", "fast")
	time.Sleep(500 * time.Millisecond) // down for a while
	if err := s.Ping(ctx); catalog.ErrorCode(err) != catalog.EUNAVAILABLE {
		t.Errorf("Ping while the server is down: %v, want EUNAVAILABLE", err)
	}
	downOK := ok.Load()
	c.ctl("start")
	// The writers go on; wait until one succeeds again (the pool has to
	// notice and replace its dead connections), however slow the machine.
	for deadline := time.Now().Add(30 * time.Second); ok.Load() == downOK && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	t.Logf("%d writes succeeded (%d before and during the stop), %d failed with EUNAVAILABLE, slowest failure %d ms",
		ok.Load(), downOK, unavailable.Load(), maxFail.Load())
	if unavailable.Load() == 0 {
		t.Fatal("no write failed: the server was never seen down")
	}
	if ok.Load() == downOK {
		t.Fatal("no write succeeded after the restart")
	}
	if _, err := s.CreateDataset(ctx, dataset(999999)); err != nil {
		t.Fatalf("the store did not recover: %v", err)
	}
	checkWhole(t, adminConn(t, c.url()))
}
