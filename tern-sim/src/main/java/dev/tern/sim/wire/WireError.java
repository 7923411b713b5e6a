package dev.tern.sim.wire;

/**
 * An API error answered in the dialect's error shape.
 *
 * @see Dialect#error(WireError)
 */
public final class WireError extends Exception {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    /**
     * @param type  error type ("invalid_request_error", "rate_limit_error", ...)
     * @param param offending parameter (OpenAI), nullable
     * @param code  error code (OpenAI), nullable
     */
    public WireError(int status, String type, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static WireError invalid(String message) {
        return new WireError(400, "invalid_request_error", message, null, null);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String param() { return param; }
    public String code() { return code; }
}
