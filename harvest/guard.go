package harvest

import (
	"net"
	"net/netip"
	"syscall"
)

// blockedPrefixes are ranges netip's predicates do not cover but which
// reach no public catalogue: shared address space (carrier NAT), IETF
// protocol assignments, benchmarking, documentation, reserved, NAT64 and
// the old site-local IPv6 range.
var blockedPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32",
		"64:ff9b::/96", "64:ff9b:1::/48", "2001:db8::/32", "fec0::/10", "100::/64",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// internalAddr reports whether a harvest must not connect to ip: loopback,
// private (RFC 1918, unique-local IPv6), link-local (which includes the
// cloud metadata address 169.254.169.254), multicast, unspecified and the
// reserved ranges above. IPv4-mapped IPv6 addresses are judged as IPv4.
func internalAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// errInternal is the refusal of a connection to an internal address.
func errInternal(addr string) *Error {
	return Errorf("Verbindung zu %s verweigert: interne Adresse (Loopback, privat, link-local oder Metadaten-Dienst); DATENPORTAL_HARVEST_ALLOW_PRIVATE=true erlaubt sie",
		"connection to %s refused: internal address (loopback, private, link-local or metadata service); DATENPORTAL_HARVEST_ALLOW_PRIVATE=true allows it", addr)
}

// dialControl checks the address a connection is about to use. It runs
// after DNS resolution for every address tried, so a host name that
// resolves (or re-resolves, DNS rebinding) to an internal address is
// caught, and so is every redirect target.
func dialControl(allowPrivate bool, endpoints []string) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if allowPrivate || endpointAllowed(endpoints, address) {
			return nil
		}
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return errInternal(address)
		}
		ip, err := netip.ParseAddr(host)
		if err != nil || internalAddr(ip) {
			return errInternal(address)
		}
		return nil
	}
}

// endpointAllowed reports whether addr ("ip:port") is one of the allowed
// endpoints, comparing parsed addresses so that spellings do not matter.
func endpointAllowed(endpoints []string, addr string) bool {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return false
	}
	for _, e := range endpoints {
		if ep, err := netip.ParseAddrPort(e); err == nil && ep.Addr().Unmap() == ap.Addr().Unmap() && ep.Port() == ap.Port() {
			return true
		}
	}
	return false
}
