// Package android is Forkcast's third way in: the speaker's own Android phone
// running SMS Gateway for Android (capcom6/android-sms-gateway, Apache-2.0) in
// local-server mode. The app serves an HTTP API on the phone (Basic auth) and
// posts signed webhooks; this package is a small client of that API (the
// app's Go client module is not served by the module proxy), written from
// the app's source and documentation. docs/android.md is the speaker's guide.
//
// A Source (New) is a vote.Source and a vote.Replier:
//
//   - poll.go reads the phone's inbox (GET /inbox, newest first, pages of
//     500, X-Total-Count) every second from a cursor kept in State, and
//     notices texts the network delivered late by counting below the window;
//   - webhook.go is the http.Handler for the app's sms:received webhooks,
//     checked as the app signs them (HMAC-SHA256 of the raw body and
//     X-Timestamp, hex in X-Signature) against the phone's measured clock;
//     the Source registers its webhook on the phone (POST /webhooks, an
//     upsert under a fixed id) when Config.Webhook is set;
//   - source.go hands both paths' texts to the engine through one loop that
//     commits in batches, and advances nothing before the commit;
//   - reply.go texts back through POST /message, off by default, honouring
//     STOP; probe.go checks a set-up and says what to fix.
//
// # Provider ids: one text, one id
//
// The engine dedupes on (source, provider id), so the id must be the same
// for every copy of one text and differ between two texts. The app offers
// three candidates, none good enough:
//
//   - the webhook event id is new for every event: the app can emit one text
//     twice (issues #291, #310, #372 of the app), and only its retries repeat it;
//   - messageId and the inbox row id are a 32-bit Java hashCode of (sender,
//     time stamp, SIM subscription, text), whose inputs changed between
//     versions; two texts can collide, and the docs say not to rely on them;
//   - the time stamp differs between the app's two receive paths: the
//     SMS_RECEIVED broadcast stamps a text with the network's SMSC time
//     (whole seconds), the fallback content observer (on by default,
//     receiver.content_provider_enabled) with the phone's clock when the row
//     was written (milliseconds). Both paths can fire for one text, each
//     emitting a webhook and writing an inbox row of its own.
//
// So the id (ident.go) is a keyed hash (HMAC-SHA256 under a secret kept in
// State, so the id reveals no phone number) of the sender (digits), the SIM
// number, the text, and the exact time stamp in milliseconds. A webhook
// retry, the same event sent twice, the webhook and the inbox row of one
// receive path, and every later read of that row share it; two texts from
// one phone sent even a second apart differ (the app itself merges two
// identical texts within one second, so no one can tell those apart). A copy
// stamped by the phone's clock is matched to its network-stamped twin: same
// sender, SIM and text, with the phone's stamp, once the phone's measured
// clock skew is taken off, between 2 minutes before and 10 minutes after the
// network's; the closest unmatched twin wins and both take the id of the one
// that arrived first. These decisions are saved before the engine sees the
// texts, so a restart repeats them.
//
// # Time
//
// vote.Message.ReceivedAt is the text's network time stamp (a phone-clock
// stamp corrected by the skew), never later than when the laptop read it:
// the phone's clock cannot make a text count after its poll closed, and the
// engine judges lateness by its own clock and grace window. The skew is
// measured from the Date header of the app's answers and shown in Health.
package android
