package dev.tern.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Response headers: names compared case-insensitively, in arrival order. Immutable. */
public final class Headers {

    public static final Headers EMPTY = new Headers(new String[0], new String[0], 0);

    private final String[] names;   // lower case
    private final String[] values;
    private final int size;

    private Headers(String[] names, String[] values, int size) {
        this.names = names;
        this.values = values;
        this.size = size;
    }

    /** From flattened pairs {@code [n1, v1, n2, v2, ...]}. */
    public static Headers of(String... pairs) {
        if (pairs.length % 2 != 0) throw new IllegalArgumentException("headers must be name/value pairs");
        Builder b = new Builder(pairs.length / 2);
        for (int i = 0; i < pairs.length; i += 2) b.add(pairs[i], pairs[i + 1]);
        return b.build();
    }

    /** The first value of {@code name}, or null. */
    public String first(String name) {
        for (int i = 0; i < size; i++) if (names[i].equalsIgnoreCase(name)) return values[i];
        return null;
    }

    public Optional<String> firstValue(String name) { return Optional.ofNullable(first(name)); }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < size; i++) if (names[i].equalsIgnoreCase(name)) out.add(values[i]);
        return out;
    }

    public int size() { return size; }

    public String name(int i) { return names[i]; }

    public String value(int i) { return values[i]; }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) b.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        return b.append('}').toString();
    }

    /** Collects headers as they are parsed. */
    public static final class Builder {
        private String[] names;
        private String[] values;
        private int size;

        public Builder(int capacity) {
            names = new String[Math.max(4, capacity)];
            values = new String[names.length];
        }

        public Builder add(String name, String value) {
            if (size == names.length) {
                names = java.util.Arrays.copyOf(names, size * 2);
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            names[size] = name.toLowerCase(Locale.ROOT);
            values[size] = value;
            size++;
            return this;
        }

        public Headers build() { return size == 0 ? EMPTY : new Headers(names, values, size); }
    }
}
