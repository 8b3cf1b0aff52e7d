package web_test

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// chrome is the Chromium the package's tests share, started by the first
// test that needs it and closed by TestMain: each tab has a browser context
// of its own (cookies, storage, permissions), as a new browser would give
// it, without starting one for each test.
var chrome struct {
	mu     sync.Mutex
	path   string
	dir    string // its user data directory
	ctx    context.Context
	cancel []context.CancelFunc
}

// sharedBrowser returns the shared browser, started with chromium, starting
// it again if it has gone.
func sharedBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	chrome.mu.Lock()
	defer chrome.mu.Unlock()
	if chrome.ctx != nil && chrome.ctx.Err() == nil && chrome.path == chromium {
		return chrome.ctx
	}
	closeBrowserLocked()
	dir, err := os.MkdirTemp("", "guanjia-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1440, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	chrome.path, chrome.dir, chrome.ctx, chrome.cancel = chromium, dir, ctx, []context.CancelFunc{cancel, cancelAlloc}
	if err := chromedp.Do(ctx); err != nil { // start the browser, without a timeout
		closeBrowserLocked()
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// closeBrowserLocked stops the shared browser, if any, and removes its
// directory. chrome.mu is held.
func closeBrowserLocked() {
	for _, cancel := range chrome.cancel {
		cancel()
	}
	if chrome.dir != "" {
		os.RemoveAll(chrome.dir)
	}
	chrome.path, chrome.dir, chrome.ctx, chrome.cancel = "", "", nil, nil
}

// TestMain closes the browser the tests shared.
func TestMain(m *testing.M) {
	code := m.Run()
	chrome.mu.Lock()
	closeBrowserLocked()
	chrome.mu.Unlock()
	os.Exit(code)
}
