package dev.tern.workspace.config;

/**
 * One entry of {@code providers}.
 *
 * @param apiKey  the API key, or null
 * @param baseUrl the endpoint, or null for the provider's default
 */
public record ProviderConfig(String apiKey, String baseUrl) {
    public static final ProviderConfig EMPTY = new ProviderConfig(null, null);

    public boolean configured() { return apiKey != null && !apiKey.isBlank(); }

    /** This config with each non-null argument replacing the current value. */
    /** This config, with the key and URL from elsewhere (the environment) where this one has none. */
    public ProviderConfig filledFrom(String key, String url) {
        return new ProviderConfig(apiKey != null && !apiKey.isBlank() ? apiKey : key,
                baseUrl != null && !baseUrl.isBlank() ? baseUrl : url);
    }

    @Override
    public String toString() {  // never print keys
        return "ProviderConfig[apiKey=" + (configured() ? "***" : "none") + ", baseUrl=" + baseUrl + "]";
    }
}
