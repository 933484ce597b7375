// Package server is the cloud side of Forkcast's webhook relay.
//
// Server receives SMS webhooks from a provider (Twilio, Telnyx), checks their
// signatures, stores each text durably in an embedded SQLite file, answers
// the provider at once (TwiML, with the reply the laptop has pushed), and
// streams the stored texts to the laptop's bridge/relay.Client as server-sent
// events with resume and acknowledgement (docs/relay.md).
//
// It imports app/vote, app/sqlite/dbfile and the protocol types of
// bridge/relay, plus its own technology (net/http, SQLite), so the
// forkcast-relay binary (bridge/relay/cmd/forkcast-relay) builds with
// CGO_ENABLED=0 and the desktop app never links it.
package server
