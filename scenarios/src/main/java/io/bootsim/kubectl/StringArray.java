package io.bootsim.kubectl;

import io.bootsim.core.flags.FlagType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** pflag's StringArray: every occurrence adds one value, commas and all ({@code --as-group}, {@code --user}). */
final class StringArray implements FlagType<List<String>> {

    static final StringArray TYPE = new StringArray();

    private StringArray() {
    }

    @Override
    public String name() {
        return "stringArray";
    }

    @Override
    public List<String> set(List<String> current, boolean first, String text) {
        List<String> values = new ArrayList<>(first ? List.of() : current);
        values.add(text);
        return Collections.unmodifiableList(values);
    }

    @Override
    public String format(List<String> value) {
        return "[" + String.join(",", value) + "]";
    }
}
