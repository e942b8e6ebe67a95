package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;

/**
 * A component's command line saved as text ({@code --apiserver-flags FILE}): {@code ps -o args}
 * output, a shell script line with backslash continuations, or one flag per line. {@code #}
 * starts a comment; a leading binary name is dropped.
 */
public final class FlagFile {

    private FlagFile() {
    }

    public static ComponentCommandLine parse(String text, String file, HostRoot root, String component) {
        List<CommandLineFlag> words = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                line = line.substring(0, line.length() - 1);
            }
            for (String w : SystemdUnit.words(line)) {
                words.add(new CommandLineFlag(w, file, i + 1));
            }
        }
        if (!words.isEmpty() && !words.get(0).isFlag()) {
            words.remove(0);
        }
        return new ComponentCommandLine(component, root, file, ComponentCommandLine.normalized(words));
    }
}
