package fetch

import (
	"net/netip"
	"syscall"
)

// refusedPrefixes are the addresses a fetch may not connect to: everything
// that is not the public internet, so that a URL given to the scanner (or
// a list or feed address, or any redirect of theirs) cannot reach the
// machine itself, its network, or a cloud metadata service.
var refusedPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		// IPv4
		"0.0.0.0/8",       // "this network", including the unspecified address
		"10.0.0.0/8",      // private
		"100.64.0.0/10",   // carrier-grade NAT
		"127.0.0.0/8",     // loopback
		"169.254.0.0/16",  // link-local (cloud metadata services live here)
		"172.16.0.0/12",   // private
		"192.0.0.0/24",    // IETF protocol assignments (NAT64 discovery, ...)
		"192.0.2.0/24",    // documentation
		"192.168.0.0/16",  // private
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"224.0.0.0/4",     // multicast
		"240.0.0.0/4",     // reserved, and the broadcast address
		// IPv6 (IPv4-mapped, NAT64 and 6to4 forms are judged by the IPv4
		// address they carry, in allowedAddr)
		"::/96",          // unspecified, loopback, IPv4-compatible (deprecated)
		"64:ff9b:1::/48", // local-use NAT64
		"100::/64",       // discard-only
		"2001::/32",      // Teredo (the IPv4 address inside is obfuscated)
		"2001:db8::/32",  // documentation
		"fc00::/7",       // unique local (private)
		"fe80::/10",      // link-local
		"fec0::/10",      // site-local (deprecated)
		"ff00::/8",       // multicast
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
)

// allowedAddr reports whether a fetch may connect to a. An IPv6 address
// that carries an IPv4 one (IPv4-mapped ::ffff:a.b.c.d, NAT64
// 64:ff9b::a.b.c.d, 6to4 2002:aabb:ccdd::) is judged by that IPv4 address,
// since that is where the packets end up.
func allowedAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64Prefix.Contains(a):
			return allowedAddr(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToFour.Contains(a):
			return allowedAddr(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	for _, p := range refusedPrefixes {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// errAddressRefused is the cause logged when the guard refuses a connection.
type errAddressRefused struct{ addr string }

func (e errAddressRefused) Error() string {
	return "address " + e.addr + " is not a public internet address"
}

// checkDial is the dialer's Control hook: it sees the address after DNS
// resolution, just before the connection is made, so neither a name that
// resolves to a private address nor one whose answer changes between a
// check and the connection (DNS rebinding) gets through; every redirect
// dials through it too.
func (f *Fetcher) checkDial(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !f.allowAddr(ap.Addr()) {
		return errAddressRefused{address}
	}
	return nil
}
