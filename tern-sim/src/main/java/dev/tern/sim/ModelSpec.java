package dev.tern.sim;

import java.util.Locale;

/**
 * A requested model string read as a simulator model spec:
 * {@code sim:<scenario>[,<key>=<value>]*}. The scenario name may contain ':' (not ','); an empty
 * name ({@code sim:,lat=500}) keeps the normal selection (header, match, echo) and only applies the
 * options. Any other model string is a plain model with no options.
 *
 * <p>Keys: {@code lat} time to first token (ms), {@code tok} ms per output token, {@code len}
 * length in tokens of {@code {{lorem}}} text, {@code seed} seed of generated text, {@code ctx}
 * context window in tokens. A missing option is -1 (not set).
 *
 * @param model    the model string as requested (echoed in responses)
 * @param scenario the scenario named by a {@code sim:} spec, null when none (plain model or empty name)
 * @param ttftMs   {@code lat}, -1 = not set
 * @param tokenMs  {@code tok}, -1 = not set
 * @param length   {@code len}, -1 = not set
 * @param seed     {@code seed}, 0 = not set
 * @param context  {@code ctx}, -1 = not set
 */
public record ModelSpec(String model, String scenario, long ttftMs, long tokenMs, int length, long seed, long context) {

    /** The option keys a spec accepts, in the order the error message lists them. */
    public static final String KEYS = "lat, tok, len, seed, ctx";

    private static final String PREFIX = "sim:";

    /** A plain model string: no scenario, no options. */
    public static ModelSpec plain(String model) { return new ModelSpec(model, null, -1, -1, -1, 0, -1); }

    /**
     * Parses {@code model}; throws {@link IllegalArgumentException} with a one-line reason for an unknown
     * key or a bad value.
     */
    public static ModelSpec parse(String model) {
        if (model == null || !model.startsWith(PREFIX)) return plain(model);
        int comma = model.indexOf(',', PREFIX.length());
        if (comma < 0) return new ModelSpec(model, model.substring(PREFIX.length()), -1, -1, -1, 0, -1);
        String name = model.substring(PREFIX.length(), comma);
        long lat = -1;
        long tok = -1;
        int len = -1;
        long seed = 0;
        long ctx = -1;
        int i = comma + 1;
        while (i <= model.length()) {
            int end = model.indexOf(',', i);
            if (end < 0) end = model.length();
            String pair = model.substring(i, end).trim();
            i = end + 1;
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("sim model option '" + pair + "' in '" + model
                    + "' is not key=value (keys: " + KEYS + ")");
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            switch (key) {
                case "lat" -> lat = number(model, key, value);
                case "tok" -> tok = number(model, key, value);
                case "len" -> len = (int) Math.min(Integer.MAX_VALUE, number(model, key, value));
                case "seed" -> seed = seed(model, value);
                case "ctx" -> ctx = number(model, key, value);
                default -> throw new IllegalArgumentException("unknown sim model option '" + key + "' in '" + model
                        + "' (keys: " + KEYS + ")");
            }
        }
        return new ModelSpec(model, name.isEmpty() ? null : name, lat, tok, len, seed, ctx);
    }

    /** Whether the model string is a {@code sim:} spec. */
    public boolean isSim() { return model != null && model.startsWith(PREFIX); }

    /** The spec without options: {@code sim:<scenario>}, or the plain model. */
    public String base() {
        if (!isSim()) return model;
        int comma = model.indexOf(',', PREFIX.length());
        return comma < 0 ? model : model.substring(0, comma);
    }

    /** The latency the options ask for; negative fields inherit. */
    public Latency latency() { return new Latency(ttftMs, tokenMs); }

    private static long number(String model, String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("sim model option '" + key + "' in '" + model
                + "' needs a non-negative integer, got '" + value + "'");
    }

    private static long seed(String model, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sim model option 'seed' in '" + model + "' needs an integer, got '"
                    + value + "'");
        }
    }
}
