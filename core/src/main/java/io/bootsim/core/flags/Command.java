package io.bootsim.core.flags;

import java.io.PrintStream;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The cobra conventions the Kubernetes components share (component-base cli.Run): a parse error
 * prints {@code Error: <message>} to stderr and exits 1, preceded by the usage only for commands
 * that do not silence it ({@code usageOnParseError}; kube-apiserver, kube-controller-manager and
 * kubelet all set SilenceUsage); {@code -h/--help} prints the help to stdout and exits 0;
 * deprecation warnings go to stderr. {@code errorPrefix} wraps the parse error as the component
 * does (the kubelet says {@code failed to parse kubelet flag: }).
 */
// upstream: staging/src/k8s.io/component-base/cli/run.go, cmd/kubelet/app/server.go NewKubeletCommand
public record Command(FlagSet flags, String description, String errorPrefix, boolean usageOnParseError) {

    public static Command of(FlagSet flags, String description) {
        return new Command(flags, description, "", false);
    }

    public int execute(List<String> args, PrintStream out, PrintStream err, ToIntFunction<ParsedFlags> run) {
        ParsedFlags parsed;
        try {
            parsed = flags.parse(args);
        } catch (FlagParseException e) {
            if (usageOnParseError) {
                err.println(flags.usage());
            }
            err.println("Error: " + errorPrefix + e.getMessage());
            return 1;
        }
        parsed.warnings().forEach(err::println);
        if (parsed.helpRequested()) {
            out.print((description.isEmpty() ? "" : description + "\n\n") + flags.usage());
            return 0;
        }
        return run.applyAsInt(parsed);
    }
}
