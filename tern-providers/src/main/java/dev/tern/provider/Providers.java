package dev.tern.provider;

import dev.tern.http.HttpTransport;
import dev.tern.model.ModelException;

import java.util.Map;

/** Picks a provider from the environment, like the official SDKs (for the CLI). */
public final class Providers {

    private Providers() { }

    /**
     * The provider that serves {@code model} among those configured in the environment (see
     * {@link ProviderRouter}); with no model, the first configured one (OpenAI-compatible first).
     *
     * @param model the model id, or null when not chosen yet
     * @throws ModelException AUTHENTICATION with a one-line hint when nothing is configured, NOT_FOUND when
     *                        no configured provider serves the model
     */
    public static HttpModelProvider fromEnvironment(HttpTransport transport, String model) {
        return fromEnvironment(transport, model, System.getenv());
    }

    public static HttpModelProvider fromEnvironment(HttpTransport transport, String model, Map<String, String> env) {
        ProviderRouter router = ProviderRouter.fromEnvironment(transport, env);
        if (model == null || model.isBlank()) return router.providers().getFirst();
        return router.route(model).provider();
    }
}
