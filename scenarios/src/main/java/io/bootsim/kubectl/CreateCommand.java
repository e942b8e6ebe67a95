package io.bootsim.kubectl;

import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code kubectl create -f FILE}: every object of the files POSTed in order; an object that fails
 * is reported "error when creating" and the others still go; exit 1 if any failed.
 */
// upstream: kubernetes/kubectl pkg/cmd/create/create.go (RunCreate)
final class CreateCommand implements Subcommand {

    static final Flag<List<String>> FILENAME = Flag.of("filename", FlagType.STRING_SLICE, List.of(),
            "Filename, directory, or URL to files to use to create the resource").shorthand("f");

    @Override
    public String name() {
        return "create";
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add("create", FILENAME);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        if (flags.get(FILENAME).isEmpty()) {
            run.fail("error: must specify one of -f and -k");
            return;
        }
        ManifestObject.readAll(run, flags.get(FILENAME), targets -> create(run, targets, 0, false));
    }

    private static void create(Invocation run, List<ManifestObject> targets, int index, boolean failed) {
        if (index == targets.size()) {
            run.finish(failed ? 1 : 0);
            return;
        }
        ManifestObject target = targets.get(index);
        byte[] body = JsonPrinter.compact(target.object()).getBytes(StandardCharsets.UTF_8);
        run.send(HttpRequest.raw("POST", target.mapping().collectionPath(target.namespace())
                + "?fieldManager=kubectl-create&fieldValidation=Strict", body, "application/json"), result -> {
            if (result.isSuccess()) {
                run.out().append(target.reference()).append(" created\n");
                create(run, targets, index + 1, failed);
                return;
            }
            run.err().append(errorWhen(result.error(), result.url(), "error when creating \"" + target.file() + "\": "))
                    .append('\n');
            create(run, targets, index + 1, true);
        });
    }

    /** kubectl's wrapping of a request error with context, keeping the "Error from server (Reason)" prefix. */
    static String errorWhen(io.bootsim.core.http.ClientError error, String url, String context) {
        if (error instanceof io.bootsim.core.http.ApiError api) {
            String reason = api.reason() == null || api.reason().isEmpty() ? "" : " (" + api.reason() + ")";
            if ("Unauthorized".equals(api.reason())) {
                return "error: You must be logged in to the server (" + context + api.message() + ")";
            }
            return "Error from server" + reason + ": " + context + api.message();
        }
        return "error: " + context + Invocation.describe(error, url);
    }
}
