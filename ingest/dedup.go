package ingest

import (
	"hash/fnv"
	"math/bits"
	nurl "net/url"
	"sort"
	"strings"
	"unicode"
)

// trackingParams are query parameters that say how a reader arrived, not
// what they read: dropped from canonical URLs. A trailing "*" matches a prefix.
var trackingParams = []string{
	"utm_*", "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid",
	"mc_cid", "mc_eid", "_ga", "_gl", "ocid", "cmpid", "cmp", "smid", "smtyp",
	"at_*", "ns_*", "s_cid", "wt.*", "ito", "ref", "ref_src", "referrer",
	"rss", "taid", "mbid", "sr_share", "spm", "amp",
	"outputtype", "__twitter_impression", "guccounter", "guce_referrer*",
	"soc_src", "soc_trk", "icid", "ftag", "xtor",
}

func isTracking(key string) bool {
	k := strings.ToLower(key)
	for _, p := range trackingParams {
		if strings.HasSuffix(p, "*") {
			if strings.HasPrefix(k, p[:len(p)-1]) {
				return true
			}
		} else if k == p {
			return true
		}
	}
	return false
}

// CanonicalURL returns the form of u under which the same article is
// recognised however it was linked: scheme and host lower-cased, default
// port, fragment and tracking parameters (utm_*, fbclid, gclid, ...) dropped,
// remaining parameters sorted, AMP variants (amp. host, /amp path segment,
// .amp.html, ?amp) mapped to the plain page, trailing slash removed. A URL
// that does not parse is returned trimmed.
func CanonicalURL(u string) string {
	u = strings.TrimSpace(u)
	p, err := nurl.Parse(u)
	if err != nil || !p.IsAbs() || p.Host == "" {
		return u
	}
	p.Scheme = strings.ToLower(p.Scheme)
	host := strings.ToLower(p.Hostname())
	port := p.Port()
	if (p.Scheme == "http" && port == "80") || (p.Scheme == "https" && port == "443") {
		port = ""
	}
	host = strings.TrimSuffix(host, ".")
	host = strings.TrimPrefix(host, "amp.")
	if port != "" {
		host += ":" + port
	}
	p.Host = host
	p.User = nil
	p.Fragment, p.RawFragment = "", ""

	// AMP paths: /amp/s/... (cache prefix), /story/amp, /story.amp.html, /story.amp
	path := p.Path
	path = strings.TrimPrefix(path, "/amp/")
	if path != p.Path {
		path = "/" + path
	}
	path = strings.TrimSuffix(path, "/")
	path = strings.TrimSuffix(path, "/amp")
	if strings.HasSuffix(path, ".amp.html") {
		path = strings.TrimSuffix(path, ".amp.html") + ".html"
	}
	path = strings.TrimSuffix(path, ".amp")
	if path == "" {
		path = "/"
	}
	p.Path, p.RawPath = path, ""

	q := p.Query()
	for k := range q {
		if isTracking(k) {
			delete(q, k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		vs := q[k]
		sort.Strings(vs)
		for _, v := range vs {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(nurl.QueryEscape(k))
			if v != "" {
				b.WriteByte('=')
				b.WriteString(nurl.QueryEscape(v))
			}
		}
	}
	p.RawQuery = b.String()
	p.ForceQuery = false
	return p.String()
}

// SimHashMinWords is the shortest text SimHash near-duplicate matching is
// trusted on: in a few dozen words one changed sentence moves many bits, and
// unrelated short items (one-line briefs) collide.
const SimHashMinWords = 40

// simHashParaWords is the shortest paragraph that counts towards SimHash:
// bylines, captions, "Read more:" teasers and agency footers are short lines,
// and they are exactly what differs between syndicated copies.
const simHashParaWords = 12

// SimHash returns the 64-bit SimHash fingerprint of text over word
// 3-shingles (lower-cased letters and digits only), and the number of words
// it used. Only paragraphs of at least a dozen words count (unless that
// leaves too little), so syndicated copies of a story (another headline,
// byline, caption or footer) land within a few bits; different stories
// differ in about half.
func SimHash(text string) (uint64, int) {
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
	}
	var words []string
	for _, para := range strings.Split(text, "\n") {
		if w := split(para); len(w) >= simHashParaWords {
			words = append(words, w...)
		}
	}
	if len(words) < SimHashMinWords {
		words = split(text)
	}
	if len(words) == 0 {
		return 0, 0
	}
	var v [64]int
	add := func(s string) {
		h := fnv.New64a()
		h.Write([]byte(s))
		x := h.Sum64()
		for i := range 64 {
			if x&(1<<i) != 0 {
				v[i]++
			} else {
				v[i]--
			}
		}
	}
	const k = 3
	if len(words) < k {
		add(strings.Join(words, " "))
	}
	for i := 0; i+k <= len(words); i++ {
		add(words[i] + " " + words[i+1] + " " + words[i+2])
	}
	var out uint64
	for i := range 64 {
		if v[i] > 0 {
			out |= 1 << i
		}
	}
	return out, len(words)
}

// Hamming returns the number of bits in which a and b differ.
func Hamming(a, b uint64) int { return bits.OnesCount64(a ^ b) }
