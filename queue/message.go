package queue

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	vigil "github.com/vigil-ews/vigil"
	"github.com/vigil-ews/vigil/ingest"
	"github.com/vigil-ews/vigil/pipeline"
)

// Stored is what a worker publishes on vigil.events after a commit: the
// article without its text (the store has it) and the events the commit
// added. The serve side runs the watch on it. An article with more events
// than one message holds comes in Parts messages, each with some events.
type Stored struct {
	Article vigil.Article `json:"article"`
	Events  []vigil.Event `json:"events"`
	// Status is the pipeline's: "new", or "fallback" (an article made from
	// a feed item's own text while its page is unavailable).
	Status string `json:"status"`
	Part   int    `json:"part,omitempty"` // 1-based, when Parts > 1
	Parts  int    `json:"parts,omitempty"`
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// contentID hashes parts into a message ID.
func contentID(prefix string, parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{0})
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:16])
}

// DocumentMsg returns the message that carries a document to the workers.
// Its ID hashes the source's name and the bytes, so publishing the same
// document twice within the duplicate window stores it once.
func DocumentMsg(doc pipeline.Document) (*nats.Msg, error) {
	// Body travels once: the source's copy (a page fetched while telling
	// it from a feed) is the document's body.
	if doc.Body == nil && doc.Source.Body != nil {
		doc.Body = doc.Source.Body
	}
	doc.Source.Body = nil
	name := doc.Source.Name()
	data, gz, err := encode(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the document: %w", name, err)
	}
	m := nats.NewMsg(SubjectDocs)
	m.Data = data
	m.Header.Set(jetstream.MsgIDHeader, contentID("doc:", []byte(name), doc.Body, []byte(doc.FetchError)))
	m.Header.Set(HeaderName, headerValue(name))
	if gz {
		m.Header.Set(HeaderEncoding, contentEncodingZ)
	}
	return m, nil
}

// ArticleMsg returns the message that carries an extracted article (a
// record of a JSON Lines archive) to the workers. name says where it came
// from ("archive.jsonl:12"). Its ID is the article's: its text's hash.
func ArticleMsg(a *vigil.Article, name string) (*nats.Msg, error) {
	if a.ID == "" {
		a.ID = vigil.ArticleID(a.Text)
	}
	data, gz, err := encode(a)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the article: %w", name, err)
	}
	return articleMsg(SubjectArticles, data, gz, a.ID, name), nil
}

// RecordMsg returns the message that carries a line of a JSON Lines
// archive to the workers, as it was read: a, the line parsed with
// ingest.ParseRecord, gives the message its ID (the article's), and name
// says where the line came from ("archive.jsonl:12").
func RecordMsg(line []byte, a *vigil.Article, name string) (*nats.Msg, error) {
	data, gz, err := compress(line)
	if err != nil {
		return nil, fmt.Errorf("%s: compressing the record: %w", name, err)
	}
	return articleMsg(SubjectRecords, data, gz, a.ID, name), nil
}

// articleMsg is a message on subject carrying one article's data, with the
// article's ID as its de-duplication ID and name saying where it came from.
func articleMsg(subject string, data []byte, gz bool, id, name string) *nats.Msg {
	m := nats.NewMsg(subject)
	m.Data = data
	m.Header.Set(jetstream.MsgIDHeader, "article:"+id)
	if name != "" {
		m.Header.Set(HeaderName, headerValue(name))
	}
	if gz {
		m.Header.Set(HeaderEncoding, contentEncodingZ)
	}
	return m
}

// storedMsgs returns the messages announcing a commit: one, or several
// when the events do not fit in max bytes.
func storedMsgs(s Stored, max int) ([]*nats.Msg, error) {
	s.Article.Text = ""
	parts := [][]vigil.Event{s.Events}
	for {
		var out []*nats.Msg
		tooBig := false
		for i, evs := range parts {
			p := s
			p.Events = evs
			if len(parts) > 1 {
				p.Part, p.Parts = i+1, len(parts)
			}
			data, gz, err := encode(p)
			if err != nil {
				return nil, fmt.Errorf("article %s: encoding the stored notice: %w", s.Article.ID, err)
			}
			if len(data) > max {
				tooBig = true
				break
			}
			m := nats.NewMsg(SubjectEvents)
			m.Data = data
			m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("stored:%s:%d/%d", s.Article.ID, i+1, len(parts)))
			if gz {
				m.Header.Set(HeaderEncoding, contentEncodingZ)
			}
			out = append(out, m)
		}
		if !tooBig {
			return out, nil
		}
		n := len(parts) * 2
		if n > len(s.Events) {
			return nil, fmt.Errorf("article %s: one event does not fit in a message of %d bytes", s.Article.ID, max)
		}
		parts = splitEvents(s.Events, n)
	}
}

func splitEvents(evs []vigil.Event, n int) [][]vigil.Event {
	out := make([][]vigil.Event, 0, n)
	size := (len(evs) + n - 1) / n
	for i := 0; i < len(evs); i += size {
		out = append(out, evs[i:min(i+size, len(evs))])
	}
	return out
}

// headerValue keeps a header value on one line.
func headerValue(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// input is one decoded message of VIGIL_DOCS.
type input struct {
	name    string
	doc     *pipeline.Document // vigil.docs
	article *vigil.Article     // vigil.articles
}

// decodeInput reads a VIGIL_DOCS message. An error means no worker can
// ever use the input: it goes to vigil.dead with the error as reason.
func decodeInput(subject string, data []byte, h nats.Header) (input, error) {
	in := input{name: h.Get(HeaderName)}
	b, err := payload(data, h)
	if err != nil {
		return in, err
	}
	switch subject {
	case SubjectDocs:
		var d pipeline.Document
		if err := json.Unmarshal(b, &d); err != nil {
			return in, fmt.Errorf("not a JSON document: %v", err)
		}
		if d.Source.Kind == "" {
			return in, errors.New("document without a source kind")
		}
		in.doc = &d
		if in.name == "" {
			in.name = d.Source.Name()
		}
	case SubjectArticles:
		var a vigil.Article
		if err := json.Unmarshal(b, &a); err != nil {
			return in, fmt.Errorf("not a JSON article: %v", err)
		}
		if strings.TrimSpace(a.Text) == "" {
			return in, errors.New("article without text")
		}
		if a.ID == "" {
			a.ID = vigil.ArticleID(a.Text)
		}
		in.article = &a
	case SubjectRecords:
		a, err := ingest.ParseRecord(b)
		if err != nil {
			return in, err
		}
		asProvenance(a)
		in.article = a
	default:
		return in, fmt.Errorf("unexpected subject %q", subject)
	}
	if in.article != nil && in.name == "" {
		in.name = in.article.URL
		if in.name == "" && len(in.article.Sources) > 0 {
			in.name = in.article.Sources[0].URL
		}
		if in.name == "" {
			in.name = "article " + in.article.ID
		}
	}
	return in, nil
}
