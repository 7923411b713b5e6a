package dev.tern.cost;

/**
 * The prices of one model in USD per million tokens.
 *
 * @param input         uncached input
 * @param output        output (including thinking)
 * @param cacheWrite5m  input written to a 5-minute prompt cache (equals {@code input} where writes cost nothing extra)
 * @param cacheWrite1h  input written to a 1-hour prompt cache
 * @param cacheRead     input read from the prompt cache
 * @param batchDiscount fraction taken off everything for batch API calls (0.5 = half price)
 */
public record ModelPrice(double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead,
                         double batchDiscount) {
    public ModelPrice {
        if (input < 0 || output < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || cacheRead < 0) {
            throw new IllegalArgumentException("prices must not be negative");
        }
        if (batchDiscount < 0 || batchDiscount >= 1) throw new IllegalArgumentException("batchDiscount must be in [0, 1)");
    }
}
