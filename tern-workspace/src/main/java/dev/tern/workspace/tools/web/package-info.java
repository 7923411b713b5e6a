/**
 * {@code web_fetch} and {@code web_search} on the runtime's HTTP transport ({@link dev.tern.http.HttpTransport}): SSRF
 * guard on every redirect hop, byte caps, readable text from HTML, and search backends (Brave, Tavily,
 * SearXNG, DuckDuckGo HTML) with fallback.
 */
package dev.tern.workspace.tools.web;
