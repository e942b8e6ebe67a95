package io.bootsim.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component's command line as found on a host: the flags (each with where it was written),
 * the file it came from (unit, manifest, flag file) and the root it was found in.
 *
 * @param component kube-apiserver, kube-controller-manager or kubelet
 */
public record ComponentCommandLine(String component, HostRoot host, String source, List<CommandLineFlag> flags) {

    public ComponentCommandLine {
        flags = List.copyOf(flags);
    }

    /**
     * The last occurrence of {@code --name}, as pflag lets a later flag win. Values given as a
     * separate word ({@code --kubeconfig /etc/x}) are joined by {@link #normalized}.
     */
    public Optional<CommandLineFlag> flag(String name) {
        CommandLineFlag found = null;
        for (CommandLineFlag f : flags) {
            if (f.isFlag() && f.name().equals(name)) {
                found = f;
            }
        }
        return Optional.ofNullable(found);
    }

    public Optional<String> value(String name) {
        return flag(name).flatMap(CommandLineFlag::value);
    }

    /**
     * Joins {@code --flag value} pairs into {@code --flag=value} (the scenario language writes one
     * flag per item), leaving booleans (a flag followed by another flag) alone.
     */
    public static List<CommandLineFlag> normalized(List<CommandLineFlag> words) {
        List<CommandLineFlag> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            CommandLineFlag w = words.get(i);
            boolean takesNext = w.isFlag() && !w.text().contains("=") && i + 1 < words.size()
                    && !words.get(i + 1).isFlag() && !isBooleanValue(words.get(i + 1).text());
            if (takesNext) {
                out.add(new CommandLineFlag(w.text() + "=" + words.get(i + 1).text(), w.file(), w.line()));
                i++;
            } else {
                out.add(w);
            }
        }
        return out;
    }

    // pflag booleans never take a separate word: "--v 2" takes one, "--anonymous-auth false" does not parse
    // as intended on the real binary either, so only values that are clearly not booleans are joined.
    private static boolean isBooleanValue(String s) {
        return s.equals("true") || s.equals("false");
    }
}
