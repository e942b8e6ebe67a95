package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code kubectl apply -f FILE}, client-side as kubectl's default: each object is read from the
 * server; a missing one is created with the last-applied-configuration annotation, an existing
 * one gets a three-way strategic merge patch ("configured") or nothing ("unchanged"). An object
 * that lacks the annotation is warned about and patched.
 */
// upstream: kubernetes/kubectl pkg/cmd/apply/apply.go (applyOneObject), patcher.go; apply/annotations.go
final class ApplyCommand implements Subcommand {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final String QUERY = "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";

    @Override
    public String name() {
        return "apply";
    }

    @Override
    public void declare(FlagSet flags) {
        flags.add("apply", CreateCommand.FILENAME);
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        if (flags.get(CreateCommand.FILENAME).isEmpty()) {
            run.fail("error: must specify one of -f and -k");
            return;
        }
        ManifestObject.readAll(run, flags.get(CreateCommand.FILENAME), targets -> apply(run, targets, 0, false));
    }

    private static void apply(Invocation run, List<ManifestObject> targets, int index, boolean failed) {
        if (index == targets.size()) {
            run.finish(failed ? 1 : 0);
            return;
        }
        ManifestObject target = targets.get(index);
        ObjectNode modified = withLastApplied(target.object());
        String path = target.mapping().objectPath(target.namespace(), target.name());
        run.send(HttpRequest.get(path).withHeader("Accept", "application/json"), current -> {
            if (current.error() instanceof ApiError a && a.code() == 404) {
                byte[] body = JsonPrinter.compact(modified).getBytes(StandardCharsets.UTF_8);
                run.send(HttpRequest.raw("POST", target.mapping().collectionPath(target.namespace()) + QUERY, body,
                        "application/json"), created -> {
                    if (created.isSuccess()) {
                        run.out().append(target.reference()).append(" created\n");
                        apply(run, targets, index + 1, failed);
                    } else {
                        report(run, CreateCommand.errorWhen(created.error(), created.url(),
                                "error when creating \"" + target.file() + "\": "));
                        apply(run, targets, index + 1, true);
                    }
                });
                return;
            }
            if (!current.isSuccess()) {
                report(run, CreateCommand.errorWhen(current.error(), current.url(),
                        "error when retrieving current configuration of:\n" + target.describeForErrors()
                                + "\nfrom server for: \"" + target.file() + "\": "));
                apply(run, targets, index + 1, true);
                return;
            }
            ObjectNode live = current.json();
            String lastApplied = live.path("metadata").path("annotations").path(LAST_APPLIED).asText("");
            if (lastApplied.isEmpty()) {
                run.err().append("Warning: resource ").append(target.mapping().resource()).append('/')
                        .append(target.name()).append(" is missing the ").append(LAST_APPLIED).append(" annotation "
                        + "which is required by kubectl apply. kubectl apply should only be used on resources "
                        + "created declaratively by either kubectl create --save-config or kubectl apply. The "
                        + "missing annotation will be patched automatically.\n");
            }
            ObjectNode patch = ThreeWayMerge.patch(parse(lastApplied), modified, live);
            if (patch.isEmpty()) {
                run.out().append(target.reference()).append(" unchanged\n");
                apply(run, targets, index + 1, failed);
                return;
            }
            byte[] body = Json.write(patch).getBytes(StandardCharsets.UTF_8);
            run.send(HttpRequest.raw("PATCH", path + QUERY, body, "application/strategic-merge-patch+json"),
                    patched -> {
                        if (patched.isSuccess()) {
                            run.out().append(target.reference()).append(" configured\n");
                            apply(run, targets, index + 1, failed);
                        } else {
                            report(run, CreateCommand.errorWhen(patched.error(), patched.url(),
                                    "error when applying patch:\n" + Json.write(patch) + "\nto:\n"
                                            + target.describeForErrors() + "\nfor: \"" + target.file() + "\": "));
                            apply(run, targets, index + 1, true);
                        }
                    });
        });
    }

    private static void report(Invocation run, String message) {
        run.err().append(message).append('\n');
    }

    /**
     * The object as apply sends it: the file's object, its JSON (without any old annotation, keys
     * sorted, a newline at the end) stored in the annotation. kubectl sets the annotations map
     * before encoding, so a file without annotations records {@code "annotations":{}}.
     */
    static ObjectNode withLastApplied(ObjectNode fromFile) {
        ObjectNode object = fromFile.deepCopy();
        ObjectNode annotations = object.with("metadata").with("annotations");
        annotations.remove(LAST_APPLIED);
        String applied = JsonPrinter.compact(object) + "\n";
        annotations.put(LAST_APPLIED, applied);
        return object;
    }

    private static JsonNode parse(String lastApplied) {
        if (lastApplied.isEmpty()) {
            return null;
        }
        try {
            return Json.mapper().readTree(lastApplied);
        } catch (IOException e) {
            return null; // kubectl treats an unreadable annotation as no original
        }
    }
}
