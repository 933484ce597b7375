// Package relay is the laptop's side of Forkcast's webhook relay, and the
// protocol both sides speak.
//
// Client is a vote.Source: it connects out to the relay, hands each batch of
// texts to the engine's Sink, acknowledges only after the Sink has committed
// them, and reconnects with backoff and jitter. It also keeps the relay's
// automatic replies in step with the show.
//
// The protocol (protocol.go, sse.go) is a server-sent event stream with
// resume and cumulative acknowledgements, documented in docs/relay.md. The
// cloud side, which receives the providers' webhooks and stores the texts,
// is package bridge/relay/server; the desktop app links only this package.
package relay
