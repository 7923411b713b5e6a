package dev.tern.cost;

/**
 * What one call cost, in USD.
 *
 * @param model             the model id it was priced as
 * @param priced            false when the model has no price (all amounts are then 0)
 * @param input             uncached input
 * @param output            output
 * @param cacheWrite        prompt-cache writes
 * @param cacheRead         prompt-cache reads
 * @param cacheSavings      what the cache reads would have cost at the full input price, minus what they cost
 * @param cacheWritePremium what the cache writes cost above the full input price
 */
public record CallCost(String model, boolean priced, double input, double output, double cacheWrite, double cacheRead,
                       double cacheSavings, double cacheWritePremium) {

    public static CallCost unpriced(String model) {
        return new CallCost(model, false, 0, 0, 0, 0, 0, 0);
    }

    public double total() { return input + output + cacheWrite + cacheRead; }

    /** Net money saved by prompt caching versus no caching (negative while the cache is being filled). */
    public double netCacheSavings() { return cacheSavings - cacheWritePremium; }
}
