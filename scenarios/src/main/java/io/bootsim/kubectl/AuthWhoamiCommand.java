package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.http.ApiError;
import io.bootsim.core.http.HttpRequest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code kubectl auth whoami}: a SelfSubjectReview through authentication.k8s.io v1, then v1beta1,
 * then v1alpha1 while the server answers 404, printed as an ATTRIBUTE/VALUE table.
 */
// upstream: kubernetes/kubectl pkg/cmd/auth/whoami.go
final class AuthWhoamiCommand implements Subcommand {

    private static final List<String> VERSIONS = List.of("v1", "v1beta1", "v1alpha1");

    @Override
    public String name() {
        return "auth whoami";
    }

    @Override
    public void declare(FlagSet flags) {
        // only the global flags
    }

    @Override
    public void run(Invocation run, ParsedFlags flags, List<String> args) {
        review(run, 0);
    }

    private static void review(Invocation run, int version) {
        String apiVersion = "authentication.k8s.io/" + VERSIONS.get(version);
        ObjectNode body = Json.object();
        body.put("kind", "SelfSubjectReview");
        body.put("apiVersion", apiVersion);
        body.putObject("metadata").putNull("creationTimestamp");
        body.putObject("status").putObject("userInfo");
        run.send(HttpRequest.post("/apis/" + apiVersion + "/selfsubjectreviews", body), result -> {
            if (result.error() instanceof ApiError a && a.code() == 404) {
                if (version + 1 < VERSIONS.size()) {
                    review(run, version + 1);
                } else {
                    run.fail("error: the selfsubjectreviews API is not enabled in the cluster\nenable "
                            + "APISelfSubjectReview feature gate and authentication.k8s.io/v1alpha1 or authentication.k8s.io/v1beta1 API");
                }
                return;
            }
            if (!result.isSuccess()) {
                run.fail(result);
                return;
            }
            JsonNode user = result.json().path("status").path("userInfo");
            TabWriter writer = new TabWriter(run.out());
            writer.line("ATTRIBUTE\tVALUE");
            writer.line("Username\t" + user.path("username").asText(""));
            if (!user.path("uid").asText("").isEmpty()) {
                writer.line("UID\t" + user.path("uid").asText());
            }
            if (!user.path("groups").isEmpty()) {
                writer.line("Groups\t" + goList(user.path("groups")));
            }
            TreeMap<String, JsonNode> extra = new TreeMap<>();
            for (Iterator<String> it = user.path("extra").fieldNames(); it.hasNext(); ) {
                String key = it.next();
                extra.put(key, user.path("extra").get(key));
            }
            extra.forEach((k, v) -> writer.line("Extra: " + k + "\t" + goList(v)));
            writer.flush();
            run.finish(0);
        });
    }

    private static String goList(JsonNode values) {
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return "[" + String.join(" ", out) + "]";
    }
}
