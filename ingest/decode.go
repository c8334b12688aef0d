package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// DefaultMaxSize is the size cap of one input (file, page or feed) when
// none is given: 10 MB is far beyond any news article and keeps a hostile
// or mistaken input from filling memory.
const DefaultMaxSize = 10 << 20

var (
	// ErrTooLarge reports an input over the size cap.
	ErrTooLarge = errors.New("over the size cap")
	// ErrBinary reports an input that is not text (PDF, image, archive, ...).
	ErrBinary = errors.New("not text")
	// ErrEncoding reports text whose encoding cannot be repaired.
	ErrEncoding = errors.New("invalid UTF-8 beyond repair")
	// ErrEmpty reports an input with no text to read.
	ErrEmpty = errors.New("no text")
)

// readCapped reads all of r, failing with ErrTooLarge when r holds more
// than max bytes. It never holds more than max+1 bytes.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxSize
	}
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return b, err
	}
	if int64(len(b)) > max {
		return b[:max], fmt.Errorf("%w of %d bytes (raise it with --max-size)", ErrTooLarge, max)
	}
	return b, nil
}

// magic lists signatures of common non-text formats that http.DetectContentType
// does not name, so the error can say what the file is.
var magic = []struct {
	prefix string
	kind   string
}{
	{"%PDF-", "PDF document"},
	{"\x7fELF", "Linux or Unix executable (ELF)"}, // "a …": the message says "looks like a %s"
	{"MZ", "Windows executable"},
	{"\xd0\xcf\x11\xe0", "MS Office document"},
	{"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"},
	{"\x1f\x8b", "gzip archive"},
	{"BZh", "bzip2 archive"},
	{"\xfd7zXZ\x00", "xz archive"},
	{"7z\xbc\xaf\x27\x1c", "7-Zip archive"},
	{"SQLite format 3\x00", "SQLite database"},
}

// checkText fails with ErrBinary when b does not look like text: a known
// binary signature, a NUL byte, or a sniffed content type outside text/*.
func checkText(b []byte) error {
	for _, m := range magic {
		if bytes.HasPrefix(b, []byte(m.prefix)) && (m.prefix != "MZ" || bytes.IndexByte(b[:min(len(b), 512)], 0) >= 0) {
			return fmt.Errorf("%w: looks like a %s", ErrBinary, m.kind)
		}
	}
	ct := http.DetectContentType(b)
	if isUTF16BOM(b) {
		return nil // UTF-16 text has NUL bytes by nature
	}
	if !strings.HasPrefix(ct, "text/") {
		kind := strings.SplitN(ct, ";", 2)[0]
		if kind == "application/octet-stream" {
			kind = "binary data"
		}
		return fmt.Errorf("%w: looks like %s", ErrBinary, kind)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return fmt.Errorf("%w: NUL byte at offset %d", ErrBinary, i)
	}
	return nil
}

func isUTF16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}

// toUTF8 returns b as valid UTF-8. Valid UTF-8 (with or without BOM) passes
// through; UTF-16 with a BOM is decoded. Otherwise, text whose high bytes never
// form a UTF-8 sequence is taken as Windows-1252 (a superset of ISO-8859-1,
// the usual legacy encoding of Western news); text that is mostly UTF-8 with a
// few broken bytes has them replaced by U+FFFD. More damage than that is an
// ErrEncoding: guessing further would put garbage into the store.
func toUTF8(b []byte) (string, error) {
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		b = b[3:]
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	if isUTF16BOM(b) {
		s, err := decodeWith(unicode.UTF16(unicode.BigEndian, unicode.UseBOM), b)
		if err != nil {
			return "", fmt.Errorf("%w: bad UTF-16: %v", ErrEncoding, err)
		}
		return s, nil
	}
	var valid, invalid, runes int
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			invalid++
		case n > 1:
			valid++
		}
		runes++
		i += n
	}
	if valid == 0 {
		return decodeWith(charmap.Windows1252, b)
	}
	// A few broken bytes in otherwise good UTF-8 (a truncated copy, one
	// mis-encoded quote) are repaired; one in a hundred characters is the most
	// a reader would still accept.
	if invalid*100 <= runes {
		return strings.ToValidUTF8(string(b), "\uFFFD"), nil
	}
	return "", fmt.Errorf("%w (%d invalid bytes among %d characters, mixed with valid UTF-8): convert it to UTF-8 first, e.g. with iconv", ErrEncoding, invalid, runes)
}

func decodeWith(enc encoding.Encoding, b []byte) (string, error) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}
