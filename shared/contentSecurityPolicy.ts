/**
 * The Content-Security-Policy of the app's pages, one text for both ways of showing them:
 * the Electron window (electron/main/security.ts) and the web bridge's HTTP header
 * (electron/backend/web/server.ts). renderer/index.html carries it too, as a meta tag
 * without frame-ancestors (a unit test checks the two agree).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
