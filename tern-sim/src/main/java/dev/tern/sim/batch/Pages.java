package dev.tern.sim.batch;

import java.util.List;
import java.util.function.Function;

/** Cursor paging of list endpoints (newest first), as both APIs do it. */
final class Pages {

    private Pages() { }

    /**
     * @param after  return items after this id (older), nullable
     * @param before return items before this id (newer), nullable
     */
    static <T> List<T> page(List<T> newestFirst, Function<T, String> id, String after, String before, int limit) {
        int from = 0;
        int to = newestFirst.size();
        if (after != null) {
            for (int i = 0; i < newestFirst.size(); i++) if (id.apply(newestFirst.get(i)).equals(after)) from = i + 1;
        }
        if (before != null) {
            for (int i = 0; i < newestFirst.size(); i++) if (id.apply(newestFirst.get(i)).equals(before)) to = i;
            from = Math.max(from, to - limit);
        }
        if (from > to) from = to;
        return newestFirst.subList(from, Math.min(to, from + limit));
    }

    /** Query parameter {@code name} (URL-decoded), or null. */
    static String param(String query, String name) {
        if (query == null || query.isEmpty()) return null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name))
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    /** Query parameter {@code name} as a limit in [1, max], {@code dflt} when absent or not a number. */
    static int limit(String query, int dflt, int max) {
        String v = param(query, "limit");
        if (v == null) return dflt;
        try {
            return Math.max(1, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
