package io.bootsim.core.flags;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a flag's text becomes a typed value and back, as pflag's Value types do: {@code name()} is
 * pflag's Type() shown in help, {@code set} applies one occurrence (lists and maps accumulate over
 * repeated flags, replacing the default on the first), {@code format} is Value.String().
 * {@code set} throws IllegalArgumentException carrying Go's error text.
 */
public interface FlagType<T> {

    String name();

    T set(T current, boolean firstOccurrence, String text);

    String format(T value);

    /** The value a bare {@code --flag} means (pflag's NoOptDefVal); null when an argument is required. */
    default String noOptDefault() {
        return null;
    }

    FlagType<String> STRING = scalar("string", s -> s, s -> s);
    FlagType<Boolean> BOOL = new Scalar<>("bool", Strconv::parseBool, String::valueOf) {
        @Override
        public String noOptDefault() {
            return "true";
        }
    };
    FlagType<Long> INT = scalar("int", s -> Strconv.parseInt(s, 64), String::valueOf);
    FlagType<Integer> INT32 = scalar("int32", s -> (int) Strconv.parseInt(s, 32), String::valueOf);
    /** klog's verbosity level: an int32 that help prints as "Level" (k8s.io/klog/v2 Level). */
    FlagType<Integer> LEVEL = scalar("Level", s -> (int) Strconv.parseInt(s, 32), String::valueOf);
    FlagType<Double> FLOAT = scalar("float64", Strconv::parseFloat, Strconv::formatFloat);
    FlagType<Duration> DURATION = scalar("duration", GoDuration::parse, GoDuration::format);

    /** pflag StringSlice: comma-separated; the first occurrence replaces the default, later ones append. */
    FlagType<List<String>> STRING_SLICE = new FlagType<>() {
        public String name() {
            return "stringSlice";
        }

        public List<String> set(List<String> current, boolean first, String text) {
            List<String> values = new ArrayList<>(first ? List.of() : current);
            if (!text.isEmpty()) {
                values.addAll(List.of(text.split(",", -1)));
            }
            return Collections.unmodifiableList(values);
        }

        public String format(List<String> value) {
            return "[" + String.join(",", value) + "]";
        }
    };

    /** pflag StringArray: every occurrence is one value, commas included; the first replaces the default. */
    FlagType<List<String>> STRING_ARRAY = new FlagType<>() {
        public String name() {
            return "stringArray";
        }

        public List<String> set(List<String> current, boolean first, String text) {
            List<String> values = new ArrayList<>(first ? List.of() : current);
            values.add(text);
            return Collections.unmodifiableList(values);
        }

        public String format(List<String> value) {
            return "[" + String.join(",", value) + "]";
        }
    };

    /** component-base's feature gate flag: {@code A=true,B=false}, values parsed as Go bools; occurrences merge. */
    // upstream: staging/src/k8s.io/component-base/featuregate/feature_gate.go Set
    FlagType<Map<String, Boolean>> MAP_STRING_BOOL = new KeyValues<>("mapStringBool") {
        Boolean value(String key, String raw) {
            try {
                return Strconv.parseBool(raw);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value of " + key + "=" + raw + ", err: " + e.getMessage());
            }
        }

        String missingValue(String key) {
            return "missing bool value for " + key;
        }
    };

    /** component-base cliflag.MapStringString: {@code k=v,k2=v2}; occurrences merge. */
    FlagType<Map<String, String>> MAP_STRING_STRING = new KeyValues<>("mapStringString") {
        String value(String key, String raw) {
            return raw;
        }

        String missingValue(String key) {
            return "malformed pair, expect string=string";
        }
    };

    private static <T> FlagType<T> scalar(String name, Function<String, T> parse, Function<T, String> format) {
        return new Scalar<>(name, parse, format);
    }

    /** A single value: each occurrence replaces the previous one. */
    class Scalar<T> implements FlagType<T> {
        private final String name;
        private final Function<String, T> parse;
        private final Function<T, String> format;

        Scalar(String name, Function<String, T> parse, Function<T, String> format) {
            this.name = name;
            this.parse = parse;
            this.format = format;
        }

        public String name() {
            return name;
        }

        public T set(T current, boolean first, String text) {
            return parse.apply(text);
        }

        public String format(T value) {
            return format.apply(value);
        }
    }

    /** Comma-separated {@code key=value} pairs, trimmed, empty items skipped, printed sorted by key. */
    abstract class KeyValues<V> implements FlagType<Map<String, V>> {
        private final String name;

        KeyValues(String name) {
            this.name = name;
        }

        abstract V value(String key, String raw);

        abstract String missingValue(String key);

        public String name() {
            return name;
        }

        public Map<String, V> set(Map<String, V> current, boolean first, String text) {
            TreeMap<String, V> map = new TreeMap<>(first ? Map.of() : current);
            for (String item : text.split(",", -1)) {
                if (item.isEmpty()) {
                    continue;
                }
                String[] kv = item.split("=", 2);
                String key = kv[0].trim();
                if (kv.length != 2) {
                    throw new IllegalArgumentException(missingValue(key));
                }
                map.put(key, value(key, kv[1].trim()));
            }
            return Collections.unmodifiableSortedMap(map);
        }

        public String format(Map<String, V> value) {
            return new TreeMap<>(value).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }
    }
}
