// Package relay is Forkcast's webhook relay, both halves of it.
//
// The cloud half (Server) receives SMS webhooks from a provider (Twilio),
// checks their signatures, stores each text durably in an embedded SQLite file,
// answers the provider at once (TwiML, with the reply the laptop has pushed),
// and streams the stored texts to the laptop as server-sent events with
// resume and acknowledgement.
//
// The laptop half (Client) is a vote.Source: it connects out to the relay,
// hands each batch of texts to the engine's Sink, acknowledges only after the
// Sink has committed them, and reconnects with backoff and jitter.
//
// The protocol between the two is documented in docs/relay.md. The package
// imports app/vote and its own technology only (net/http, SQLite, x/crypto's
// autocert), so the forkcast-relay binary builds with CGO_ENABLED=0.
package relay
