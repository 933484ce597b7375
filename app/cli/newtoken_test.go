package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"forkcast/app/web"
)

// tokenReq sends method path to base's server with the bearer token ("" =
// none); it fails t when the request gets no answer.
func tokenReq(t *testing.T, method, base, path, token string) (int, []byte) {
	t.Helper()
	code, b, err := bearerDo(t, method, strings.TrimPrefix(base, "http://"), "", path, token)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return code, b
}

// The console's "New token": POST /api/token (and the window's NewToken)
// replace the token, store it for the next run and answer the new links;
// the old token is refused from then on.
func TestNewToken(t *testing.T) {
	r, ctx := openDemoShow(t)
	base := "http://" + r.addr
	cur := func() string { r.webMu.Lock(); defer r.webMu.Unlock(); return r.token }
	old := cur()

	if code, _ := tokenReq(t, http.MethodPost, base, "/api/token", ""); code != http.StatusUnauthorized {
		t.Errorf("POST /api/token without the token = %d, want 401", code)
	}
	if code, _ := tokenReq(t, http.MethodPost, base, "/api/token", "wrong-"+old); code != http.StatusUnauthorized {
		t.Errorf("POST /api/token with a wrong token = %d, want 401", code)
	}
	if cur() != old {
		t.Fatalf("a refused request changed the token")
	}

	code, body := tokenReq(t, http.MethodPost, base, "/api/token", old)
	var l web.Links
	if err := json.Unmarshal(body, &l); code != http.StatusOK || err != nil {
		t.Fatalf("POST /api/token = %d %s (%v), want 200 and links", code, body, err)
	}
	fresh := r.url("stage")[strings.Index(r.url("stage"), "token=")+len("token="):]
	if fresh == old || web.StrongToken(fresh) != nil {
		t.Fatalf("token after the rotation %q (old %q): not new or not strong", fresh, old)
	}
	if !strings.HasSuffix(l.Stage, "token="+fresh) || !strings.HasSuffix(l.Console, "token="+fresh) {
		t.Errorf("answered links %+v, want the new token %s", l, fresh)
	}
	if code, _ := tokenReq(t, http.MethodGet, base, "/api/links", old); code != http.StatusUnauthorized {
		t.Errorf("GET /api/links with the old token = %d, want 401", code)
	}
	if code, _ := tokenReq(t, http.MethodPost, base, "/api/next", old); code != http.StatusUnauthorized {
		t.Errorf("POST /api/next with the old token = %d, want 401", code)
	}
	if code, b := tokenReq(t, http.MethodGet, base, "/api/links", fresh); code != http.StatusOK {
		t.Errorf("GET /api/links with the new token = %d %s, want 200", code, b)
	}
	if v, ok, err := r.db.Setting(ctx, settingWebToken); err != nil || !ok || v != fresh {
		t.Errorf("stored token %q %v %v, want the new one", v, ok, err)
	}

	// The window's bound method goes the same way.
	if err := r.newToken(ctx); err != nil {
		t.Fatalf("newToken: %v", err)
	}
	if cur() == fresh {
		t.Fatalf("newToken kept the token")
	}
	if code, _ := tokenReq(t, http.MethodGet, base, "/api/links", fresh); code != http.StatusUnauthorized {
		t.Errorf("the replaced token still works: %d", code)
	}
	if v, _, _ := r.db.Setting(ctx, settingWebToken); v != cur() {
		t.Errorf("stored token %q, want %q", v, cur())
	}
}
