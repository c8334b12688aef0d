package ingest

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrBlockedAddress reports a connection refused by the SSRF guard.
var ErrBlockedAddress = errors.New("address not allowed")

// blockedPrefixes are the networks a fetch may not reach without
// --allow-private, beyond what netip.Addr's predicates cover: a feed item or
// a redirect must not make Vigil read the machine's own services, the
// private network, or a cloud metadata endpoint.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("100::/64"),        // discard-only
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// checkAddr reports why ip may not be dialled, or nil. Addresses that embed
// an IPv4 address (IPv4-mapped, NAT64, 6to4) are judged by it too.
func checkAddr(ip netip.Addr) error {
	ip = ip.Unmap()
	why := ""
	switch {
	case !ip.IsValid():
		why = "invalid"
	case ip.IsLoopback():
		why = "loopback"
	case ip.IsPrivate():
		why = "private network"
	case ip.IsLinkLocalUnicast():
		why = "link-local (cloud metadata lives here)"
	case ip.IsMulticast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast():
		why = "multicast"
	case ip.IsUnspecified():
		why = "unspecified"
	}
	if why == "" {
		for _, p := range blockedPrefixes {
			if p.Contains(ip) {
				why = "reserved (" + p.String() + ")"
				break
			}
		}
	}
	if why == "" && ip.Is6() {
		b := ip.As16()
		var v4 netip.Addr
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(ip):
			v4 = netip.AddrFrom4([4]byte(b[12:16]))
		case netip.MustParsePrefix("2002::/16").Contains(ip):
			v4 = netip.AddrFrom4([4]byte(b[2:6]))
		}
		if v4.IsValid() {
			if err := checkAddr(v4); err != nil {
				return fmt.Errorf("%s embeds %w", ip, err)
			}
		}
	}
	if why != "" {
		return fmt.Errorf("%w: %s is %s (use --allow-private to fetch from it)", ErrBlockedAddress, ip, why)
	}
	return nil
}

// guardControl is a net.Dialer Control function: it runs after DNS
// resolution, on the address actually being dialled, so a name that
// resolves (or re-resolves) to a private address is caught.
func guardControl(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s is not an IP address", ErrBlockedAddress, host)
	}
	return checkAddr(ip)
}
