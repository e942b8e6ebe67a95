package io.bootsim.kubectl;

import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code kubectl delete TYPE NAME...} (or {@code TYPE/NAME}): a background-propagation DELETE per
 * object, then one GET to see it gone (the apiserver deletes synchronously, so kubectl's wait ends
 * there). A missing object is an error unless {@code --ignore-not-found}; the rest still go.
 */
// upstream: kubernetes/kubectl pkg/cmd/delete/delete.go (DeleteResult, wait)
final class DeleteCommand implements Subcommand {

    private static final byte[] BODY = "{\"propagationPolicy\":\"Background\"}".getBytes(StandardCharsets.UTF_8);
    private static final Flag<Boolean> IGNORE_NOT_FOUND = Flag.of("ignore-not-found", FlagType.BOOL, false,
            "Treat \"resource not found\" as a successful delete.");

    @Override
    public String name() {
        return "delete";
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add("delete", IGNORE_NOT_FOUND);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        if (args.isEmpty()) {
            run.fail("error: You must provide one or more resources by argument or filename.\nExample resource "
                    + "specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n"
                    + "   '<resource>'");
            return;
        }
        ResourceArgs resource = ResourceArgs.of(args);
        List<String> names = resource.names();
        if (names.isEmpty()) {
            run.fail("error: resource(s) were provided, but no name was specified");
            return;
        }
        String typed = resource.type();
        Discovery.load(run, discovery -> discovery.resolve(typed).ifPresentOrElse(
                mapping -> delete(run, mapping, names, 0, flags.get(IGNORE_NOT_FOUND), false),
                () -> run.fail("error: the server doesn't have a resource type \"" + typed + "\"")));
    }

    private static void delete(Invocation run, ResourceMapping mapping, List<String> names, int index,
                               boolean ignoreNotFound, boolean failed) {
        if (index == names.size()) {
            run.finish(failed ? 1 : 0);
            return;
        }
        String name = names.get(index);
        String path = mapping.objectPath(mapping.namespaced() ? run.namespace() : "", name);
        run.send(HttpRequest.raw("DELETE", path, BODY, "application/json"), result -> {
            if (!result.isSuccess()) {
                boolean notFound = result.error() instanceof ApiError a && a.code() == 404;
                if (!(notFound && ignoreNotFound)) {
                    run.err().append(Invocation.describe(result.error(), result.url())).append('\n');
                }
                delete(run, mapping, names, index + 1, ignoreNotFound, failed || !(notFound && ignoreNotFound));
                return;
            }
            run.out().append(mapping.kindGroup()).append(" \"").append(name).append("\" deleted\n");
            // kubectl waits for the deletion; one read shows it done
            run.send(HttpRequest.get(path).withHeader("Accept", "application/json"),
                    gone -> delete(run, mapping, names, index + 1, ignoreNotFound, failed));
        });
    }
}
