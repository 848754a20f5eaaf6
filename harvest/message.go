package harvest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxMessageLen caps one message in a report (bytes per language), so that
// a source echoing a huge error page cannot bloat the database.
const MaxMessageLen = 1000

// Message is a text for people, in German and English.
type Message struct {
	DE string `json:"de"`
	EN string `json:"en"`
}

// Error is a harvest failure with a message for publishers in both
// languages. Err keeps the cause for logs.
type Error struct {
	Msg Message
	Err error
}

func (e *Error) Error() string { return e.Msg.EN }

func (e *Error) Unwrap() error { return e.Err }

// Errorf formats the German and the English text with the same arguments.
func Errorf(de, en string, args ...any) *Error {
	return &Error{Msg: Message{DE: fmt.Sprintf(de, args...), EN: fmt.Sprintf(en, args...)}}
}

// Wrap prefixes err's message with a German and an English context.
func Wrap(err error, de, en string) *Error {
	m := MessageOf(err)
	return &Error{Msg: Message{DE: de + ": " + m.DE, EN: en + ": " + m.EN}, Err: err}
}

// MessageOf returns the bilingual message of any error. Errors of this
// package carry their own; deadlines and cancellations get fixed texts;
// other errors (whose text is English, or bilingual already like the RDF
// readers' "… (…-Syntaxfehler)") are used for both languages.
func MessageOf(err error) Message {
	if err == nil {
		return Message{}
	}
	var e *Error
	if errors.As(err, &e) {
		return clipMessage(e.Msg)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return Message{DE: "Zeitlimit überschritten", EN: "time limit exceeded"}
	case errors.Is(err, context.Canceled):
		return Message{DE: "abgebrochen", EN: "cancelled"}
	}
	s := err.Error()
	return clipMessage(Message{DE: s, EN: s})
}

func clipMessage(m Message) Message {
	return Message{DE: clip(m.DE, MaxMessageLen), EN: clip(m.EN, MaxMessageLen)}
}

// clip cuts s to at most n bytes on a rune boundary and marks the cut.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
