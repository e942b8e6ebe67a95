package io.bootsim.kubectl;

import java.util.ArrayList;
import java.util.List;

/**
 * A command's resource arguments as kubectl reads them: {@code TYPE NAME...} or {@code TYPE/NAME}.
 */
record ResourceArgs(String type, List<String> names) {

    /** @param args at least one argument, the type (optionally {@code TYPE/NAME}) first */
    static ResourceArgs of(List<String> args) {
        String type = args.get(0);
        List<String> names = new ArrayList<>(args.subList(1, args.size()));
        int slash = type.indexOf('/');
        if (slash > 0) {
            names.add(0, type.substring(slash + 1));
            type = type.substring(0, slash);
        }
        return new ResourceArgs(type, List.copyOf(names));
    }
}
