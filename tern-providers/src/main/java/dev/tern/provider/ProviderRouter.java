package dev.tern.provider;

import dev.tern.cancel.Cancellation;
import dev.tern.http.HttpTransport;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.ModelException;
import dev.tern.model.ModelProvider;
import dev.tern.model.StreamListener;
import dev.tern.provider.anthropic.AnthropicProvider;
import dev.tern.provider.http.ProviderConfig;
import dev.tern.provider.openai.OpenAiProvider;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Picks the provider for each model call, for {@link dev.tern.llm.ModelGateway}. A model names its
 * provider explicitly ({@code openai:gpt-4o}, {@code anthropic:claude-sonnet-4-5}, or LiteLLM style
 * {@code anthropic/claude-sonnet-4-5}; the prefix is stripped before sending), or goes by its family
 * ({@code claude-*} to Anthropic; {@code gpt-*}, {@code o1*}, {@code o3*}, {@code o4*},
 * {@code chatgpt-*} to OpenAI), or to the only configured provider. {@code sim:*} models go to the
 * configured provider (the simulator speaks both formats). A model no configured provider can serve
 * is a one-line NOT_FOUND error naming what is configured.
 *
 * <p>Providers are created once per (vendor, base URL, key) and shared by every route; the router
 * and its providers are thread-safe. Build one per process.
 */
public final class ProviderRouter implements Function<String, ModelProvider> {

    /** Where one model goes: the provider and the model id it is sent as. */
    public record Route(HttpModelProvider provider, String model) { }

    private final Map<Vendor, HttpModelProvider> byVendor;
    private final Map<String, ModelProvider> routes = new ConcurrentHashMap<>();

    private ProviderRouter(Map<Vendor, HttpModelProvider> byVendor) {
        if (byVendor.isEmpty()) {
            throw new ModelException(ModelException.Kind.AUTHENTICATION, "none",
                    "no model provider configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for other servers) "
                            + "or ANTHROPIC_API_KEY");
        }
        this.byVendor = new EnumMap<>(byVendor);
    }

    public static Builder builder(HttpTransport transport) { return new Builder(transport); }

    /**
     * Every vendor whose key or base URL is set in {@code env} ({@code OPENAI_API_KEY} /
     * {@code OPENAI_BASE_URL}, {@code ANTHROPIC_API_KEY} / {@code ANTHROPIC_BASE_URL}).
     *
     * @throws ModelException AUTHENTICATION when none is, or a vendor's own host has no key
     */
    public static ProviderRouter fromEnvironment(HttpTransport transport, Map<String, String> env) {
        return fromEnvironment(transport, env, null);
    }

    /**
     * As {@link #fromEnvironment(HttpTransport, Map)}, with every provider publishing and honouring
     * rate-limit waits through {@code rateLimits} (shared by all nodes when it is a server store).
     *
     * @param rateLimits the account limits' store, or null for per-provider state
     */
    public static ProviderRouter fromEnvironment(HttpTransport transport, Map<String, String> env,
                                                 dev.tern.store.RateLimitStore rateLimits) {
        Builder b = builder(transport);
        if (set(env, "OPENAI_API_KEY") || set(env, "OPENAI_BASE_URL")) {
            b.add(Vendor.OPENAI, OpenAiProvider.configFromEnv(env).withRateLimits(rateLimits));
        }
        if (set(env, "ANTHROPIC_API_KEY") || set(env, "ANTHROPIC_BASE_URL")) {
            b.add(Vendor.ANTHROPIC, AnthropicProvider.configFromEnv(env).withRateLimits(rateLimits));
        }
        return b.build();
    }

    /** The provider for {@code model}, sending the model id without its routing prefix. */
    @Override
    public ModelProvider apply(String model) {
        ModelProvider p = routes.get(model);
        if (p == null) {
            Route r = route(model);
            p = r.model().equals(model) ? r.provider() : new Renamed(r.provider(), model, r.model());
            routes.putIfAbsent(model, p);
        }
        return p;
    }

    /**
     * Where {@code model} goes.
     *
     * @throws ModelException NOT_FOUND when no configured provider serves it
     */
    public Route route(String model) {
        String m = model.strip();
        int colon = m.indexOf(':');
        if (colon > 0) {
            String prefix = m.substring(0, colon);
            if (prefix.equalsIgnoreCase("sim")) return new Route(first(), m);
            Vendor v = Vendor.byId(prefix);
            if (v != null) return new Route(require(v, model), m.substring(colon + 1));
        }
        int slash = m.indexOf('/');
        if (slash > 0) {
            Vendor v = Vendor.byId(m.substring(0, slash));
            if (v != null) {
                HttpModelProvider p = byVendor.get(v);
                if (p != null) return new Route(p, m.substring(slash + 1));
                // "anthropic/claude-..." on an OpenAI-compatible gateway (OpenRouter, LiteLLM): its own model id
                HttpModelProvider gateway = byVendor.get(Vendor.OPENAI);
                if (gateway != null && !gateway.config().baseUrl().contains("api.openai.com")) return new Route(gateway, m);
                throw notFound(model, v);
            }
        }
        Vendor family = family(m);
        if (family != null && byVendor.containsKey(family)) return new Route(byVendor.get(family), m);
        if (byVendor.size() == 1) return new Route(first(), m);
        throw notFound(model, family);
    }

    /**
     * Starts opening a connection to the server of {@code model}'s provider on a virtual thread, ahead of its first call
     * ({@link HttpModelProvider#preconnect}): once per server and process, as the transport keeps the connection and
     * opens one ahead only to a server it has never connected to.
     *
     * @return completes with true once the connection is open, false when no configured provider serves {@code model}
     *         (its first call says so) or the transport cannot open one without a request, or exceptionally when the
     *         server cannot be reached (the first call reports it again: nothing needs to wait for this)
     */
    public CompletableFuture<Boolean> preconnect(String model) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofVirtual().name("tern-preconnect").start(() -> {
            try {
                done.complete(preconnectNow(model));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private boolean preconnectNow(String model) throws java.io.IOException {
        Route r;
        try {
            r = route(model);
        } catch (ModelException e) {
            return false;
        }
        return r.provider().preconnect();
    }

    /** The vendor a bare model id belongs to by its name, or null when the name does not say. */
    public static Vendor family(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("claude")) return Vendor.ANTHROPIC;
        if (m.startsWith("gpt-") || m.startsWith("chatgpt-") || m.startsWith("o1") || m.startsWith("o3")
                || m.startsWith("o4")) {
            return Vendor.OPENAI;
        }
        return null;
    }

    /** The configured providers, OpenAI-compatible first. */
    public List<HttpModelProvider> providers() { return List.copyOf(byVendor.values()); }

    /** The provider configured for {@code vendor}, or null. */
    public HttpModelProvider provider(Vendor vendor) { return byVendor.get(vendor); }

    private HttpModelProvider first() { return byVendor.values().iterator().next(); }

    private HttpModelProvider require(Vendor v, String model) {
        HttpModelProvider p = byVendor.get(v);
        if (p == null) throw notFound(model, v);
        return p;
    }

    private ModelException notFound(String model, Vendor wanted) {
        List<String> configured = new ArrayList<>();
        byVendor.forEach((v, p) -> configured.add(v.id() + " (" + p.config().baseUrl() + ")"));
        String why = wanted != null ? "it needs the " + wanted.id() + " provider, which is not configured"
                : "its name does not say which provider serves it";
        return new ModelException(ModelException.Kind.NOT_FOUND, "tern", "no provider for model '" + model + "': " + why
                + "; configured: " + String.join(", ", configured) + " (prefix the model with openai: or anthropic:)");
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    /** Collects providers; identical (vendor, base URL, key) configurations share one provider. */
    public static final class Builder {
        private final HttpTransport transport;
        private final Map<Vendor, HttpModelProvider> byVendor = new EnumMap<>(Vendor.class);
        private final Map<String, HttpModelProvider> built = new ConcurrentHashMap<>();

        private Builder(HttpTransport transport) { this.transport = transport; }

        /** The provider of {@code vendor} at {@code config} (replaces an earlier one for the vendor). */
        public Builder add(Vendor vendor, ProviderConfig config) {
            byVendor.put(vendor, provider(vendor, config));
            return this;
        }

        /** An already built provider for {@code vendor}. */
        public Builder add(Vendor vendor, HttpModelProvider provider) {
            byVendor.put(vendor, provider);
            return this;
        }

        private HttpModelProvider provider(Vendor vendor, ProviderConfig config) {
            String key = vendor.id() + " " + config.baseUrl() + " " + config.apiKey().hashCode() + " " + config.apiKey().length();
            return built.computeIfAbsent(key, k -> vendor.create(transport, config));
        }

        public ProviderRouter build() { return new ProviderRouter(byVendor); }
    }

    /** A provider that sends another model id than the one the caller asked for (the routing prefix stripped). */
    private record Renamed(HttpModelProvider delegate, String asked, String sent) implements ModelProvider {
        @Override public String name() { return delegate.name(); }

        @Override public ChatResponse chat(ChatRequest r) { return back(delegate.chat(r.withModel(sent))); }

        @Override public ChatResponse chat(ChatRequest r, StreamListener l) { return back(delegate.chat(r.withModel(sent), l)); }

        @Override public ChatResponse chat(ChatRequest r, StreamListener l, Cancellation c) {
            return back(delegate.chat(r.withModel(sent), l, c));
        }

        @Override public ChatResponse stream(ChatRequest r, StreamListener l) { return back(delegate.stream(r.withModel(sent), l)); }

        @Override public ChatResponse stream(ChatRequest r, StreamListener l, Cancellation c) {
            return back(delegate.stream(r.withModel(sent), l, c));
        }

        private ChatResponse back(ChatResponse r) {
            return r.model() == null || r.model().equals(sent)
                    ? new ChatResponse(r.message(), r.usage(), r.stopReason(), asked, r.id()) : r;
        }
    }
}
