package show_test

import (
	"errors"
	"fmt"
	"testing"

	"forkcast/app/show"
)

// TestErrorPolicy is the one policy every edge applies: a coded error's
// sentence, "Internal error." for internal and uncoded ones, whatever wraps
// them; errors.Is and the log still see the cause.
func TestErrorPolicy(t *testing.T) {
	cause := errors.New("disk I/O error")
	tests := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"nil", nil, "", ""},
		{"coded", show.Errorf(show.EINVALID, "Choice %d is not on this fork.", 7), show.EINVALID, "Choice 7 is not on this fork."},
		{"coded, wrapped", fmt.Errorf("pick: %w", show.Errorf(show.ECONFLICT, "The poll is open.")), show.ECONFLICT, "The poll is open."},
		{"coded internal", &show.Error{Code: show.EINTERNAL, Message: "Could not save the change.", Err: cause}, show.EINTERNAL, "Internal error."},
		{"not coded", fmt.Errorf("walk: %w", cause), show.EINTERNAL, "Internal error."},
	}
	for _, tt := range tests {
		if got := show.ErrorCode(tt.err); got != tt.code {
			t.Errorf("%s: ErrorCode = %q, want %q", tt.name, got, tt.code)
		}
		if got := show.ErrorMessage(tt.err); got != tt.msg {
			t.Errorf("%s: ErrorMessage = %q, want %q", tt.name, got, tt.msg)
		}
	}
	wrapped := &show.Error{Code: show.EINVALID, Message: "Bias \"x\": " + cause.Error(), Err: cause}
	if !errors.Is(wrapped, cause) {
		t.Errorf("errors.Is does not find the cause of %v", wrapped)
	}
	if got, want := wrapped.Error(), `Bias "x": disk I/O error`; got != want {
		t.Errorf("Error() = %q, want %q (the cause once)", got, want)
	}
	if got, want := (&show.Error{Code: show.EINTERNAL, Message: "Could not save.", Err: cause}).Error(), "Could not save.: disk I/O error"; got != want {
		t.Errorf("Error() = %q, want %q (the log sees the cause)", got, want)
	}
}
