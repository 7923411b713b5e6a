/**
 * {@code web_fetch} and {@code web_search} on one shared, pooled {@link java.net.http.HttpClient}: SSRF
 * guard on every redirect hop, byte caps, readable text from HTML, and search backends (Brave, Tavily,
 * SearXNG, DuckDuckGo HTML) with fallback.
 */
package dev.tern.workspace.tools.web;
