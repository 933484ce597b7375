package android

import "encoding/json"

// The JSON shapes of SMS Gateway for Android's local-server API, as its
// source (capcom6/android-sms-gateway, app/src/main/java/me/capcom/smsgateway)
// serializes them with Gson. Field names are the app's; only the fields
// Forkcast reads are declared, so fields added by later versions are ignored.

// inboxRow is one element of GET /inbox (routes/InboxRoutes.kt, InboxMessage).
// For SMS, contentPreview is the whole text (IncomingMessagesService.toPreview).
type inboxRow struct {
	ID        string  `json:"id"`   // "text:" + a 32-bit Java hash: not unique
	Type      string  `json:"type"` // SMS, DATA_SMS, MMS, MMS_DOWNLOADED
	Sender    string  `json:"sender"`
	Recipient *string `json:"recipient"`
	SIMNumber *int    `json:"simNumber"`
	Content   string  `json:"contentPreview"`
	CreatedAt appTime `json:"createdAt"` // the receive path's time stamp (see doc.go)
}

// webhookEvent is the body of every webhook POST (WebHookEventDTO).
type webhookEvent struct {
	ID        string          `json:"id"` // the same on every retry of one event
	WebhookID string          `json:"webhookId"`
	Event     string          `json:"event"`
	DeviceID  string          `json:"deviceId"`
	Payload   json.RawMessage `json:"payload"`
}

// smsReceived is the payload of an sms:received event (SmsEventPayload.SmsReceived).
// Versions before 2026-02 send phoneNumber only; later ones add sender and
// recipient and keep phoneNumber as a deprecated copy of sender.
type smsReceived struct {
	MessageID   string  `json:"messageId"` // 32-bit hash of the message, not unique
	Message     *string `json:"message"`
	Sender      string  `json:"sender"`
	PhoneNumber string  `json:"phoneNumber"`
	Recipient   *string `json:"recipient"`
	SIMNumber   *int    `json:"simNumber"`
	ReceivedAt  appTime `json:"receivedAt"`
}

// healthBody is GET /health (HealthResponse): no authentication; 500 when
// status is "fail", with the same body.
type healthBody struct {
	Status    string                 `json:"status"` // pass, warn, fail
	Version   string                 `json:"version"`
	ReleaseID int                    `json:"releaseId"`
	Checks    map[string]healthCheck `json:"checks"`
}

// healthCheck is one entry of healthBody.Checks, e.g. "battery:level".
type healthCheck struct {
	Description   string  `json:"description"`
	ObservedUnit  string  `json:"observedUnit"`
	ObservedValue float64 `json:"observedValue"`
	Status        string  `json:"status"`
}

// deviceRow is one element of GET /device (domain/Device.kt).
type deviceRow struct {
	ID   string `json:"id"`
	Name string `json:"name"` // "MANUFACTURER/PRODUCT"
}

// webhookReg is the body of POST /webhooks and an element of GET /webhooks
// (WebHookDTO). POST with an existing id replaces that webhook (an upsert).
type webhookReg struct {
	ID    string `json:"id,omitempty"` // at most 36 characters
	URL   string `json:"url"`
	Event string `json:"event"`
}

// sendRequest is the body of POST /message (PostMessageRequest). textMessage
// is the current form; message is the older one, still accepted.
type sendRequest struct {
	ID                 string       `json:"id,omitempty"`
	TextMessage        *textMessage `json:"textMessage,omitempty"`
	Message            string       `json:"message,omitempty"`
	PhoneNumbers       []string     `json:"phoneNumbers"`
	SIMNumber          int          `json:"simNumber,omitempty"`
	WithDeliveryReport bool         `json:"withDeliveryReport"`
}

// textMessage is sendRequest's text.
type textMessage struct {
	Text string `json:"text"`
}

// apiError is the body of the app's 4xx/5xx answers: {"message": "..."}.
type apiError struct {
	Message string `json:"message"`
}

// Webhook event names the app sends (WebHookEvent.kt).
const (
	EventSMSReceived = "sms:received"
)

// settingsBody is the part of GET /settings Forkcast reads (Local mode; all
// values nullable; the signing key is write-only and never listed).
type settingsBody struct {
	Webhooks *struct {
		InternetRequired *bool `json:"internet_required"`
		RetryCount       *int  `json:"retry_count"`
	} `json:"webhooks"`
	Receiver *struct {
		ContentProviderEnabled *bool `json:"content_provider_enabled"`
	} `json:"receiver"`
}
