package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;

import java.util.List;

/**
 * {@code kubectl version}: the client and kustomize versions, then the server's from {@code /version},
 * and a warning on stderr when the minors are more than one apart.
 */
// upstream: kubernetes/kubectl pkg/cmd/version/version.go
final class VersionCommand implements Subcommand {

    static final String CLIENT = "v1.33.1";
    private static final int CLIENT_MINOR = 33;

    private static final Flag<Boolean> CLIENT_ONLY = Flag.of("client", FlagType.BOOL, false,
            "If true, shows client version only (no server required).");

    @Override
    public String name() {
        return "version";
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add("version", CLIENT_ONLY);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        run.out().append("Client Version: ").append(CLIENT).append("\nKustomize Version: v5.6.0\n");
        if (flags.get(CLIENT_ONLY)) {
            run.finish(0);
            return;
        }
        run.send(HttpRequest.get("/version?timeout=32s"), result -> {
            if (!result.isSuccess()) {
                if (result.error() instanceof ApiError a && a.code() == 401) {
                    // the discovery client's fixed wording, whatever the Status said
                    run.fail("error: You must be logged in to the server (the server has asked for the client "
                            + "to provide credentials)");
                } else {
                    run.fail(result);
                }
                return;
            }
            ObjectNode info = result.json();
            run.out().append("Server Version: ").append(info.path("gitVersion").asText()).append('\n');
            int minor = parseMinor(info.path("minor").asText());
            if (Math.abs(minor - CLIENT_MINOR) > 1) {
                run.err().append("WARNING: version difference between client (1.").append(CLIENT_MINOR)
                        .append(") and server (").append(info.path("major").asText()).append('.').append(minor)
                        .append(") exceeds the supported minor version skew of +/-1\n");
            }
            run.finish(0);
        });
    }

    private static int parseMinor(String minor) {
        String digits = minor.replaceAll("\\D.*$", ""); // "27+" on some distributions
        return digits.isEmpty() ? CLIENT_MINOR : Integer.parseInt(digits);
    }
}
