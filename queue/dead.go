package queue

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DeadLetter is one input of vigil.dead.
type DeadLetter struct {
	Seq        uint64    `json:"seq"` // in VIGIL_DEAD
	Time       time.Time `json:"time"`
	Name       string    `json:"name"`
	Subject    string    `json:"subject"` // where it was published: vigil.docs or vigil.articles
	Reason     string    `json:"reason"`
	Deliveries int       `json:"deliveries"`
	Worker     string    `json:"worker"`
	Bytes      int       `json:"bytes"`

	msg *jetstream.RawStreamMsg
}

// DeadLetters calls fn with every dead letter, oldest first, reading the
// stream directly (nothing is consumed). fn returning an error stops it.
func DeadLetters(ctx context.Context, js jetstream.JetStream, fn func(DeadLetter) error) error {
	s, err := js.Stream(ctx, StreamDead)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("stream %s: %w", StreamDead, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return fmt.Errorf("stream %s: %w", StreamDead, err)
	}
	if info.State.Msgs == 0 {
		return nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // removed (redriven, or aged out)
		}
		if err != nil {
			return fmt.Errorf("dead letter %d: %w", seq, err)
		}
		d := DeadLetter{Seq: m.Sequence, Time: m.Time, Name: m.Header.Get(HeaderName), Subject: m.Header.Get(HeaderSubject),
			Reason: m.Header.Get(HeaderReason), Worker: m.Header.Get(HeaderWorker), Bytes: len(m.Data), msg: m}
		d.Deliveries, _ = strconv.Atoi(m.Header.Get(HeaderDeliveries))
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

// Redrive publishes a dead letter again on its original subject, as it
// was (after the bug that killed it is fixed, or the worker's knowledge
// updated), and removes it from vigil.dead. The new publish gets a fresh
// message ID, so the duplicate window does not drop it.
func Redrive(ctx context.Context, js jetstream.JetStream, d DeadLetter) error {
	if d.msg == nil {
		return errors.New("redrive: give a DeadLetter from DeadLetters")
	}
	subject := d.Subject
	if subject != SubjectDocs && subject != SubjectArticles && subject != SubjectRecords {
		return fmt.Errorf("redrive: dead letter %d came from %q, not a Vigil input subject", d.Seq, subject)
	}
	m := nats.NewMsg(subject)
	m.Data = d.msg.Data
	for _, k := range []string{HeaderName, HeaderEncoding} {
		if v := d.msg.Header.Get(k); v != "" {
			m.Header.Set(k, v)
		}
	}
	m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("redrive:%d:%s", d.Seq, d.msg.Header.Get(HeaderMsgID)))
	if _, err := js.PublishMsg(ctx, m); err != nil {
		return fmt.Errorf("redrive %s: %w", d.Name, err)
	}
	s, err := js.Stream(ctx, StreamDead)
	if err != nil {
		return err
	}
	if err := s.DeleteMsg(ctx, d.Seq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		return fmt.Errorf("redrive %s: removing the dead letter: %w", d.Name, err)
	}
	return nil
}
