package main

import (
	"flag"
	"io"
	"testing"
)

// The search cache size comes from the environment or the flag (the flag
// wins); 0 turns the cache off, nonsense is refused with the variable's
// name.
func TestSearchCacheSetting(t *testing.T) {
	for _, tc := range []struct {
		env, flag string
		wantErr   bool
		off       bool
		wantBytes int64
	}{
		{"", "", false, false, 64 << 20},
		{"16", "", false, false, 16 << 20},
		{"16", "256", false, false, 256 << 20},
		{"0", "", false, true, 0},
		{"", "0", false, true, 0},
		{"viel", "", true, false, 0},
		{"-1", "", true, false, 0},
		{"", "-5", true, false, 0},
	} {
		c := defaultConfig()
		err := c.applyEnv(func(k string) string {
			if k == "DATENPORTAL_SEARCH_CACHE_MB" {
				return tc.env
			}
			return ""
		})
		if err == nil && tc.flag != "" {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			c.serveFlags(fs)
			err = fs.Parse([]string{"--search-cache-mb", tc.flag})
		}
		if err == nil {
			err = c.finish()
		}
		if (err != nil) != tc.wantErr {
			t.Errorf("env %q flag %q: err %v, want error %v", tc.env, tc.flag, err, tc.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		o := c.searchOptions()
		if o.NoResultCache != tc.off || o.ResultCacheBytes != tc.wantBytes {
			t.Errorf("env %q flag %q: %+v, want off=%v bytes=%d", tc.env, tc.flag, o, tc.off, tc.wantBytes)
		}
	}
}
